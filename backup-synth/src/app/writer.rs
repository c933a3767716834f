//! Writing a cloud assembly to disk without ever losing a user's files.
//!
//! * **Proof of ownership.** An existing directory is replaced only when it is empty or provably
//!   a cloud assembly this writer wrote ([`prove_own`]): its `manifest.json` has exactly the keys
//!   written here (`version`, a semantic version, and `artifacts`, each of type
//!   `aws:cloudformation:stack` with `templateFile` `<id>.template.json`), and the directory
//!   holds nothing but that manifest and those templates, as regular files. Anything else (a web
//!   app's `manifest.json`, a CDK `cdk.out` with `tree.json`, a file added by hand) is refused
//!   with the path and the reason.
//! * **Crash safety.** The new assembly is written to a hidden sibling `.<name>.new-<pid>-<n>`,
//!   every file and the directory are fsynced, and the sibling then takes the target's place in
//!   one atomic step (`renameat2(RENAME_EXCHANGE)` on Linux; a plain `rename` when the target is
//!   missing or empty). At every instant the target holds the complete old or the complete new
//!   assembly. Where the file system cannot exchange (or on other systems), two renames are used
//!   and a crash between them leaves the old assembly in the sibling, never lost.
//! * **Leftovers.** Siblings of interrupted runs (a process that is no longer running, holding
//!   only assembly files) are removed by the next run; only the files they are proven to hold
//!   are deleted.
//! * **Permissions.** Write access to the target (needed to delete the old assembly) is checked
//!   before anything moves; write access to the parent is proven by creating the sibling.
//! * **Symlinks.** A target that is a symlink to a directory is written through: the directory
//!   it points to is replaced (under the same proof), the link is kept. A dangling link or a
//!   link to a file is refused, saying so.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use super::{AppError, MANIFEST_VERSION, STACK_ARTIFACT_TYPE};

/// The largest `manifest.json` read while proving ownership; ours are a few hundred bytes per
/// stack, so a larger one is not ours (and is not read into memory).
const MANIFEST_READ_LIMIT: u64 = 16 * 1024 * 1024;

/// The file name of the manifest.
const MANIFEST: &str = "manifest.json";

/// Writes `files` (name, contents) as the assembly at `dir` (see the module docs).
pub(super) fn write_assembly(
    dir: &Path,
    files: &[(String, impl AsRef<str>)],
) -> Result<(), AppError> {
    let target = resolve(dir)?;
    let owned = match &target {
        Target::Missing(_) => Vec::new(),
        Target::Existing(path) => prove_own(path)
            .map_err(|e| e.into_app_error(path))?
            .into_iter()
            .collect(),
    };
    let path = target.path();
    let (parent, name) = parent_and_name(path)?;
    if !owned.is_empty() {
        check_writable(path)?;
    }
    fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    remove_leftovers(&parent, &name);
    let staging = create_staging(&parent, &name)?;
    if let Err(error) = write_files(&staging, files) {
        remove_files(&staging, files.iter().map(|(file, _)| file.as_str()));
        return Err(error);
    }
    let swapped = if owned.is_empty() {
        replace_missing_or_empty(&staging, path)
    } else {
        exchange(&staging, path, &parent, &name)
    };
    if let Err(error) = swapped {
        remove_files(&staging, files.iter().map(|(file, _)| file.as_str()));
        return Err(error);
    }
    sync_dir(&parent).map_err(io_error(&parent))?;
    // `staging` now holds the old assembly: delete exactly the files proven ours.
    remove_files(&staging, owned.iter().map(String::as_str));
    Ok(())
}

/// The target as found on disk.
enum Target {
    /// Nothing at the path: it is created.
    Missing(PathBuf),
    /// A directory (reached through symlinks, resolved to its real path).
    Existing(PathBuf),
}

