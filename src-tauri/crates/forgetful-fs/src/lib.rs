//! Test support: a disk that loses power. [`ForgetfulMount::mount`] mounts an in-memory FUSE
//! filesystem; [`ForgetfulMount::cut_power`] unmounts it and writes out only what a disk
//! would still hold — the bytes of files as of their last `fsync`, and folder entries (new
//! names, renames, unlinks) as of their folder's last `fsync`. Everything else is forgotten,
//! as on a machine whose power failed with the page cache and the drive's cache unwritten.
//!
//! Needs root and `/dev/fuse` ([`unavailable`] says why not); fuser mounts with mount(2)
//! directly, so neither libfuse nor fusermount is needed.
mod fs;
mod model;

use fs::ForgetfulFs;
use model::Model;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Why this machine cannot run a forgetful mount, or None when it can.
pub fn unavailable() -> Option<String> {
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Some("not root (FUSE mounts need root here)".into());
    }
    if !Path::new("/dev/fuse").exists() {
        return Some("/dev/fuse is missing".into());
    }
    None
}

/// A mounted forgetful filesystem; dropping it unmounts (also when a test fails).
pub struct ForgetfulMount {
    session: Option<fuser::BackgroundSession>,
    model: Arc<Mutex<Model>>,
    dir: PathBuf,
}

impl ForgetfulMount {
    /// Mounts an empty forgetful filesystem on `dir` (an existing, empty folder).
    pub fn mount(dir: &Path) -> std::io::Result<ForgetfulMount> {
        let model = Arc::new(Mutex::new(Model::default()));
        let fs = ForgetfulFs {
            model: model.clone(),
        };
        let mut config = fuser::Config::default();
        config.mount_options = vec![
            fuser::MountOption::FSName("forgetful".into()),
            fuser::MountOption::RW,
        ];
        let session = fuser::spawn_mount(fs, dir, &config)?;
        Ok(ForgetfulMount {
            session: Some(session),
            model,
            dir: dir.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The power cut: from now on every request fails; the filesystem is unmounted and what
    /// had been made durable is written into `to` (an existing, empty folder on a real disk).
    /// Stop the programs writing to the mount first (SIGKILL): they die with the power.
    pub fn cut_power(mut self, to: &Path) -> std::io::Result<()> {
        let model = self.model.clone();
        {
            let mut m = model
                .lock()
                .map_err(|_| std::io::Error::other("model poisoned"))?;
            m.cut = true;
        }
        self.unmount();
        let m = model
            .lock()
            .map_err(|_| std::io::Error::other("model poisoned"))?;
        m.write_durable(to)
    }

    fn unmount(&mut self) {
        if let Some(session) = self.session.take() {
            let _ = session.umount_and_join();
        }
    }
}

impl Drop for ForgetfulMount {
    fn drop(&mut self) {
        self.unmount();
    }
}
