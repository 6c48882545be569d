//! [`Row`]: one cleaned row of an export, in roster columns.

use super::headers::Column;

/// One cleaned row, in roster columns. An empty string is "not given"; `consent` is empty
/// only when the export has no consent column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row(pub(super) [String; 8]);

impl Row {
    pub fn get(&self, c: Column) -> &str {
        &self.0[c.index()]
    }

    pub fn set(&mut self, c: Column, v: impl Into<String>) {
        self.0[c.index()] = v.into();
    }
}
