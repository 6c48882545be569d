//! One page as the render hands it on ([`Page`]): path, key, bytes and problems, and its
//! link-preview image ([`Preview`]).

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::Diagnostics;

/// A finished page: its key (0 unless kept), its bytes (None if rendering failed or it went
/// to the sink) and its problems.
pub type CachedPage = (u64, Option<Arc<Vec<u8>>>, Diagnostics);

/// One page: its path; its key, bytes (`None` if it failed or went to the sink) and problems;
/// whether it was rendered now (not kept); whether it went to the sink.
pub type Page = (PathBuf, CachedPage, bool, bool);

/// A page's link-preview image (site URL) and its size.
pub type Preview = (Option<String>, Option<super::images::ImageInfo>);
