//! How one render runs ([`Run`]): where it reports progress and sends a build's files, and
//! for a hub's other language what lies outside its own folder ([`Outside`]).

use std::sync::Arc;

use super::sink::Sink;
use crate::hashing::HashSet;
use crate::progress::Progress;

/// Where a render reports progress, sends a build's pages and feeds, and (for a hub's other
/// language) what lies outside its own folder.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    pub progress: &'a Progress,
    pub sink: Option<&'a dyn Sink>,
    pub outside: Option<&'a Outside>,
}

/// For a language other than the default, what lies outside its own folder: `/join/` in a
/// translation leads to the default language's page when there is no translation.
#[derive(Debug, Clone)]
pub struct Outside {
    /// The language's folder (`ar`): a link under it is checked against its own files.
    pub own: String,
    /// Files of the site made before this language (the default language's, then the
    /// languages rendered earlier, each under its folder).
    pub files: Arc<HashSet<String>>,
    /// Folders of the languages made after this one: their files are not known yet, so a
    /// link into them is not checked.
    pub later: Vec<String>,
}
