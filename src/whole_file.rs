//! A whole file read into memory kept per thread: the content files `load` reads and the
//! previous output's pages `output` compares with are tens of thousands of small files, and a
//! new buffer for each (`fs::read`, which also asks the size again) was new memory for all of
//! their bytes.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Read};

/// A buffer grown past this by one big file is not kept for the next.
const KEEP: usize = 1 << 20;

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Calls `with` on the bytes of `file` from where it stands to its end; `len` is its size as
/// the caller found it (from the open file's metadata). Read with room for one byte more, so
/// that one `read` returns the whole file and the next says it ended (a file that grew since
/// is read whole).
pub fn with_bytes<T>(file: &mut File, len: u64, with: impl FnOnce(&[u8]) -> T) -> io::Result<T> {
    BUFFER.with_borrow_mut(|buf| {
        let read = read_to_end(file, len, buf).map(|size| with(&buf[..size]));
        if buf.len() > KEEP {
            *buf = Vec::new();
        }
        read
    })
}

fn read_to_end(file: &mut File, len: u64, buf: &mut Vec<u8>) -> io::Result<usize> {
    let room = usize::try_from(len).unwrap_or(usize::MAX - 1) + 1;
    let mut size = 0;
    loop {
        if buf.len() < size + room {
            buf.resize(size + room, 0);
        }
        match file.read(&mut buf[size..]) {
            Ok(0) => return Ok(size),
            Ok(n) => size += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_whole_whatever_size_was_said() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let text: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        // The size the caller knew, too small (the file grew) or right: the bytes are the file's.
        for said in [0, 10, 5000] {
            let mut file = File::open(&path).unwrap();
            let got = with_bytes(&mut file, said, <[u8]>::to_vec).unwrap();
            assert_eq!(got, text, "size said {said}");
        }
        // A shorter file after a longer one: only its own bytes.
        std::fs::write(&path, b"short").unwrap();
        let mut file = File::open(&path).unwrap();
        assert_eq!(with_bytes(&mut file, 5, <[u8]>::to_vec).unwrap(), b"short");
    }
}
