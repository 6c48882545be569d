//! Rosters attached to their cohorts: stats over everyone, cards for those who consented,
//! nothing else; a roster without a cohort is an error.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, suggestion_hint};
use crate::hashing::HashMap;
use crate::load::Document;
use crate::load::roster::Roster;
use crate::model::Cohort;
use crate::model::stats::{self, CohortStats};

/// Attaches each roster to its cohort; returns the hub's member count, if it may be shown.
pub(super) fn attach(
    rosters: Vec<Roster>,
    cohorts: &mut [(Arc<Document>, Cohort)],
    cohort_t: &HashMap<String, usize>,
    k: usize,
    now: Timestamp,
    tz: &TimeZone,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let year = now.to_zoned_datetime(tz.clone()).year() as i32;
    let mut counts = vec![0usize; cohorts.len()];
    for r in rosters {
        match cohort_t.get(&r.slug) {
            Some(&ci) => {
                counts[ci] = r.members.len();
                let c = &mut cohorts[ci].1;
                c.stats = stats::cohort_stats(&r.members, k, year);
                c.public_members = r.members.into_iter().filter(|m| m.consent).collect();
            }
            None => {
                let names: Vec<&str> = cohort_t.keys().map(String::as_str).collect();
                diags.push(
                    Diagnostic::error(format!(
                        "this roster belongs to no cohort: there is no content/cohorts/{}.md",
                        r.slug
                    ))
                    .at(&r.file, Pos::new(1, 1))
                    .hint(format!(
                        "name the file after its cohort: {}",
                        suggestion_hint(&r.slug, "cohorts", &names)
                    )),
                );
            }
        }
    }
    let all_stats: Vec<CohortStats> = cohorts.iter().map(|c| c.1.stats.clone()).collect();
    stats::hub_total(&all_stats, k, &counts)
}
