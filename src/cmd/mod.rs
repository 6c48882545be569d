//! The command-line commands, one file each. Each returns the process exit code:
//! 0 success, 1 content errors, 2 wrong usage.

pub mod build;
pub mod check;
pub mod digest;
pub mod import;
pub mod init;
pub mod new;
pub mod new_lang;

use std::path::Path;

use crate::diagnostics::Diagnostics;

/// Prints every problem, sorted by file, then a count.
pub fn print_diagnostics(diags: &Diagnostics, root: &Path) {
    if diags.items().is_empty() {
        return;
    }
    eprintln!("{}", diags.render(root, crate::diagnostics::use_color()));
}
