//! Folders beside the output that a build leaves behind: the previous output it moved aside
//! (deleted later, in the background when big) and those of builds killed while writing.

use std::io;
use std::path::Path;

/// Old outputs with more files than this are deleted after kehila has finished (by a
/// background process, see [`remove_old`]): on a big site deleting the previous tree takes
/// longer than writing the new one, and nobody needs to wait for it.
pub const BACKGROUND_DELETE_FILES: usize = 2000;

/// Whether `dir` is a previous output that kehila moved aside (`.NAME.kehila-old-PID`).
fn is_old_output(dir: &Path) -> Option<u32> {
    let name = dir.file_name()?.to_str()?;
    let (_, pid) = name.strip_prefix('.')?.rsplit_once(".kehila-old-")?;
    pid.parse().ok()
}

/// Deletes a previous output moved aside by [`write`]; refuses anything else.
pub fn remove_old(dir: &Path) -> io::Result<()> {
    if is_old_output(dir).is_none() {
        return Err(io::Error::other("not a previous kehila output"));
    }
    // Take the folder over under this process's id, so a later build sees a live owner and
    // leaves it alone instead of deleting it a second time.
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let base = name
        .rsplit_once(".kehila-old-")
        .map(|(b, _)| b)
        .unwrap_or(name);
    let mine = dir.with_file_name(format!("{base}.kehila-old-{}", std::process::id()));
    let target = if std::fs::rename(dir, &mine).is_ok() {
        mine
    } else {
        dir.to_path_buf()
    };
    std::fs::remove_dir_all(target)
}

/// Folders left beside the output by builds whose process is gone: previous outputs whose
/// background deletion did not finish, and staging folders of builds killed while writing
/// (`.NAME.kehila-new-PID`, which every build into an existing output now uses). Best effort.
pub(super) fn remove_abandoned(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let pid = if file.starts_with(&format!(".{name}.kehila-old-")) {
            is_old_output(&path)
        } else {
            file.strip_prefix(&format!(".{name}.kehila-new-"))
                .and_then(|p| p.parse::<u32>().ok())
        };
        if let Some(pid) = pid {
            let alive = Path::new("/proc").join(pid.to_string()).exists();
            if !alive && Path::new("/proc/self").exists() {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
    }
}
