//! Output folders that never cost the user a file.
//!
//! Every command that writes a folder of results (`check --out`, `overlaps --out` …) goes
//! through [`OutputDir`]:
//!
//! - **Only its own folders are replaced.** A folder sanxian writes carries a marker file
//!   ([`MARKER`]); an existing folder without it (the user's own files, the draft itself,
//!   `--out .` in a project folder) is refused before anything is written, unless it is empty.
//! - **The replace is crash-safe.** Results are written into a fresh sibling folder, flushed to
//!   disk (files and folder `fsync`ed), and then swapped with the old folder in one atomic
//!   `renameat2(RENAME_EXCHANGE)` on Linux: at every instant the folder holds either the old
//!   complete report or the new one. Elsewhere (or on file systems without the exchange) the
//!   old folder is renamed aside and the new one into place; a run killed between the two
//!   renames leaves the old folder aside, and the next run puts it back before it starts.
//! - **Two runs into one folder** do not interleave: a lock file beside the folder names the
//!   process that holds it; a second run refuses while that process lives, and takes over a
//!   lock whose process is gone.
//! - Leftovers of killed runs (temporary and set-aside folders whose process is gone) are
//!   removed when the next run starts.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{escaped, Error, Result};

/// The marker file of a folder sanxian wrote.
pub const MARKER: &str = ".sanxian-output";

/// A results folder being written; see the [module documentation](self).
#[derive(Debug)]
pub struct OutputDir {
    target: PathBuf,
    staging: PathBuf,
    lock: PathBuf,
    command: String,
    committed: bool,
}

/// The sibling paths of `target`: parent, and the prefix of every name derived from it.
fn siblings(target: &Path) -> Result<(PathBuf, String)> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Output {
            path: target.to_path_buf(),
            message:
                "is not a folder name sanxian can write (give a new or a sanxian output folder)"
                    .into(),
        })?;
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    Ok((parent, name))
}

/// Is there a live process with this id? (Linux: /proc; elsewhere assumed alive, so that a
/// lock is never stolen on a guess.)
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc_root = Path::new("/proc");
    if proc_root.join("self").exists() {
        return proc_root.join(pid.to_string()).exists();
    }
    true
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

