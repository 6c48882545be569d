//! `privacy:` in site.yaml: the smallest group a published figure may be about.

use serde_yaml::Value;

use super::nested::{check_nested_keys, nested_number};
use crate::load::front_matter::Fields;

pub(super) fn read(f: &mut Fields) -> usize {
    let Some(raw) = f.raw("privacy") else {
        return 5;
    };
    match raw {
        Value::Mapping(m) => {
            check_nested_keys(f, "privacy", &m, &["min_group_size"]);
            nested_number(f, "privacy", &m, "min_group_size", 2).unwrap_or(5) as usize
        }
        _ => {
            f.wrong_type("privacy", "settings", "`privacy: {min_group_size: 5}`");
            5
        }
    }
}
