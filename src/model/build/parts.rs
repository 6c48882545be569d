//! What one post file gives before references are resolved ([`PostParts`]): its entry and
//! dates, made once per document and shareable between runs of `serve`.

use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::model::dates::When;
use crate::model::entry::Entry;

/// What a post file gives before references are resolved: its entry and dates.
pub struct PostParts {
    pub(super) entry: Option<Arc<Entry>>,
    pub(super) date: When,
    pub(super) time: jiff::Timestamp,
    pub(super) updated: Option<When>,
    pub(super) expires: Option<When>,
    pub(super) job: Option<std::sync::Arc<crate::model::job::Job>>,
    pub(super) diags: Diagnostics,
}