/// Was `dir` written by sanxian?
pub fn is_sanxian_output(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

/// Checks, before any work, that `target` could be written: it is new, empty, or a folder
/// sanxian wrote, and no other live run holds it. Nothing is created.
///
/// # Errors
/// As [`OutputDir::create`].
pub fn preflight(target: &Path) -> Result<()> {
    let target = named(target)?;
    let (parent, name) = siblings(&target)?;
    let lock = parent.join(format!(".{name}.sanxian-lock"));
    if let Some(pid) = fs::read_to_string(&lock)
        .ok()
        .and_then(|t| t.trim().parse::<u32>().ok())
    {
        if pid != std::process::id() && alive(pid) {
            return Err(Error::Output {
                path: target.clone(),
                message: format!(
                    "another sanxian run (process {pid}) is writing it; wait for that run to finish (lock file {})",
                    escaped(&lock)
                ),
            });
        }
    }
    refuse_foreign(&target)
}

/// `target` with a last component that names it (`.` and `..` resolved).
fn named(target: &Path) -> Result<PathBuf> {
    // `.` and `..` have no name to put a sibling beside: use the folder's real path.
    let named = matches!(
        target.components().next_back(),
        Some(std::path::Component::Normal(_))
    );
    if named {
        Ok(target.to_path_buf())
    } else {
        fs::canonicalize(target).map_err(io(target))
    }
}

impl OutputDir {
    /// Starts writing the results of `command` for `target`.
    ///
    /// # Errors
    /// [`Error::Output`] when `target` is a file, or a non-empty folder sanxian did not
    /// write, or another live run holds it; I/O errors creating the staging folder.
    pub fn create(target: &Path, command: &str) -> Result<OutputDir> {
        let target = named(target)?;
        let (parent, name) = siblings(&target)?;
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        let lock = parent.join(format!(".{name}.sanxian-lock"));
        take_lock(&lock, &target)?;
        let started = (|| {
            restore_set_aside(&parent, &name, &target)?;
            remove_leftovers(&parent, &name)?;
            refuse_foreign(&target)?;
            let staging = parent.join(format!(".{name}.sanxian-new-{}", std::process::id()));
            if staging.exists() {
                fs::remove_dir_all(&staging).map_err(io(&staging))?;
            }
            fs::create_dir(&staging).map_err(io(&staging))?;
            Ok(staging)
        })();
        match started {
            Ok(staging) => Ok(OutputDir {
                target,
                staging,
                lock,
                command: command.to_string(),
                committed: false,
            }),
            Err(e) => {
                let _ = fs::remove_file(&lock);
                Err(e)
            }
        }
    }

    /// The folder to write the results into (a staging folder until [`OutputDir::commit`]).
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// The folder the results will be in.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the results in place: marks the staging folder as sanxian's, flushes it to disk and
    /// swaps it with the old folder (see the [module documentation](self)).
    ///
    /// # Errors
    /// I/O errors; the old folder is then still in place.
    pub fn commit(mut self) -> Result<()> {
        let marker = self.staging.join(MARKER);
        // The marker lists what sanxian wrote, so that a later run replaces only that.
        let mut files: Vec<String> = fs::read_dir(&self.staging)
            .map_err(io(&self.staging))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let text = serde_json::json!({
            "written_by": "sanxian",
            "version": env!("CARGO_PKG_VERSION"),
            "command": self.command,
            "files": files,
        })
        .to_string()
            + "\n";
        fs::write(&marker, text).map_err(io(&marker))?;
        sync_tree(&self.staging)?;
        let (parent, name) = siblings(&self.target)?;
        if fs::symlink_metadata(&self.target).is_err() {
            fs::rename(&self.staging, &self.target).map_err(io(&self.target))?;
        } else if !exchange(&self.staging, &self.target) {
            // Two renames; a run killed between them is repaired by the next one
            // (`restore_set_aside`).
            let aside = parent.join(format!(".{name}.sanxian-old-{}", std::process::id()));
            fs::rename(&self.target, &aside).map_err(io(&self.target))?;
            fs::rename(&self.staging, &self.target).map_err(io(&self.target))?;
            fs::remove_dir_all(&aside).map_err(io(&aside))?;
        } else {
            // The old folder now sits at the staging path.
            fs::remove_dir_all(&self.staging).map_err(io(&self.staging))?;
        }
        sync_dir(&parent);
        self.committed = true;
        Ok(())
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
        let _ = fs::remove_file(&self.lock);
    }
}

/// Swaps two paths atomically where the OS can (Linux `renameat2`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

fn take_lock(lock: &Path, target: &Path) -> Result<()> {
    for _ in 0..2 {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(lock)
        {
            Ok(mut f) => {
                let _ = writeln!(f, "{}", std::process::id());
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = fs::read_to_string(lock)
                    .ok()
                    .and_then(|t| t.trim().parse::<u32>().ok());
                match holder {
                    Some(pid) if alive(pid) => {
                        return Err(Error::Output {
                            path: target.to_path_buf(),
                            message: format!(
                                "another sanxian run (process {pid}) is writing it; wait for that run to finish (lock file {})",
                                escaped(lock)
                            ),
                        })
                    }
                    // The run that held it is gone (or left an empty lock): take it over.
                    _ => fs::remove_file(lock).map_err(io(lock))?,
                }
            }
            Err(e) => return Err(Error::io(lock, e)),
        }
    }
    Err(Error::Output {
        path: target.to_path_buf(),
        message: format!("cannot take the lock file {}", escaped(lock)),
    })
}

/// The pid in a name `.{name}.sanxian-{kind}-{pid}`.
fn pid_of(file: &str, prefix: &str) -> Option<u32> {
    file.strip_prefix(prefix)?.parse().ok()
}

/// A run killed between its two renames left the old folder aside and none in place: put it
/// back.
fn restore_set_aside(parent: &Path, name: &str, target: &Path) -> Result<()> {
    if fs::symlink_metadata(target).is_ok() {
        return Ok(());
    }
    let prefix = format!(".{name}.sanxian-old-");
    let mut aside: Vec<PathBuf> = Vec::new();
    for e in fs::read_dir(parent).map_err(io(parent))?.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        if pid_of(&file, &prefix).is_some_and(|p| !alive(p)) {
            aside.push(e.path());
        }
    }
    aside.sort();
    if let Some(last) = aside.last() {
        fs::rename(last, target).map_err(io(target))?;
    }
    Ok(())
}

