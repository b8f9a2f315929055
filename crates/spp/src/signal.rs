//! SIGINT and SIGTERM during a long command: the first asks the work to stop cleanly (an
//! ingest commits the batch it is writing), a second one ends the process at once.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

use tokio::signal::unix::{signal, Signal, SignalKind};

/// The stop signal that arrived first, if any.
#[derive(Clone, Default)]
pub struct Received(Arc<AtomicI32>);

impl Received {
    /// `(name, exit status 128 + number)` of the signal received.
    pub fn get(&self) -> Option<(&'static str, u8)> {
        match self.0.load(Ordering::Relaxed) {
            n if n == SIGINT => Some(("SIGINT", 130)),
            n if n == SIGTERM => Some(("SIGTERM", 143)),
            _ => None,
        }
    }
}

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// Listens for SIGINT and SIGTERM (call inside the runtime): the first sets `stop`, the
/// second exits with 128 + its number.
pub fn on_stop(stop: spp_ingest::Cancel) -> std::io::Result<Received> {
    let mut int = signal(SignalKind::interrupt())?;
    let mut term = signal(SignalKind::terminate())?;
    let received = Received::default();
    let seen = received.clone();
    tokio::spawn(async move {
        let first = next(&mut int, &mut term).await;
        seen.0.store(first, Ordering::Relaxed);
        stop.cancel();
        crate::out::note(
            "spp: stopping after the batch being written (signal again to stop at once)",
        );
        let second = next(&mut int, &mut term).await;
        std::process::exit(128 + second);
    });
    Ok(received)
}

/// The number of the next SIGINT or SIGTERM.
async fn next(int: &mut Signal, term: &mut Signal) -> i32 {
    tokio::select! {
        _ = int.recv() => SIGINT,
        _ = term.recv() => SIGTERM,
    }
}
