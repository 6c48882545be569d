//! The processed-image cache kept between builds in `.kehila-cache/images/` (beside
//! `site.yaml`, git-ignored by `kehila init`): one file per source content and operation, so
//! an unchanged photo is never decoded again, whatever its name or page.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Bumped when the processing changes, so old results are not served for new settings.
const VERSION: u32 = 1;

/// The folder of the cache inside a hub.
pub const DIR: &str = ".kehila-cache/images";

/// The hash of a source's bytes (the cache key's first half).
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = crate::hashing::key_hasher();
    bytes.hash(&mut h);
    h.finish()
}

/// Where the result of a piece of work (a source's hash and an operation, or a card) lives.
pub fn file(dir: &Path, work: impl Hash, ext: &str) -> PathBuf {
    let mut h = crate::hashing::key_hasher();
    (VERSION, work).hash(&mut h);
    dir.join(format!("{:016x}.{ext}", h.finish()))
}

/// Writes a result so that no reader (another build, a serve request) sees half a file.
pub fn store(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!(
        "tmp{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
