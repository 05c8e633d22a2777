//! Did-you-mean: the known names closest to a misspelt one.

/// The known name closest to `name` by edit distance, when it is close enough to be a typo
/// (at most a third of the longer name's length, and at least one edit).
pub(super) fn nearest_name(name: &str, known: &[String]) -> Option<String> {
    known
        .iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, candidate)| {
            *distance
                <= name
                    .chars()
                    .count()
                    .max(candidate.chars().count())
                    .div_ceil(3)
        })
        .min()
        .map(|(_, candidate)| candidate.clone())
}

/// Up to `count` known names closest to `name` by edit distance, closest first.
pub(crate) fn nearest_names(name: &str, known: &[String], count: usize) -> Vec<String> {
    let mut ranked: Vec<(usize, &String)> = known
        .iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .collect();
    ranked.sort();
    ranked
        .into_iter()
        .take(count)
        .map(|(_, candidate)| candidate.clone())
        .collect()
}

/// The Levenshtein distance between two strings, by characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // The distances from a prefix of `a` to each prefix of `b`, one row per character of `a`.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = Vec::with_capacity(row.len());
        previous.push(i.saturating_add(1));
        for ((cb, diagonal), above) in b.iter().zip(&row).zip(row.iter().skip(1)) {
            let left = previous.last().copied().unwrap_or(usize::MAX);
            let substitution = diagonal.saturating_add(usize::from(ca != *cb));
            previous.push(
                above
                    .saturating_add(1)
                    .min(left.saturating_add(1))
                    .min(substitution),
            );
        }
        row = previous;
    }
    row.last().copied().unwrap_or(0)
}
