//! The publication folder on disk: generations written file by file (temporary file, fsync,
//! rename), switched as a whole by renaming the `current` symbolic link, the lock, pruning.

use super::PublishError;
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The test hook: `EDCA_PUBLISH_CRASH_AFTER=N` aborts the process right after its N-th file
/// write (as `kill -9` would), to prove that a publication cut short leaves the previous one.
pub const CRASH_AFTER: &str = "EDCA_PUBLISH_CRASH_AFTER";

/// One published file, as `index.json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileEntry {
    /// Path inside the generation, with `/`.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    /// Releases in the file (packages, records' embedded releases).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub releases: u64,
    /// Records in the file.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub records: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Lower-case hex of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// The SHA-256 of `bytes`, hex.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PublishError + '_ {
    move |error| PublishError::Io { path: path.display().to_string(), reason: error.to_string() }
}

/// The folders of a publication.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `DIR`.
    pub root: PathBuf,
}

impl Layout {
    /// `DIR/generations`.
    pub fn generations(&self) -> PathBuf {
        self.root.join("generations")
    }

    /// `DIR/generations/<n>`.
    pub fn generation(&self, n: u64) -> PathBuf {
        self.generations().join(n.to_string())
    }

    /// `DIR/.edca`.
    pub fn state_dir(&self) -> PathBuf {
        self.root.join(".edca")
    }

    /// `DIR/.edca/state-<n>.json`: the incremental state matching generation `n`.
    pub fn state(&self, n: u64) -> PathBuf {
        self.state_dir().join(format!("state-{n}.json"))
    }

    /// The generation `DIR/current` points to, if any.
    pub fn current(&self) -> Option<u64> {
        let target = fs::read_link(self.root.join("current")).ok()?;
        target.strip_prefix("generations").ok()?.to_str()?.parse().ok()
    }

    /// Generation numbers present on disk, ascending.
    pub fn on_disk(&self) -> Vec<u64> {
        let mut found: Vec<u64> = fs::read_dir(self.generations())
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .collect();
        found.sort_unstable();
        found
    }

    /// Removes generations (and their states) other than `keep`: older ones and any left
    /// half-written by a run that was cut short.
    pub fn prune(&self, keep: &[u64]) -> Result<(), PublishError> {
        for n in self.on_disk() {
            if !keep.contains(&n) {
                let dir = self.generation(n);
                fs::remove_dir_all(&dir).map_err(io(&dir))?;
            }
        }
        for entry in fs::read_dir(self.state_dir()).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let Some(n) = name.to_str().and_then(|n| n.strip_prefix("state-")?.strip_suffix(".json")?.parse().ok())
            else {
                continue;
            };
            if !keep.contains(&n) {
                fs::remove_file(entry.path()).map_err(io(&entry.path()))?;
            }
        }
        Ok(())
    }
}

/// The lock of a publication folder, `DIR/.edca/lock`, held while a run writes.
///
/// It is an advisory lock (`flock`) on the file, which holds the holder's pid for people to
/// read. The kernel drops the lock when its holder ends, however it ends (`kill -9`
/// included), so a lock file left by a dead process is simply taken over by the next run,
/// which writes its own pid into it.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock, or fails with [`PublishError::Locked`] when another run holds it.
    pub fn acquire(layout: &Layout) -> Result<Lock, PublishError> {
        let dir = layout.state_dir();
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        let path = dir.join("lock");
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io(&path))?;
        if !try_lock(&file) {
            let holder = fs::read_to_string(&path).unwrap_or_default().trim().to_owned();
            return Err(PublishError::Locked { path: path.display().to_string(), holder });
        }
        file.set_len(0).map_err(io(&path))?;
        writeln!(file, "{}", std::process::id()).map_err(io(&path))?;
        file.sync_all().map_err(io(&path))?;
        Ok(Lock { _file: file })
    }
}

#[cfg(unix)]
fn try_lock(file: &File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor this function borrows; no memory is involved.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(not(unix))]
fn try_lock(_file: &File) -> bool {
    true
}

/// A generation being written: every file lands whole (temporary file, fsync, rename) and the
/// folders are fsynced before the switch.
#[derive(Debug)]
pub struct Generation {
    /// Its number.
    pub number: u64,
    /// Its folder.
    pub dir: PathBuf,
    dirs: Mutex<std::collections::BTreeSet<PathBuf>>,
    writes: AtomicU64,
    crash_after: Option<u64>,
}

impl Generation {
    /// Creates the (empty) folder of generation `number`.
    pub fn create(layout: &Layout, number: u64) -> Result<Generation, PublishError> {
        let dir = layout.generation(number);
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        let crash_after = std::env::var(CRASH_AFTER).ok().and_then(|n| n.parse().ok());
        let dirs = Mutex::new([dir.clone()].into_iter().collect());
        Ok(Generation { number, dir, dirs, writes: AtomicU64::new(0), crash_after })
    }

