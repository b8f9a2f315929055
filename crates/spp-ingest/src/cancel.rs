//! A stop request shared by the stages of a run, and by whoever may end a run early (a
//! signal handler): set once, seen by every clone.

use std::sync::Arc;

use tokio::sync::watch;

/// A flag that can be set once and waited for.
#[derive(Debug, Clone)]
pub struct Cancel(Arc<watch::Sender<bool>>);

impl Default for Cancel {
    fn default() -> Self {
        Cancel::new()
    }
}

impl Cancel {
    pub fn new() -> Cancel {
        Cancel(Arc::new(watch::channel(false).0))
    }

    /// Asks every holder to stop.
    pub fn cancel(&self) {
        self.0.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once [`Cancel::cancel`] has been called (at once if it already was).
    pub async fn cancelled(&self) {
        let mut rx = self.0.subscribe();
        // The sender lives in `self`, so waiting cannot fail.
        let _ = rx.wait_for(|stopped| *stopped).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn clones_see_the_stop() {
        let a = Cancel::new();
        let b = a.clone();
        assert!(!b.is_cancelled());
        let waiter = tokio::spawn(async move { b.cancelled().await });
        a.cancel();
        waiter.await.unwrap();
        assert!(a.is_cancelled());
        // Already cancelled: returns at once.
        a.cancelled().await;
    }
}
