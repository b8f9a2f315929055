//! A SQLite file that is moved away, deleted or replaced under a running server.
//!
//! A SQLite connection holds the file it opened, not its path: after `rm spp.sqlite` (or a
//! backup copied over it) the pooled connections would go on reading the old file, and a new
//! connection would create an empty one. So the store (1) opens new connections with
//! `create_if_missing` off once the database exists, and (2) checks, each time a pooled
//! connection is handed out, that the path still names the file the connection was opened
//! on; a connection older than the last change of the file at the path is closed and a new
//! one opened. While the file is missing, opening fails (`unable to open database file`), so
//! every read answers a fault; once a file is back at the path, new connections read it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The identity of a file: device and inode (`None` when there is no file at the path).
type FileId = Option<(u64, u64)>;

fn file_id(path: &Path) -> FileId {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// What is at the database path, and since when.
#[derive(Debug, Clone)]
pub(crate) struct FileWatch {
    path: PathBuf,
    seen: Arc<Mutex<(FileId, Instant)>>,
}

impl FileWatch {
    /// Watches `path`, whose file every connection opened since `opened` has open.
    pub(crate) fn new(path: &Path, opened: Instant) -> FileWatch {
        FileWatch {
            path: path.to_path_buf(),
            seen: Arc::new(Mutex::new((file_id(path), opened))),
        }
    }

    /// Whether a connection opened `age` ago still has the file that is at the path now.
    pub(crate) fn is_current(&self, age: Duration) -> bool {
        let now = file_id(&self.path);
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.0 != now {
            tracing::warn!(
                file = %self.path.display(),
                present = now.is_some(),
                "the database file was moved, deleted or replaced; reconnecting"
            );
            *seen = (now, Instant::now());
        }
        Instant::now()
            .checked_sub(age)
            .is_some_and(|opened| opened >= seen.1)
    }

    /// Says that the file is missing, when it is.
    pub(crate) fn missing(&self) -> Option<String> {
        file_id(&self.path).is_none().then(|| {
            format!(
                "the database file {} is missing (moved or deleted); spp reads it again as soon as it is back",
                self.path.display()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_older_than_the_file_at_the_path_is_not_current() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("db");
        std::fs::write(&file, b"one").unwrap();
        let watch = FileWatch::new(&file, Instant::now());
        std::thread::sleep(Duration::from_millis(20));
        assert!(watch.is_current(Duration::from_millis(10)));
        assert!(watch.missing().is_none());

        std::fs::rename(&file, dir.path().join("away")).unwrap();
        assert!(watch.missing().unwrap().contains("missing"));
        assert!(!watch.is_current(Duration::from_millis(10)));

        std::thread::sleep(Duration::from_millis(20));
        std::fs::rename(dir.path().join("away"), &file).unwrap();
        // Back (the same file): connections opened while it was away are replaced too.
        assert!(!watch.is_current(Duration::from_millis(10)));
        std::thread::sleep(Duration::from_millis(5));
        assert!(watch.is_current(Duration::ZERO));
    }
}
