//! A progress bar for the terminal (stderr; hidden when stderr is not a terminal).

use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::Progress;

/// Shows files, notices, notices/s and errors while [`crate::ingest`] runs.
pub struct Bar {
    bar: ProgressBar,
    started: Instant,
}

impl Bar {
    /// A spinner on stderr; draws nothing when stderr is not a terminal.
    pub fn stderr() -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        Bar {
            bar,
            started: Instant::now(),
        }
    }

    /// Updates the line with a new snapshot.
    pub fn update(&self, p: &Progress) {
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        self.bar.set_message(format!(
            "{} files, {} notices ({:.0}/s, {:.1} MB/s), {} errors",
            p.files,
            p.notices,
            p.notices as f64 / secs,
            p.bytes as f64 / 1e6 / secs,
            p.failed
        ));
        self.bar.tick();
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
