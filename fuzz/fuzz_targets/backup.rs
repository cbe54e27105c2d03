//! A backup file as a restore reads it: the header, then the zlib body checked record by
//! record into a fresh book in a staging folder (on /dev/shm when there is one).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = std::path::Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_owned()
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("rapport-fuzz-backup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fuzz_target!(
    init: rapport_fuzz::quiet_caught_panics(),
    |data: &[u8]| {
        let file = scratch().join("in.rapportbak");
        let staging = scratch().join("staging");
        std::fs::write(&file, data).unwrap();
        let _ = rapport_core::backup::stage(&file, &staging, None);
        let _ = std::fs::remove_dir_all(&staging);
    }
);
