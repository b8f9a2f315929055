//! File-system faults: a small tmpfs (disk full, read-only mount) and files or folders made
//! unwritable. The tests run as root here, which ignores permission bits, so `chattr +i`
//! comes first and the permission bits (enough for any other user) second; a fault that
//! cannot be made fails the test rather than skipping it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs mounted on a fresh folder, unmounted when dropped.
pub struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// `mount -t tmpfs -o size=SIZE`; the reason when mounting is not possible here.
    pub fn mount(size: &str) -> Result<Tmpfs, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let opts = format!("size={size}");
        sh(Command::new("mount")
            .args(["-t", "tmpfs", "-o", &opts, "tmpfs"])
            .arg(dir.path()))?;
        Ok(Tmpfs { dir })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `mount -o remount,OPTIONS` (e.g. `size=256m`, `ro`, `rw`).
    pub fn remount(&self, options: &str) -> Result<(), String> {
        let opts = format!("remount,{options}");
        sh(Command::new("mount").args(["-o", &opts]).arg(self.path()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

fn sh(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// A file or folder that cannot be written until dropped.
pub struct Unwritable {
    path: PathBuf,
    how: How,
}

#[derive(Debug, Clone, Copy)]
enum How {
    Immutable,
    Mode(u32),
}

impl Unwritable {
    /// Makes `path` unwritable and checks that a write now fails.
    pub fn make(path: &Path) -> Unwritable {
        use std::os::unix::fs::PermissionsExt;
        let chattr = sh(Command::new("chattr").arg("+i").arg(path));
        let guard = match chattr {
            Ok(()) => Unwritable {
                path: path.to_path_buf(),
                how: How::Immutable,
            },
            Err(reason) => {
                eprintln!("chattr +i not possible ({reason}); using permission bits");
                let mode = std::fs::metadata(path).unwrap().permissions().mode();
                let ro = if path.is_dir() { 0o555 } else { 0o444 };
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(ro)).unwrap();
                Unwritable {
                    path: path.to_path_buf(),
                    how: How::Mode(mode),
                }
            }
        };
        assert!(
            !writable(path),
            "{} is still writable ({:?}): this fault cannot be made here",
            path.display(),
            guard.how
        );
        guard
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        match self.how {
            How::Immutable => {
                let _ = Command::new("chattr").arg("-i").arg(&self.path).status();
            }
            How::Mode(mode) => {
                let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(mode));
            }
        }
    }
}

/// Can a file be created in the folder, or the file be opened for writing?
pub fn writable(path: &Path) -> bool {
    if path.is_dir() {
        let probe = path.join(".write-probe");
        let ok = std::fs::File::create(&probe).is_ok();
        let _ = std::fs::remove_file(&probe);
        ok
    } else {
        std::fs::OpenOptions::new().append(true).open(path).is_ok()
    }
}
