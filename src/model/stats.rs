//! Cohort statistics that never single anyone out: each figure shown describes at least `k` =
//! `privacy.min_group_size` people, and so does anything derived from the figures shown
//! together.
//!
//! Computed over every member, consenting or not. A total minus the cities shown is the
//! "other" group, so "other" is either empty or at least `k` too.

use crate::load::roster::Member;

/// Aggregates for one cohort, safe to publish.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CohortStats {
    /// The member count, or `None` when fewer than `k` (then only "fewer than k" is said).
    pub members: Option<usize>,
    /// Cities with at least `k` members, largest first (ties by name).
    pub cities: Vec<(String, usize)>,
    /// Everyone else (smaller cities and no city given); 0 or at least `k`.
    pub other: usize,
    /// Average age in whole years, when at least `k` members gave a birth year.
    pub average_age: Option<u32>,
    /// True when there is a roster at all.
    pub has_roster: bool,
}

pub fn cohort_stats(members: &[Member], k: usize, year: i32) -> CohortStats {
    let n = members.len();
    if n == 0 {
        return CohortStats::default();
    }
    let mut stats = CohortStats {
        has_roster: true,
        ..Default::default()
    };
    if n < k {
        return stats;
    }
    stats.members = Some(n);

    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for m in members {
        if let Some(c) = &m.city {
            *counts.entry(c.as_str()).or_default() += 1;
        }
    }
    let mut shown: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|(_, c)| *c >= k)
        .map(|(name, c)| (name.to_string(), c))
        .collect();
    shown.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    // "other" = total − shown cities. If it is a small group, fold the smallest shown city into
    // it until it is big enough (or nothing is shown).
    let mut other = n - shown.iter().map(|c| c.1).sum::<usize>();
    while other > 0 && other < k {
        match shown.pop() {
            Some((_, c)) => other += c,
            None => break,
        }
    }
    if shown.is_empty() {
        other = 0;
    }
    stats.cities = shown;
    stats.other = other;

    let ages: Vec<i32> = members
        .iter()
        .filter_map(|m| m.birth_year)
        .map(|y| year - y)
        .filter(|a| (0..130).contains(a))
        .collect();
    if ages.len() >= k {
        let sum: i64 = ages.iter().map(|&a| a as i64).sum();
        stats.average_age = Some(((sum as f64) / (ages.len() as f64)).round() as u32);
    }
    stats
}

/// The hub-wide member total, shown only if no cohort's hidden count can be derived from it.
pub fn hub_total(per_cohort: &[CohortStats], k: usize, counts: &[usize]) -> Option<usize> {
    let hidden: usize = per_cohort
        .iter()
        .zip(counts)
        .filter(|(s, _)| s.members.is_none())
        .map(|(_, c)| *c)
        .sum();
    let total: usize = counts.iter().sum();
    if total < k || (hidden > 0 && hidden < k) {
        return None;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(city: Option<&str>, year: Option<i32>) -> Member {
        Member {
            name: "x".into(),
            city: city.map(str::to_string),
            birth_year: year,
            consent: false,
            bio: None,
            link: None,
        }
    }

    #[test]
    fn small_cohort_shows_no_figures() {
        let s = cohort_stats(&vec![m(Some("a"), Some(2000)); 4], 5, 2026);
        assert_eq!(s.members, None);
        assert!(s.cities.is_empty());
        assert_eq!(s.average_age, None);
        assert!(s.has_roster);
    }

    #[test]
    fn single_member_city_folds_into_other_and_other_is_never_small() {
        let mut v = vec![m(Some("חיפה"), Some(1998)); 6];
        v.push(m(Some("אילת"), Some(1990)));
        let s = cohort_stats(&v, 5, 2026);
        assert_eq!(s.members, Some(7));
        // other would be 1 (אילת): too small, so חיפה folds in and nothing per city is shown.
        assert!(s.cities.is_empty());
        assert_eq!(s.other, 0);

        let mut v = vec![m(Some("חיפה"), None); 6];
        v.extend(vec![m(Some("עכו"), None); 5]);
        v.push(m(Some("אילת"), None));
        v.push(m(None, None));
        let s = cohort_stats(&v, 5, 2026);
        // other = אילת + no city = 2 < 5: the smallest shown city (עכו, 5) joins it.
        assert_eq!(s.cities, vec![("חיפה".to_string(), 6)]);
        assert_eq!(s.other, 7);
        assert_eq!(s.members, Some(13));
    }

    #[test]
    fn average_age_only_with_enough_birth_years() {
        let mut v = vec![m(None, Some(2000)); 4];
        v.push(m(None, None));
        assert_eq!(cohort_stats(&v, 5, 2026).average_age, None);
        v.push(m(None, Some(1990)));
        assert_eq!(cohort_stats(&v, 5, 2026).average_age, Some(28));
    }

    #[test]
    fn hub_total_hides_a_derivable_small_cohort() {
        let big = CohortStats {
            members: Some(10),
            has_roster: true,
            ..Default::default()
        };
        let small = CohortStats {
            has_roster: true,
            ..Default::default()
        };
        assert_eq!(hub_total(&[big.clone(), small.clone()], 5, &[10, 3]), None);
        assert_eq!(
            hub_total(&[big.clone(), small.clone(), small], 5, &[10, 3, 3]),
            Some(16)
        );
        assert_eq!(hub_total(&[big], 5, &[10]), Some(10));
    }
}