impl Target {
    fn path(&self) -> &Path {
        match self {
            Target::Missing(path) | Target::Existing(path) => path,
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> AppError {
    let path = path.to_path_buf();
    move |source| AppError::Io { path, source }
}

fn refuse(path: &Path, reason: impl Into<String>) -> AppError {
    AppError::NotAnAssembly {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Classifies `dir`, following a symlink to a directory.
fn resolve(dir: &Path) -> Result<Target, AppError> {
    let metadata = match fs::symlink_metadata(dir) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Target::Missing(dir.to_path_buf()))
        }
        Err(e) => return Err(io_error(dir)(e)),
    };
    if metadata.file_type().is_symlink() {
        let link = fs::read_link(dir).map_err(io_error(dir))?;
        return match fs::metadata(dir) {
            Ok(followed) if followed.is_dir() => canonical(dir),
            Ok(_) => Err(refuse(
                dir,
                format!(
                    "it is a symlink to `{}`, which is not a directory",
                    link.display()
                ),
            )),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(refuse(
                dir,
                format!(
                    "it is a symlink to `{}`, which does not exist",
                    link.display()
                ),
            )),
            Err(e) => Err(io_error(dir)(e)),
        };
    }
    if metadata.is_dir() {
        canonical(dir)
    } else {
        Err(refuse(dir, "it is a file, not a directory"))
    }
}

/// `.`, `out/..` and symlinks name no directory entry to replace: use the real path.
fn canonical(dir: &Path) -> Result<Target, AppError> {
    dir.canonicalize()
        .map(Target::Existing)
        .map_err(io_error(dir))
}

fn parent_and_name(path: &Path) -> Result<(PathBuf, String), AppError> {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Err(AppError::Io {
            path: path.to_path_buf(),
            source: io::Error::new(
                io::ErrorKind::InvalidInput,
                "the path names no directory entry (it ends in `..` or is not UTF-8)",
            ),
        });
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name.to_string()))
}

/// Why a directory is not provably ours.
#[derive(Debug)]
pub(super) enum Disproof {
    /// The reason, for the user.
    Foreign(String),
    /// The directory could not be read.
    Io(io::Error),
}

impl Disproof {
    fn into_app_error(self, path: &Path) -> AppError {
        match self {
            Disproof::Foreign(reason) => refuse(path, reason),
            Disproof::Io(source) => io_error(path)(source),
        }
    }
}

impl From<io::Error> for Disproof {
    fn from(error: io::Error) -> Self {
        Disproof::Io(error)
    }
}

