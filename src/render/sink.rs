//! Where finished files go as they are made: a build hands each page and feed to a [`Sink`]
//! the moment it is rendered (`output::Staging` writes it to disk); `serve` keeps them in
//! memory instead ([`Collect`]). So a big hub's pages never sit in memory together.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Receives the site's files; called from many threads at once.
pub trait Sink: Sync {
    /// One whole file.
    fn put(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;

    /// A big file, written through `write` as it is made.
    fn put_streamed(
        &self,
        path: &Path,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()>;
}

/// Keeps every file in memory, in the order they arrived.
#[derive(Default)]
pub struct Collect(Mutex<Vec<(PathBuf, Vec<u8>)>>);

impl Collect {
    pub fn into_files(self) -> Vec<(PathBuf, Vec<u8>)> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_path_buf(), bytes.to_vec()));
        Ok(())
    }

    fn put_streamed(
        &self,
        path: &Path,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_path_buf(), bytes));
        Ok(())
    }
}
