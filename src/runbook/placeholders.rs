//! The `<name>` placeholders the steps of a plan still carry, each with what to put there
//! (from the templates' list) and the steps that use it.

use std::ops::Range;

use super::templates::PLACEHOLDERS;
use crate::plan::{Placeholder, Step};
use crate::text::Text;

/// The placeholders the steps still carry, each with what to put there and the steps that
/// use it, in order of first use.
pub(crate) fn placeholders(steps: &[Step]) -> Vec<Placeholder> {
    // Each placeholder found, with its name and the last step listed for it. A plan has a
    // score of distinct placeholders, so a linear search beats hashing every occurrence.
    let mut found: Vec<(&str, usize, Placeholder)> = Vec::new();
    for (number, step) in steps.iter().enumerate() {
        let texts = [
            Some(&step.title),
            step.command.as_ref(),
            step.node.as_ref(),
            step.note.as_ref(),
        ];
        for text in texts.into_iter().flatten() {
            let written = text.as_str();
            for span in placeholder_spans(written) {
                let Some(name) = written.get(span.clone()) else {
                    continue;
                };
                match found.iter_mut().find(|(known, ..)| *known == name) {
                    // Steps come in order: a step already listed is the last one.
                    Some((_, last, _)) if *last == number => {}
                    Some((_, last, placeholder)) => {
                        *last = number;
                        placeholder.steps.push(step.id.clone());
                    }
                    None => {
                        let mut new = placeholder(text.slice(span).unwrap_or_default());
                        new.steps.push(step.id.clone());
                        found.push((name, number, new));
                    }
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(_, _, placeholder)| placeholder)
        .collect()
}

/// A placeholder the steps carry, with its meaning (none for a name the runbook does not
/// know, which the runbook lint keeps out of the templates), and no steps yet.
fn placeholder(name: Text) -> Placeholder {
    let meaning = PLACEHOLDERS
        .iter()
        .find(|(known, _)| *known == &*name)
        .map_or_else(Text::default, |(_, meaning)| Text::from(*meaning));
    Placeholder {
        name,
        meaning,
        steps: Vec::new(),
    }
}

/// The `<name>` placeholders in a text: lowercase letters, digits and hyphens between angle
/// brackets (so `$(<env.sh)` and `< file` are not placeholders). The plan's text is mostly
/// prose without placeholders, so the `<`s are found with `memchr` (vectorised).
pub(crate) fn placeholder_names(text: &str) -> impl Iterator<Item = &str> {
    placeholder_spans(text).filter_map(|span| text.get(span))
}

/// The placeholders of [`placeholder_names`], as ranges of the text.
fn placeholder_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'<', bytes).filter_map(move |start| {
        let (_, rest) = bytes.get(start..)?.split_first()?;
        // Names are short: a `>` further than this closes something else.
        let end = rest.iter().take(64).position(|b| *b == b'>')?;
        let name = rest.get(..end)?;
        let well_formed = name.first().is_some_and(u8::is_ascii_lowercase)
            && name
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-');
        // The `<`, the name and the `>`.
        let span_end = start.checked_add(end)?.checked_add(2)?;
        well_formed.then_some(start..span_end)
    })
}

#[cfg(test)]
mod tests {
    use super::placeholder_names;

    #[test]
    fn placeholders_are_angle_bracketed_names() {
        let names: Vec<&str> =
            placeholder_names("cd <client-bundle-dir> && eval \"$(<env.sh)\" < file <Up> <a1-b>")
                .collect();
        assert_eq!(names, ["<client-bundle-dir>", "<a1-b>"]);
        // A `<` at the end, an unclosed one, and names next to multi-byte characters.
        for (text, expected) in [
            ("<", &[][..]),
            ("x <", &[]),
            ("<a", &[]),
            ("<>", &[]),
            ("<é>", &[]),
            ("é<a-b>é<c>", &["<a-b>", "<c>"]),
        ] {
            assert_eq!(
                placeholder_names(text).collect::<Vec<_>>(),
                expected,
                "{text}"
            );
        }
    }
}
