//! glibc's allocator and a long-running app: each thread that allocates may get an arena of
//! its own (up to 8 per core), and memory freed after a big job (the daily backup, reading the
//! dashboard's facts) stays in them. Two arenas and a trim after such a job keep the resident
//! memory near what is live (tests/e2e/bench-window.mjs measures it). Elsewhere, nothing.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod glibc {
    /// `M_ARENA_MAX` in glibc's malloc.h.
    const M_ARENA_MAX: libc::c_int = -8;

    pub fn limit_arenas() {
        // SAFETY: mallopt only sets a tuning value; called before the app's threads start.
        unsafe {
            libc::mallopt(M_ARENA_MAX, 2);
        }
    }

    pub fn lower_priority() {
        // SAFETY: setpriority on this thread's id (Linux nice values are per thread).
        unsafe {
            let tid = libc::gettid() as libc::id_t;
            libc::setpriority(libc::PRIO_PROCESS, tid, 19);
        }
    }

    pub fn trim() {
        // SAFETY: malloc_trim returns free pages to the system; it touches no live allocation.
        unsafe {
            libc::malloc_trim(0);
        }
    }
}

/// Called first thing in `run`, before the app's threads start.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::limit_arenas();
}

/// This thread yields the CPU to the window's (the background jobs after start).
pub fn lower_priority() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::lower_priority();
}

/// After a job that allocated much and freed most of it.
pub fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::trim();
}
