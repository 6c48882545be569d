//! Stage times on stderr when `KEHILA_TIMINGS` is set: a profiling aid, off by default. Its own
//! module so that every stage can time itself without importing the pipeline that runs it.

/// Prints the time since the last lap (or the start) under a stage's name.
pub struct Timings {
    on: bool,
    last: std::time::Instant,
}

impl Timings {
    pub fn start() -> Self {
        Timings {
            on: std::env::var_os("KEHILA_TIMINGS").is_some(),
            last: std::time::Instant::now(),
        }
    }

    pub fn lap(&mut self, stage: &str) {
        if self.on {
            eprintln!(
                "timing: {stage}: {:.1} ms{}",
                self.last.elapsed().as_secs_f64() * 1000.0,
                resident()
            );
        }
        self.last = std::time::Instant::now();
    }
}

/// The process's resident and peak memory (Linux), for the lap's line: on a VM a fresh page
/// of memory costs about as much to fault in as to fill, so the peak is time as well.
fn resident() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().strip_suffix(" kB")?.trim().parse::<u64>().ok())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => {
            format!(" (resident {} MB, peak {} MB)", rss / 1024, peak / 1024)
        }
        _ => String::new(),
    }
}

/// Prints the CPU time the calling thread has used so far (Linux's per-thread scheduler
/// statistics), for a stage that runs on a thread of its own beside others: its wall time
/// says little when it shares the cores.
pub fn thread_cpu(stage: &str) {
    if std::env::var_os("KEHILA_TIMINGS").is_none() {
        return;
    }
    let ns = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok());
    if let Some(ns) = ns {
        eprintln!("timing: {stage}: {:.1} ms CPU", ns as f64 / 1e6);
    }
}
