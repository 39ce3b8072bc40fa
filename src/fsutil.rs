//! The file system, safely: bounded reads that never block (`read_limited`), atomic
//! writes, and how paths and I/O errors are shown.
//!
//! Atomic writes: a temporary file in the target's folder, flushed and synced, then
//! renamed over the target. On any failure the old file is intact and the temporary
//! file is removed, so no partial file is ever left.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically.
///
/// # Errors
/// When the folder is missing or not writable, the disk is full, or the rename fails.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // Special files (`/dev/full`, `/dev/null`, a FIFO) cannot be replaced by a rename:
    // write them directly so their own error (e.g. "no space left") surfaces.
    if let Ok(meta) = fs::metadata(path)
        && !meta.is_file()
    {
        let mut f = fs::OpenOptions::new().write(true).open(path)?;
        f.write_all(bytes)?;
        return f.flush();
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let tmp = dir.join(format!(
        ".{}.imsplan-{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = fs::metadata(path) {
            let _ = fs::set_permissions(&tmp, meta.permissions());
        }
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Display form of a path: as given, with `/` separators.
#[must_use]
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map_or(s.clone(), str::to_owned)
}

/// A short reason for an I/O error, lower case.
#[must_use]
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    let s = s.split(" (os error").next().unwrap_or(&s).to_owned();
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// Read a plan file without ever blocking or reading past the size limit: only regular
/// files are opened (a FIFO or a device is refused before `open`).
///
/// # Errors
/// Why the file cannot be read.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path).map_err(|e| ReadError::Io(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(ReadError::Io("is a directory".into()));
    }
    if !meta.is_file() {
        return Err(ReadError::Io("not a regular file".into()));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let file = fs::File::open(path).map_err(|e| ReadError::Io(io_reason(&e)))?;
    let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ReadError::Io(io_reason(&e)))?;
    if buf.len() as u64 > max {
        return Err(ReadError::TooLarge(buf.len() as u64));
    }
    Ok(buf)
}

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// An I/O problem (reason, lower case).
    Io(String),
    /// Over the size limit (actual size).
    TooLarge(u64),
}
