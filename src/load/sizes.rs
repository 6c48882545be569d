//! How big an input kehila accepts (the errors are in `limits.rs`): plain numbers with no
//! imports, so the diagnostics printer can refuse to read an oversized file too.

/// 50 MB: a hundred times the longest real post; a bigger file is a paste gone wrong.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Blocks and inline elements inside one another (quotes in lists in quotes…, emphasis in
/// links…); real text stays under ten.
pub const MAX_NESTING: usize = 100;
