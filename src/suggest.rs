//! "Did you mean" suggestions for misspelled names: rule ids, config keys, severities.

/// The candidate closest to `input`, when it is close enough to be a likely typo.
///
/// Close enough means an edit distance (insertions, deletions, substitutions and
/// transpositions of adjacent characters) of at most a third of the input's length,
/// and at least 1 for short words; a candidate that starts with an input of three or
/// more characters (`warn` for `warning`) also counts as close.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_lower = input.to_lowercase();
    let limit = (input.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| {
            let candidate_lower = candidate.to_lowercase();
            let prefix =
                input_lower.chars().count() >= 3 && candidate_lower.starts_with(&input_lower);
            let distance = if prefix {
                1
            } else {
                edit_distance(&input_lower, &candidate_lower)
            };
            (distance, candidate)
        })
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Optimal string alignment distance between two strings, counted in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for (i, row) in table.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in table.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (table[(i - 1) * width + j] + 1)
                .min(table[i * width + j - 1] + 1)
                .min(table[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(table[(i - 2) * width + j - 2] + 1);
            }
            table[i * width + j] = best;
        }
    }
    table[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        let rules = ["complaint-phrasing", "missing-metric", "no-time-bound"];
        assert_eq!(
            did_you_mean("compliant-phrasing", rules),
            Some("complaint-phrasing")
        );
        assert_eq!(
            did_you_mean("missing-metrics", rules),
            Some("missing-metric")
        );
        assert_eq!(
            did_you_mean("warn", ["error", "warning", "info"]),
            Some("warning")
        );
        assert_eq!(did_you_mean("x", ["error", "warning", "info"]), None);
        assert_eq!(
            did_you_mean("warnign", ["error", "warning", "info"]),
            Some("warning")
        );
        assert_eq!(did_you_mean("totally-different", rules), None);
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("date", "data"), 1);
        assert_eq!(edit_distance("wtih", "with"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("durration", "duration"), 1);
    }
}
