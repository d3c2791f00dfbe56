//! Did-you-mean for an unknown field name, among the names its object allows.
//!
//! The typos that cost integrators hours are case (`countrycode`), snake_case
//! (`country_code`), a dropped or doubled letter and a transposition; siblings are few
//! (median 3, at most 28), so every candidate is measured.

/// The sibling `typo` most likely meant, or None when none is close enough.
///
/// Ranking: a name equal ignoring case, then equal ignoring case and `_`/`-`, then the
/// smallest optimal-string-alignment distance (Damerau–Levenshtein with adjacent
/// transpositions) on the lowercased names: at most 1 edit for names of up to 4
/// characters, 2 for longer ones. Ties go to the candidate sharing the longest prefix,
/// then to the first in name order.
pub fn did_you_mean<'a>(
    typo: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower: Vec<char> = typo.chars().flat_map(char::to_lowercase).collect();
    let folded: Vec<char> = lower
        .iter()
        .copied()
        .filter(|c| *c != '_' && *c != '-')
        .collect();
    let limit = if lower.len() <= 4 { 1 } else { 2 };
    let mut best: Option<(usize, usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == typo {
            continue;
        }
        let cand: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        // Rank 0: case only; 1: case and separators; then 2 + edits.
        let rank = if cand == lower {
            0
        } else if cand
            .iter()
            .copied()
            .filter(|c| *c != '_' && *c != '-')
            .eq(folded.iter().copied())
        {
            1
        } else {
            // A length gap beyond the limit cannot come within it.
            if cand.len().abs_diff(lower.len()) > limit {
                continue;
            }
            let d = osa_distance(&lower, &cand);
            if d > limit {
                continue;
            }
            2 + d
        };
        let prefix = lower.iter().zip(&cand).take_while(|(a, b)| a == b).count();
        let better = match best {
            None => true,
            Some((r, p, name)) => {
                (rank, usize::MAX - prefix, candidate) < (r, usize::MAX - p, name)
            }
        };
        if better {
            best = Some((rank, prefix, candidate));
        }
    }
    best.map(|(_, _, name)| name)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// two adjacent characters, each one edit. Two rows of the matrix plus the one before.
pub fn osa_distance(a: &[char], b: &[char]) -> usize {
    let n = b.len();
    let mut before: Vec<usize> = vec![0; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur: Vec<usize> = vec![0; n + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[n]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn distance_counts_a_transposition_as_one_edit() {
        assert_eq!(osa_distance(&chars("ab"), &chars("ba")), 1);
        assert_eq!(
            osa_distance(&chars("countryCode"), &chars("countyrCode")),
            1
        );
        assert_eq!(osa_distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(osa_distance(&chars(""), &chars("abc")), 3);
        assert_eq!(osa_distance(&chars("abc"), &chars("")), 3);
    }

    const ADDRESS: &[&str] = &[
        "additionalInfo",
        "city",
        "countryCode",
        "houseNumber",
        "state",
        "stateCode",
        "street",
        "zip",
    ];

    #[test]
    fn case_and_snake_case_typos_find_the_field() {
        assert_eq!(
            did_you_mean("countrycode", ADDRESS.iter().copied()),
            Some("countryCode")
        );
        assert_eq!(
            did_you_mean("COUNTRYCODE", ADDRESS.iter().copied()),
            Some("countryCode")
        );
        assert_eq!(
            did_you_mean("country_code", ADDRESS.iter().copied()),
            Some("countryCode")
        );
        assert_eq!(
            did_you_mean("house-number", ADDRESS.iter().copied()),
            Some("houseNumber")
        );
    }

    #[test]
    fn one_or_two_edits_find_the_field() {
        assert_eq!(
            did_you_mean("contryCode", ADDRESS.iter().copied()),
            Some("countryCode")
        );
        assert_eq!(
            did_you_mean("countyrCode", ADDRESS.iter().copied()),
            Some("countryCode")
        );
        assert_eq!(
            did_you_mean("streeet", ADDRESS.iter().copied()),
            Some("street")
        );
        assert_eq!(did_you_mean("ctiy", ADDRESS.iter().copied()), Some("city"));
        assert_eq!(did_you_mean("zipp", ADDRESS.iter().copied()), Some("zip"));
    }

    #[test]
    fn case_match_outranks_a_closer_edit() {
        // `statecode` is one edit from `state`+`code`… but equal to stateCode ignoring case.
        assert_eq!(
            did_you_mean("statecode", ADDRESS.iter().copied()),
            Some("stateCode")
        );
        // `stat` is one edit from `state` only.
        assert_eq!(did_you_mean("stat", ADDRESS.iter().copied()), Some("state"));
    }

    #[test]
    fn far_names_get_no_suggestion() {
        assert_eq!(did_you_mean("postalCode", ADDRESS.iter().copied()), None);
        assert_eq!(did_you_mean("ab", ADDRESS.iter().copied()), None);
        assert_eq!(did_you_mean("", ADDRESS.iter().copied()), None);
    }

    #[test]
    fn ties_prefer_the_longer_shared_prefix() {
        // `stateX` is one substitution from `states`… not a field; from `state` one deletion
        // and from `street` two: the closest wins.
        assert_eq!(
            did_you_mean("stateX", ADDRESS.iter().copied()),
            Some("state")
        );
        assert_eq!(did_you_mean("ab", ["aa", "bb"]), Some("aa"));
    }
}
