//! What the bench binaries share: resident memory, timings and percentiles.
#![allow(dead_code)] // each bench binary uses a part
pub mod open;
use std::time::{Duration, Instant};

/// A line of /proc/self/status in MB (Linux; NaN elsewhere).
fn status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The process's resident memory in MB.
pub fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

/// CPU time of the whole process (every thread, user + system) so far, from /proc/self/stat
/// (Linux; zero elsewhere). On a machine shared with other work, wall times stretch with the
/// load while CPU times stay near what the work costs.
pub fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: u64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    // In USER_HZ ticks, 100 a second on Linux.
    Duration::from_millis(ticks * 10)
}

/// The process's peak resident memory in MB (VmHWM).
pub fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

/// Runs this bench binary again with `env` set to `value` (a child mode: a fresh process for
/// a clean memory figure); what it printed. Panics with its stderr if it failed.
pub fn run_child(env: &str, value: impl AsRef<std::ffi::OsStr>) -> String {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env(env, value)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `runs` timings of `f`, sorted.
pub fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    times
}

/// The `p` percentile (0.0–1.0) of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}
