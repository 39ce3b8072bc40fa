//! The file system, safely: bounded reads that never block (`read_limited`), safe
//! writes, and how paths and I/O errors are shown.
//!
//! Safe writes (SPEC §11.9): a write changes the *real* file a path names (through any
//! symlinks), keeps its mode and owner, and is atomic (a temporary file in the same
//! folder, created with the target's mode, flushed, then renamed over the target); a
//! read-only target is refused. Writers of one file are serialised by an advisory lock
//! on the file itself ([`Lock`]), so a read-modify-write under the lock loses no update.
//! Temporary files left by a killed run (`.NAME.imsplan-….tmp`) are removed by the next
//! write of the same file.
//!
//! The lock is `std::fs::File::lock` (`flock(2)` on Unix, `LockFileEx` on Windows):
//! advisory, released by the kernel when the process dies, even on `kill -9`.

use std::ffi::OsString;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Symlinks followed at most before giving up (as the kernel does).
const MAX_LINKS: usize = 40;

/// The file a write to `path` must change: `path` with every symlink followed (the
/// last target may not exist yet).
///
/// # Errors
/// When a link cannot be read or there are too many levels of links.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Why a write is refused: the file's mode allows no writing (`chmod a-w`).
#[derive(Debug, thiserror::Error)]
#[error("the file is read-only")]
pub struct ReadOnly;

/// True when an error is the refusal to write a read-only file.
#[must_use]
pub fn is_read_only(e: &io::Error) -> bool {
    e.get_ref()
        .is_some_and(<dyn std::error::Error + Send + Sync>::is::<ReadOnly>)
}

/// Same file (device and inode on Unix).
#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

/// Two paths name the same existing file (through links, `..`, hard links).
#[must_use]
pub fn same_path(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => same_file(&x, &y),
        _ => false,
    }
}

/// An exclusive advisory lock on a regular file, held until dropped. Everything that
/// writes a file through this module takes it, so writers of one file run one at a time.
pub struct Lock {
    file: File,
    real: PathBuf,
}

impl Lock {
    /// Wait for the exclusive lock on the file `path` names. The file must exist, be a
    /// regular file and be writable.
    ///
    /// # Errors
    /// When the file is missing, not a regular file, read-only, or cannot be opened.
    pub fn acquire(path: &Path) -> io::Result<Lock> {
        let real = resolve(path)?;
        loop {
            let meta = fs::metadata(&real)?;
            if !meta.is_file() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "not a regular file",
                ));
            }
            if meta.permissions().readonly() {
                return Err(io::Error::new(io::ErrorKind::PermissionDenied, ReadOnly));
            }
            let file = OpenOptions::new().read(true).write(true).open(&real)?;
            file.lock()?;
            // The file may have been replaced (renamed over) while this waited: the
            // lock is on the old one, so take it again on the file the path names now.
            if same_file(&file.metadata()?, &fs::metadata(&real)?) {
                return Ok(Lock { file, real });
            }
        }
    }

    /// The file's bytes now (read under the lock), at most `max` bytes.
    ///
    /// # Errors
    /// When the file cannot be read or is over `max` bytes.
    pub fn read(&mut self, max: u64) -> io::Result<Vec<u8>> {
        self.file.rewind()?;
        let mut bytes = Vec::new();
        (&self.file).take(max + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > max {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the file is over {max} bytes"),
            ));
        }
        Ok(bytes)
    }

    /// Replace the file's content with `bytes`, keeping mode and owner.
    ///
    /// # Errors
    /// When the folder is not writable, the disk is full, or the rename fails; the old
    /// content is then intact.
    pub fn replace(&self, bytes: &[u8]) -> io::Result<()> {
        replace(&self.real, &self.file.metadata()?, bytes)
    }
}

/// Write `bytes` to the file `path` names, atomically, through symlinks, keeping an
/// existing file's mode and owner and waiting for the lock of other writers.
///
/// # Errors
/// When the folder is missing or not writable, the file is read-only, the disk is full,
/// or the rename fails.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let real = resolve(path)?;
    match fs::metadata(&real) {
        // Special files (`/dev/full`, `/dev/null`, a FIFO) cannot be replaced by a
        // rename: write them directly so their own error (e.g. "no space left") surfaces.
        Ok(meta) if !meta.is_file() => {
            let mut f = OpenOptions::new().write(true).open(&real)?;
            f.write_all(bytes)?;
            f.flush()
        }
        Ok(_) => Lock::acquire(path)?.replace(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => create(&real, bytes),
        Err(e) => Err(e),
    }
}