/// Proves that `dir` is empty or an assembly this writer wrote; returns the files it holds
/// (empty for an empty directory).
pub(super) fn prove_own(dir: &Path) -> Result<Vec<String>, Disproof> {
    let manifest_path = dir.join(MANIFEST);
    let owned = match fs::symlink_metadata(&manifest_path) {
        Ok(m) if m.is_file() => {
            let mut files = manifest_files(&read_manifest(&manifest_path)?)?;
            files.push(MANIFEST.to_string());
            files
        }
        Ok(_) => {
            return Err(Disproof::Foreign(format!(
                "`{MANIFEST}` is not a regular file"
            )))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let file_name = entry.file_name();
        let name = file_name.to_string_lossy();
        if owned.is_empty() {
            return Err(Disproof::Foreign(format!(
                "it has no `{MANIFEST}` and holds `{name}`"
            )));
        }
        if !owned.iter().any(|f| *f == name) {
            return Err(Disproof::Foreign(format!(
                "it holds `{name}`, which backup-dsl did not write"
            )));
        }
        if !entry.file_type()?.is_file() {
            return Err(Disproof::Foreign(format!("`{name}` is not a regular file")));
        }
    }
    Ok(owned)
}

fn read_manifest(path: &Path) -> Result<Value, Disproof> {
    let mut text = String::new();
    let read = File::open(path)?
        .take(MANIFEST_READ_LIMIT + 1)
        .read_to_string(&mut text);
    let foreign =
        || Disproof::Foreign(format!("its `{MANIFEST}` is not a cloud assembly manifest"));
    match read {
        Ok(n) if n as u64 > MANIFEST_READ_LIMIT => return Err(foreign()),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::InvalidData => return Err(foreign()),
        Err(e) => return Err(e.into()),
    }
    serde_json::from_str(&text).map_err(|_| foreign())
}

/// The template files a manifest names, when it is exactly what [`super::CloudAssembly`]
/// writes.
fn manifest_files(manifest: &Value) -> Result<Vec<String>, Disproof> {
    let not_ours = |what: String| {
        Disproof::Foreign(format!(
            "its `{MANIFEST}` is not one backup-dsl writes ({what})"
        ))
    };
    let Some(object) = manifest.as_object() else {
        return Err(not_ours("not a JSON object".into()));
    };
    if let Some(key) = object
        .keys()
        .find(|k| !matches!(k.as_str(), "version" | "artifacts"))
    {
        return Err(not_ours(format!("unexpected key `{key}`")));
    }
    match object.get("version").and_then(Value::as_str) {
        Some(version) if is_semver(version) => {}
        _ => return Err(not_ours(format!("no `version` like `{MANIFEST_VERSION}`"))),
    }
    let Some(artifacts) = object.get("artifacts").and_then(Value::as_object) else {
        return Err(not_ours("no `artifacts` object".into()));
    };
    let mut files = Vec::with_capacity(artifacts.len());
    for (id, artifact) in artifacts {
        files.push(artifact_file(id, artifact).map_err(not_ours)?);
    }
    Ok(files)
}

/// The template file of one artifact written by [`super::StackArtifact::manifest_entry`].
fn artifact_file(id: &str, artifact: &Value) -> Result<String, String> {
    let expected = format!("{id}.template.json");
    let object = artifact
        .as_object()
        .ok_or_else(|| format!("artifact `{id}` is not an object"))?;
    if let Some(key) = object.keys().find(|k| {
        !matches!(
            k.as_str(),
            "type" | "environment" | "properties" | "displayName" | "dependencies"
        )
    }) {
        return Err(format!("artifact `{id}` has key `{key}`"));
    }
    if object.get("type").and_then(Value::as_str) != Some(STACK_ARTIFACT_TYPE) {
        return Err(format!(
            "artifact `{id}` is not of type `{STACK_ARTIFACT_TYPE}`"
        ));
    }
    let template = object
        .get("properties")
        .and_then(|p| p.get("templateFile"))
        .and_then(Value::as_str);
    if template != Some(expected.as_str()) || id.contains(['/', '\\']) || id.starts_with('.') {
        return Err(format!(
            "artifact `{id}` does not name its template `{expected}`"
        ));
    }
    Ok(expected)
}

/// `MAJOR.MINOR.PATCH`, digits only.
fn is_semver(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The old assembly's files are deleted after the swap: that needs write and search access to
/// the target directory. Checked before anything moves.
fn check_writable(dir: &Path) -> Result<(), AppError> {
    #[cfg(unix)]
    {
        use rustix::fs::{access, Access};
        access(dir, Access::WRITE_OK | Access::EXEC_OK).map_err(|errno| AppError::Io {
            path: dir.to_path_buf(),
            source: io::Error::new(
                io::Error::from(errno).kind(),
                format!(
                    "{}; the old assembly's files could not be deleted, so nothing was changed",
                    io::Error::from(errno)
                ),
            ),
        })
    }
    #[cfg(not(unix))]
    {
        let readonly = fs::metadata(dir)
            .map_err(io_error(dir))?
            .permissions()
            .readonly();
        if readonly {
            return Err(AppError::Io {
                path: dir.to_path_buf(),
                source: io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    "the directory is read-only, so nothing was changed",
                ),
            });
        }
        Ok(())
    }
}

/// A hidden sibling of an interrupted run: `.<name>.<new|old>-<pid>-<n>`; returns the pid.
pub(super) fn leftover_pid(entry: &str, name: &str) -> Option<u32> {
    let rest = entry
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix('.')?;
    let rest = rest
        .strip_prefix("new-")
        .or_else(|| rest.strip_prefix("old-"))?;
    let (pid, n) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(n) || !digits(pid) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` has ended; unknown (so `false`) without `/proc`.
fn process_ended(pid: u32) -> bool {
    Path::new("/proc/self").is_dir() && !Path::new(&format!("/proc/{pid}")).exists()
}

/// Removes the siblings of interrupted runs of processes that have ended, when they hold
/// nothing but assembly files (best effort: a leftover that cannot be removed stays).
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let entry_name = entry.file_name();
        let Some(pid) = entry_name.to_str().and_then(|n| leftover_pid(n, name)) else {
            continue;
        };
        if pid == std::process::id() || !process_ended(pid) {
            continue;
        }
        let path = entry.path();
        if let Ok(files) = leftover_files(&path) {
            remove_files(&path, files.iter().map(String::as_str));
        }
    }
}

/// The files of a leftover sibling, when every entry is a regular file an assembly has
/// (`manifest.json`, `*.template.json`): a partly written one has no complete manifest.
fn leftover_files(dir: &Path) -> io::Result<Vec<String>> {
    if !fs::symlink_metadata(dir)?.is_dir() {
        return Err(io::ErrorKind::InvalidInput.into());
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let assembly_file = name == MANIFEST || name.ends_with(".template.json");
        if !assembly_file || !entry.file_type()?.is_file() {
            return Err(io::ErrorKind::InvalidData.into());
        }
        files.push(name);
    }
    Ok(files)
}

/// Deletes `files` from `dir`, then `dir` if that left it empty (best effort).
fn remove_files<'a>(dir: &Path, files: impl Iterator<Item = &'a str>) {
    for file in files {
        let _ = fs::remove_file(dir.join(file));
    }
    let _ = fs::remove_dir(dir);
}

fn create_staging(parent: &Path, name: &str) -> Result<PathBuf, AppError> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = parent.join(format!(".{name}.new-{}-{n}", std::process::id()));
        match fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error(&path)(e)),
        }
    }
}

/// Writes and fsyncs every file, then the directory.
fn write_files(staging: &Path, files: &[(String, impl AsRef<str>)]) -> Result<(), AppError> {
    for (file, contents) in files {
        let path = staging.join(file);
        let write = || -> io::Result<()> {
            let mut handle = File::options().write(true).create_new(true).open(&path)?;
            handle.write_all(contents.as_ref().as_bytes())?;
            handle.sync_all()
        };
        write().map_err(io_error(&path))?;
    }
    sync_dir(staging).map_err(io_error(staging))
}

/// Makes a directory's entries durable (a no-op where directories cannot be opened).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// `rename` onto a missing path or an empty directory: atomic.
fn replace_missing_or_empty(staging: &Path, target: &Path) -> Result<(), AppError> {
    match fs::rename(staging, target) {
        Ok(()) => Ok(()),
        #[cfg(not(unix))]
        Err(_) if fs::remove_dir(target).is_ok() => {
            fs::rename(staging, target).map_err(io_error(target))
        }
        Err(e) => Err(io_error(target)(e)),
    }
}

/// Swaps `staging` and `target` atomically where the system can; afterwards `staging` holds
/// the old assembly.
fn exchange(staging: &Path, target: &Path, parent: &Path, name: &str) -> Result<(), AppError> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(errno)
                if errno == rustix::io::Errno::INVAL || errno == rustix::io::Errno::NOSYS => {}
            Err(errno) => return Err(io_error(target)(errno.into())),
        }
    }
    two_renames(staging, target, parent, name)
}

/// Without an atomic exchange: the old assembly moves aside, the new one in, and the old one
/// to `staging`. A crash in between leaves the old assembly in a sibling (removed next run).
fn two_renames(staging: &Path, target: &Path, parent: &Path, name: &str) -> Result<(), AppError> {
    let aside = parent.join(format!(
        ".{name}.old-{}-{}",
        std::process::id(),
        staging
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.rsplit('-').next())
            .unwrap_or("0")
    ));
    fs::rename(target, &aside).map_err(io_error(target))?;
    if let Err(e) = fs::rename(staging, target) {
        let _ = fs::rename(&aside, target);
        return Err(io_error(target)(e));
    }
    fs::rename(&aside, staging).map_err(io_error(&aside))
}
