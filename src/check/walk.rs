//! Finding the plan files of a run: paths given on the command line, directories walked
//! (hidden entries skipped, symbolic links followed only inside the walked root, each
//! directory once, linear in the tree), duplicates removed.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::fsutil::{display_path, io_reason};
use crate::load::Limits;

/// Why the files to check could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    /// A path given does not exist or cannot be read.
    #[error("cannot read `{path}`: {reason}")]
    Unreadable {
        /// The path.
        path: String,
        /// Why.
        reason: String,
    },
    /// A symbolic link met in a directory walk that is not followed.
    #[error("symbolic link `{path}` not followed: {reason}")]
    LinkRefused {
        /// The link.
        path: String,
        /// Why.
        reason: String,
    },
    /// A directory holds no plan file.
    #[error("no `*.yaml` or `*.yml` file in `{0}`")]
    NoPlans(String),
    /// Too many files.
    #[error("more than {0} plan files; raise `--max-files` or check fewer paths")]
    TooMany(usize),
}

fn is_plan_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// A path without `.` components or a trailing separator (`./plans/` → `plans`). Only
/// lexical: `..` is kept, since a symlink may stand before it.
#[must_use]
pub fn normalize(path: &Path) -> PathBuf {
    let out: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// One input of a run: a plan file to check, or a path that could not be searched.
#[derive(Debug)]
pub struct Input {
    /// The path (normalized, see [`normalize`]).
    pub path: PathBuf,
    /// Why the path could not be searched, when it could not.
    pub problem: Option<PathError>,
}

/// Expand paths into the sorted, de-duplicated list of inputs: plan files, and the paths
/// that could not be read (a missing path, an unreadable or empty directory) so that they
/// become findings of the run. A file named directly is always checked; directories are
/// searched recursively for `*.yaml`/`*.yml` (hidden entries skipped). A symbolic link
/// met in a walk is followed only to a regular file or a directory inside the walked
/// root (SPEC §11.9): a link out of it (to `/proc/self/environ`, a credentials file, a
/// device) is never opened and becomes a finding when it is named like a plan or leads to
/// a directory. Each directory is visited once, so a loop cannot hang the walk, and the
/// walk is linear in the tree (no per-level `canonicalize`). The same file reached twice
/// (`plans plans/x.yaml`, `./plans plans`, a symlink) is listed once.
///
/// # Errors
/// More plan files than the limit allows.
pub fn gather(paths: &[PathBuf], limits: &Limits) -> Result<Vec<Input>, PathError> {
    let mut found: Vec<Input> = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        let path = normalize(path);
        match fs::metadata(&path) {
            Err(e) => found.push(Input {
                problem: Some(PathError::Unreadable {
                    path: display_path(&path),
                    reason: io_reason(&e),
                }),
                path,
            }),
            Ok(meta) if meta.is_dir() => {
                // Named twice, or inside a folder already searched: nothing new there.
                if visited.contains(&dir_id(&path, &meta)) {
                    continue;
                }
                let before = found.len();
                let mut walk = Walk {
                    root: fs::canonicalize(&path).ok(),
                    out: &mut found,
                    visited: &mut visited,
                    limits,
                };
                walk.dir(&path, &meta)?;
                if found.len() == before {
                    found.push(Input {
                        problem: Some(PathError::NoPlans(display_path(&path))),
                        path,
                    });
                }
            }
            Ok(_) => found.push(Input {
                path,
                problem: None,
            }),
        }
        if found.len() > limits.max_files {
            return Err(PathError::TooMany(limits.max_files));
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    let mut seen = HashSet::new();
    found.retain(|input| {
        let key = if input.problem.is_some() {
            input.path.clone()
        } else {
            fs::canonicalize(&input.path).unwrap_or_else(|_| input.path.clone())
        };
        seen.insert((key, input.problem.is_some()))
    });
    Ok(found)
}

/// The identity of a directory: device and inode where there are such, else its real path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum DirId {
    #[cfg_attr(not(unix), allow(dead_code))]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

#[cfg(unix)]
fn dir_id(_path: &Path, meta: &fs::Metadata) -> DirId {
    use std::os::unix::fs::MetadataExt;
    DirId::Inode(meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn dir_id(path: &Path, _meta: &fs::Metadata) -> DirId {
    DirId::Path(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// One directory walk from a root given on the command line.
struct Walk<'a> {
    /// The root's real path; `None` when it has none (then no link is followed).
    root: Option<PathBuf>,
    out: &'a mut Vec<Input>,
    visited: &'a mut HashSet<DirId>,
    limits: &'a Limits,
}

impl Walk<'_> {
    fn dir(&mut self, dir: &Path, meta: &fs::Metadata) -> Result<(), PathError> {
        // Each directory once: a symlink loop (or two links to one folder) ends here.
        if !self.visited.insert(dir_id(dir, meta)) {
            return Ok(());
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.out.push(Input {
                    path: dir.to_path_buf(),
                    problem: Some(PathError::Unreadable {
                        path: display_path(dir),
                        reason: io_reason(&e),
                    }),
                });
                return Ok(());
            }
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            self.entry(&entry)?;
            if self.out.len() > self.limits.max_files {
                return Err(PathError::TooMany(self.limits.max_files));
            }
        }
        Ok(())
    }

    fn entry(&mut self, entry: &fs::DirEntry) -> Result<(), PathError> {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            return Ok(());
        };
        if kind.is_dir() {
            if let Ok(meta) = entry.metadata() {
                self.dir(&path, &meta)?;
            }
        } else if kind.is_symlink() {
            self.link(path)?;
        } else if is_plan_file(&path) {
            self.out.push(Input {
                path,
                problem: None,
            });
        }
        Ok(())
    }

    /// A symbolic link: followed only to a regular file or directory inside the root.
    fn link(&mut self, path: PathBuf) -> Result<(), PathError> {
        let Ok(meta) = fs::metadata(&path) else {
            // A dangling link (or a loop) named like a plan is reported when it is read.
            if is_plan_file(&path) {
                self.out.push(Input {
                    path,
                    problem: None,
                });
            }
            return Ok(());
        };
        let inside = match (&self.root, fs::canonicalize(&path)) {
            (Some(root), Ok(real)) => real.starts_with(root),
            _ => false,
        };
        let wanted = meta.is_dir() || is_plan_file(&path);
        if !inside || !(meta.is_dir() || meta.is_file()) {
            if wanted {
                let reason = if inside {
                    "not a regular file or directory"
                } else {
                    "it leads outside the folder being searched"
                };
                self.out.push(Input {
                    problem: Some(PathError::LinkRefused {
                        path: display_path(&path),
                        reason: reason.to_owned(),
                    }),
                    path,
                });
            }
            return Ok(());
        }
        if meta.is_dir() {
            self.dir(&path, &meta)
        } else {
            if is_plan_file(&path) {
                self.out.push(Input {
                    path,
                    problem: None,
                });
            }
            Ok(())
        }
    }
}