/// Staging and set-aside folders of runs that are gone.
fn remove_leftovers(parent: &Path, name: &str) -> Result<()> {
    let prefixes = [
        format!(".{name}.sanxian-new-"),
        format!(".{name}.sanxian-old-"),
    ];
    for e in fs::read_dir(parent).map_err(io(parent))?.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let stale = prefixes
            .iter()
            .any(|p| pid_of(&file, p).is_some_and(|pid| !alive(pid)));
        if stale && is_sanxian_output_or_staging(&e.path()) {
            fs::remove_dir_all(e.path()).map_err(io(&e.path()))?;
        }
    }
    Ok(())
}

/// A leftover is removed only if it is a folder (a staging folder may lack the marker when the
/// run died before commit).
fn is_sanxian_output_or_staging(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())
}

fn refuse_foreign(target: &Path) -> Result<()> {
    let Ok(meta) = fs::symlink_metadata(target) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(Error::Output {
            path: target.to_path_buf(),
            message: "exists and is not a folder; give a new folder for the results".into(),
        });
    }
    if is_sanxian_output(target) {
        return refuse_added(target);
    }
    let empty = fs::read_dir(target).map_err(io(target))?.next().is_none();
    if empty {
        return Ok(());
    }
    Err(Error::Output {
        path: target.to_path_buf(),
        message: format!(
            "is a folder that sanxian did not write (no {MARKER} in it); it is left as it is: give a new folder, or one sanxian wrote before"
        ),
    })
}

/// A folder sanxian wrote, holding entries it did not write (a user's notes put in it): those
/// would go with the old results, so the folder is refused, naming them. Markers of versions
/// that did not list their files are taken as they are.
fn refuse_added(target: &Path) -> Result<()> {
    let text = fs::read_to_string(target.join(MARKER)).unwrap_or_default();
    let Some(files) = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("files").and_then(|f| f.as_array()).cloned())
    else {
        return Ok(());
    };
    let written: Vec<&str> = files.iter().filter_map(|f| f.as_str()).collect();
    let mut added: Vec<String> = fs::read_dir(target)
        .map_err(io(target))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != MARKER && !written.contains(&n.as_str()))
        .collect();
    if added.is_empty() {
        return Ok(());
    }
    added.sort();
    Err(Error::Output {
        path: target.to_path_buf(),
        message: format!(
            "holds results sanxian wrote and also entries it did not write ({}); they are left as they are: move them out, or give another folder",
            added.join(", ")
        ),
    })
}

fn sync_tree(dir: &Path) -> Result<()> {
    for e in fs::read_dir(dir).map_err(io(dir))? {
        let e = e.map_err(io(dir))?;
        let p = e.path();
        if e.file_type().map_err(io(&p))?.is_dir() {
            sync_tree(&p)?;
        } else {
            fs::File::open(&p)
                .and_then(|f| f.sync_all())
                .map_err(io(&p))?;
        }
    }
    sync_dir(dir);
    Ok(())
}

/// Flushes a folder's entries (where the OS allows opening a folder).
fn sync_dir(dir: &Path) {
    if let Ok(f) = fs::File::open(dir) {
        let _ = f.sync_all();
    }
}
