//! "Did you mean ...?": the known name nearest to a misspelt one.

/// The candidate nearest to `word` in edit distance, if one is near enough to be a typo:
/// at most a third of the word's length apart (at least 2), ties going to the first.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let allowed = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .filter(|candidate| *candidate != word)
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, in characters; case differences count half as much (rounded down).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len() * 2).step_by(2).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![(i + 1) * 2];
        for (j, b_char) in b.iter().enumerate() {
            let cost = if a_char == *b_char {
                0
            } else if a_char.eq_ignore_ascii_case(b_char) {
                1
            } else {
                2
            };
            let substitution = previous[j] + cost;
            current.push(substitution.min(previous[j + 1] + 2).min(current[j] + 2));
        }
        previous = current;
    }
    previous[b.len()] / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_its_word_and_a_stranger_finds_nothing() {
        let files = ["start/views.py", "solution/views.py", "diagram.svg"];
        assert_eq!(closest("start/veiws.py", files), Some("start/views.py"));
        assert_eq!(
            closest("solution/view.py", files),
            Some("solution/views.py")
        );
        assert_eq!(closest("models.py", files), None);
        assert_eq!(
            closest("set_cokie", ["set_cookie", "delete_cookie"]),
            Some("set_cookie")
        );
        assert_eq!(
            closest("httpresponse", ["HttpResponse"]),
            Some("HttpResponse")
        );
    }
}
