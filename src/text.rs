//! [`Text`]: the texts of a plan, borrowed from the runbook's templates or sharing one buffer
//! per plan.

use std::borrow::{Borrow, Cow};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, Range};
use std::sync::Arc;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A text of a plan: a step's id, title, command, node or note, or a placeholder's name.
///
/// Read it as a `&str` (it dereferences to one, and has [`Text::as_str`]); it compares,
/// hashes, prints and serializes as its text, so two `Text`s are equal when their texts are.
///
/// Most of a runbook is the templates' fixed text, which a plan borrows; the texts the
/// runbook fills in (versions, site values, step ids) are written into one buffer per plan
/// and share it. A plan of hundreds of steps costs a few allocations rather than one per
/// text, and cloning a `Text` never copies it.
///
/// ```
/// use mirantis_upgrade_planner::plan::Text;
///
/// let text = Text::from(String::from("docker pull alpine:latest"));
/// assert_eq!(text, "docker pull alpine:latest");
/// assert!(text.starts_with("docker"));
/// assert_eq!(Text::from("fixed").as_str(), "fixed");
/// ```
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// Text that lives as long as the program (a template's).
    Fixed(&'static str),
    /// A span of a buffer shared with other texts.
    Shared {
        buffer: Arc<str>,
        start: u32,
        end: u32,
    },
}

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Fixed(text) => text,
            // The span was checked against the buffer when the text was made.
            Repr::Shared { buffer, start, end } => buffer
                .get(*start as usize..*end as usize)
                .unwrap_or_default(),
        }
    }

    /// The span `range` of `buffer`, sharing it; `None` when the range is not a span of
    /// the buffer's text (out of bounds, not on character boundaries, or beyond 4 GiB).
    pub(crate) fn shared(buffer: &Arc<str>, range: Range<usize>) -> Option<Text> {
        buffer.get(range.clone())?;
        Some(Text(Repr::Shared {
            buffer: Arc::clone(buffer),
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        }))
    }

    /// A copy of `text`, in a buffer of its own.
    fn copied(text: &str) -> Text {
        let buffer: Arc<str> = Arc::from(text);
        // A text beyond 4 GiB keeps no span; none such reaches a plan (the loaders' limits).
        Text::shared(&buffer, 0..text.len()).unwrap_or_default()
    }

    /// The part of this text at `range` (a range of [`Text::as_str`]), sharing its storage;
    /// `None` when the range is not a span of the text.
    pub(crate) fn slice(&self, range: Range<usize>) -> Option<Text> {
        match &self.0 {
            Repr::Fixed(text) => text.get(range).map(|part| Text(Repr::Fixed(part))),
            Repr::Shared { buffer, start, .. } => {
                self.as_str().get(range.clone())?;
                let start = *start as usize;
                Text::shared(
                    buffer,
                    start.checked_add(range.start)?..start.checked_add(range.end)?,
                )
            }
        }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Default for Text {
    fn default() -> Text {
        Text(Repr::Fixed(""))
    }
}

impl From<&'static str> for Text {
    fn from(text: &'static str) -> Text {
        Text(Repr::Fixed(text))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::copied(&text)
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Text {
        Text::copied(text)
    }
}

impl From<Cow<'static, str>> for Text {
    fn from(text: Cow<'static, str>) -> Text {
        match text {
            Cow::Borrowed(text) => Text::from(text),
            Cow::Owned(text) => Text::from(text),
        }
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.as_str().to_owned()
    }
}

/// Joins texts, as `String` joins `&str`s and `Cow`s.
impl FromIterator<Text> for String {
    fn from_iter<I: IntoIterator<Item = Text>>(texts: I) -> String {
        let mut joined = String::new();
        for text in texts {
            joined.push_str(&text);
        }
        joined
    }
}

impl<'t> FromIterator<&'t Text> for String {
    fn from_iter<I: IntoIterator<Item = &'t Text>>(texts: I) -> String {
        texts.into_iter().map(Text::as_str).collect()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        /// Copies the text once, into the `Text`'s own buffer.
        struct Copy;

        impl Visitor<'_> for Copy {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text::copied(text))
            }
        }

        deserializer.deserialize_str(Copy)
    }
}

impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        String::json_schema(generator)
    }
}

/// Appends `value` in decimal without the `fmt` machinery, as `serde_json` (through `itoa`)
/// does: a plan has a number in every step id.
pub(crate) fn push_decimal(out: &mut String, mut value: u64) {
    // Filled from the end; a `u64` has at most 20 digits, so the loop ends on `value == 0`.
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    for (at, slot) in digits.iter_mut().enumerate().rev() {
        // A remainder of division by 10 fits in a byte.
        #[allow(clippy::cast_possible_truncation)]
        let digit = (value % 10) as u8;
        *slot = b'0'.saturating_add(digit);
        start = at;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for &digit in digits.iter().skip(start) {
        out.push(char::from(digit));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Text;

    #[test]
    fn decimals_are_written_as_display_writes_them() {
        for value in [0, 7, 10, 99, 100, 1_234_567, u64::MAX] {
            let mut out = String::from("hop-");
            super::push_decimal(&mut out, value);
            assert_eq!(out, format!("hop-{value}"));
        }
    }

    #[test]
    fn texts_compare_by_their_text_whatever_holds_it() {
        let buffer: Arc<str> = Arc::from("hop-1/backup-msr and more");
        let shared = Text::shared(&buffer, 0..16).unwrap();
        assert_eq!(shared, Text::from("hop-1/backup-msr"));
        assert_eq!(shared, Text::from(String::from("hop-1/backup-msr")));
        assert_eq!(shared.as_str(), "hop-1/backup-msr");
        assert_eq!(
            format!("{shared} {shared:?}"),
            "hop-1/backup-msr \"hop-1/backup-msr\""
        );
        let (fixed, copied) = (Text::from("a"), Text::from(String::from("b")));
        assert!(fixed < copied);
        assert_eq!(fixed.cmp(&copied), "a".cmp("b"));
    }

    #[test]
    fn spans_outside_the_text_or_across_a_character_are_refused() {
        let buffer: Arc<str> = Arc::from("é and <mke-url>");
        assert!(Text::shared(&buffer, 0..1).is_none(), "inside 'é'");
        assert!(Text::shared(&buffer, 3..100).is_none(), "past the end");
        let text = Text::shared(&buffer, 3..buffer.len()).unwrap();
        assert_eq!(text.slice(4..13).unwrap(), "<mke-url>");
        assert!(text.slice(4..40).is_none());
        assert_eq!(Text::from("fixed text").slice(6..10).unwrap(), "text");
    }

    #[test]
    fn a_text_serializes_and_reads_back_as_a_json_string() {
        let text = Text::from(String::from("line\n\"quoted\""));
        let json = serde_json::to_string(&text).unwrap();
        assert_eq!(json, r#""line\n\"quoted\"""#);
        let back: Text = serde_json::from_str(&json).unwrap();
        assert_eq!(back, text);
        assert!(serde_json::from_str::<Text>("42").is_err());
    }
}