/// The folder and file name of a path.
fn split(real: &Path) -> io::Result<(PathBuf, OsString)> {
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = real
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?
        .to_os_string();
    Ok((dir, name))
}

/// The prefix of this tool's temporary files for a file name.
fn temp_prefix(name: &OsString) -> String {
    format!(".{}.imsplan-", name.to_string_lossy())
}

/// Remove temporary files of `name` left by a killed run. A live writer holds a lock
/// on its temporary file, so a file whose lock can be taken has no writer any more.
fn clean_stale(dir: &Path, name: &OsString) {
    let prefix = temp_prefix(name);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let n = file_name.to_string_lossy();
        let Some(rest) = n.strip_prefix(&prefix) else {
            continue;
        };
        let Some(id) = rest.strip_suffix(".tmp") else {
            continue;
        };
        if !id.chars().all(|c| c.is_ascii_digit() || c == '-')
            || !entry.file_type().is_ok_and(|t| t.is_file())
        {
            continue;
        }
        let path = entry.path();
        let Ok(f) = File::open(&path) else { continue };
        if f.try_lock().is_ok() {
            let _ = fs::remove_file(&path);
        }
    }
}

/// A new temporary file beside `real`, locked, created with `mode` (Unix permissions)
/// so it is never readable by more people than the target.
///
/// # Errors
/// When the folder is not writable.
pub fn create_temp(real: &Path, mode: Option<u32>) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let (dir, name) = split(real)?;
    loop {
        let tmp = dir.join(format!(
            "{}{}-{}.tmp",
            temp_prefix(&name),
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if let Some(m) = mode {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(m & 0o777);
        }
        #[cfg(not(unix))]
        let _ = mode;
        match options.open(&tmp) {
            Ok(f) => {
                f.lock()?;
                return Ok((tmp, f));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
}

/// Write a temporary file and rename it over `real`; on failure remove it.
fn via_temp(real: &Path, meta: Option<&Metadata>, bytes: &[u8]) -> io::Result<()> {
    let (dir, name) = split(real)?;
    clean_stale(&dir, &name);
    #[cfg(unix)]
    let mode = meta.map(|m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()));
    #[cfg(not(unix))]
    let mode = None;
    let (tmp, mut f) = create_temp(real, mode)?;
    let result = (|| {
        f.write_all(bytes)?;
        if let Some(meta) = meta {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                let now = f.metadata()?;
                if (now.uid(), now.gid()) != (meta.uid(), meta.gid()) {
                    std::os::unix::fs::fchown(&f, Some(meta.uid()), Some(meta.gid()))?;
                }
            }
            // After the owner: changing it may clear set-id bits.
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()?;
        fs::rename(&tmp, real)?;
        // Make the rename itself durable (best effort: not every system syncs folders).
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Replace an existing regular file (the caller holds its [`Lock`]).
fn replace(real: &Path, meta: &Metadata, bytes: &[u8]) -> io::Result<()> {
    if in_place_only(meta) {
        return in_place(real, bytes);
    }
    match via_temp(real, Some(meta), bytes) {
        // The owner cannot be kept by a new file (another user's file this user may
        // write), or the folder takes no new file: edit the file itself.
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => in_place(real, bytes),
        other => other,
    }
}

/// A file with several hard links is edited in place: a rename would split them.
#[cfg(unix)]
fn in_place_only(meta: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

#[cfg(not(unix))]
fn in_place_only(_: &Metadata) -> bool {
    false
}

/// Overwrite the file's content (not atomic: used only where a rename would lose the
/// owner or split hard links).
fn in_place(real: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = OpenOptions::new().write(true).open(real)?;
    f.write_all(bytes)?;
    f.set_len(bytes.len() as u64)?;
    f.sync_all()
}

/// Create a file that does not exist yet (atomically, default mode).
fn create(real: &Path, bytes: &[u8]) -> io::Result<()> {
    #[cfg(unix)]
    let default = Some(0o666);
    #[cfg(not(unix))]
    let default = None;
    let (dir, name) = split(real)?;
    clean_stale(&dir, &name);
    let (tmp, mut f) = create_temp(real, default)?;
    let result = (|| {
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, real)
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
    let file = File::open(path).map_err(|e| ReadError::Io(io_reason(&e)))?;
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
