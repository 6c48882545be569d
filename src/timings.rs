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
                "timing: {stage}: {:.1} ms",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.last = std::time::Instant::now();
    }
}