    fn parent_of(&self, path: &Path) -> Result<(), PublishError> {
        let Some(parent) = path.parent() else { return Ok(()) };
        let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
        if !dirs.contains(parent) {
            fs::create_dir_all(parent).map_err(io(parent))?;
            let mut at = parent;
            while at.starts_with(&self.dir) && dirs.insert(at.to_owned()) {
                match at.parent() {
                    Some(up) => at = up,
                    None => break,
                }
            }
        }
        Ok(())
    }

    fn wrote(&self) {
        let n = self.writes.fetch_add(1, Ordering::SeqCst) + 1;
        if self.crash_after == Some(n) {
            std::process::abort();
        }
    }

    /// Writes `rel` (a path with `/`) whole; returns its entry.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<FileEntry, PublishError> {
        self.write_with(rel, |out| out.write_all(bytes))
    }

    /// Writes `rel` whole from what `fill` writes (streamed, hashed on the way).
    pub fn write_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<FileEntry, PublishError> {
        let path = self.dir.join(rel);
        self.parent_of(&path)?;
        let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
        tmp_name.push(".tmp");
        let tmp = path.with_file_name(tmp_name);
        let file = File::create(&tmp).map_err(io(&tmp))?;
        let mut out =
            Hashing { inner: std::io::BufWriter::with_capacity(1 << 16, file), hash: Sha256::new(), bytes: 0 };
        fill(&mut out).map_err(io(&tmp))?;
        let Hashing { inner, hash, bytes } = out;
        let file = inner.into_inner().map_err(|e| io(&tmp)(e.into_error()))?;
        file.sync_all().map_err(io(&tmp))?;
        drop(file);
        fs::rename(&tmp, &path).map_err(io(&path))?;
        self.wrote();
        Ok(FileEntry { path: rel.to_owned(), bytes, sha256: hex(&hash.finalize()), releases: 0, records: 0 })
    }

    /// Takes in the file `rel`, written into the generation's folder by someone else (the
    /// portal pages): made durable and listed with its size and SHA-256 like the others.
    pub fn adopt(&self, rel: &str) -> Result<FileEntry, PublishError> {
        let path = self.dir.join(rel);
        self.parent_of(&path)?;
        let bytes = fs::read(&path).map_err(io(&path))?;
        File::open(&path).and_then(|f| f.sync_all()).map_err(io(&path))?;
        self.wrote();
        Ok(FileEntry {
            path: rel.to_owned(),
            bytes: bytes.len() as u64,
            sha256: sha256(&bytes),
            releases: 0,
            records: 0,
        })
    }

    /// Puts the file `rel` of the folder `previous` here unchanged: a hard link (a copy where
    /// links are not possible). Files are never changed in place, so sharing them is safe.
    pub fn link(&self, previous: &Path, rel: &str) -> Result<(), PublishError> {
        let from = previous.join(rel);
        let to = self.dir.join(rel);
        self.parent_of(&to)?;
        if fs::hard_link(&from, &to).is_err() {
            let mut tmp_name = to.file_name().unwrap_or_default().to_os_string();
            tmp_name.push(".tmp");
            let tmp = to.with_file_name(tmp_name);
            fs::copy(&from, &tmp).map_err(io(&from))?;
            File::open(&tmp).and_then(|f| f.sync_all()).map_err(io(&tmp))?;
            fs::rename(&tmp, &to).map_err(io(&to))?;
        }
        self.wrote();
        Ok(())
    }

    /// Makes the generation durable (every folder fsynced) and switches `DIR/current` to it in
    /// one rename of a new symbolic link.
    pub fn switch(&self, layout: &Layout) -> Result<(), PublishError> {
        let dirs = std::mem::take(&mut *self.dirs.lock().unwrap_or_else(|e| e.into_inner()));
        for dir in dirs.iter().rev() {
            sync_dir(dir)?;
        }
        sync_dir(&layout.generations())?;
        let link = layout.root.join(".current.tmp");
        let _ = fs::remove_file(&link);
        symlink(&Path::new("generations").join(self.number.to_string()), &link).map_err(io(&link))?;
        let current = layout.root.join("current");
        fs::rename(&link, &current).map_err(io(&current))?;
        sync_dir(&layout.root)?;
        self.wrote();
        Ok(())
    }
}

/// Writes `path` whole, outside any generation (the incremental state).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    let tmp = path.with_extension("tmp");
    let mut file = File::create(&tmp).map_err(io(&tmp))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(io(&tmp))?;
    fs::rename(&tmp, path).map_err(io(path))?;
    if let Some(parent) = path.parent() {
        sync_dir(parent)?;
    }
    Ok(())
}

fn sync_dir(dir: &Path) -> Result<(), PublishError> {
    #[cfg(unix)]
    File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}

struct Hashing<W> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
