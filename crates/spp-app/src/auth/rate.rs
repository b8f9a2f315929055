//! The login rate limit: failed attempts per user and per client address in a sliding window,
//! in memory (a restart forgets them, which only gives an attacker one more window).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many failures are allowed in how long.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub window: Duration,
    pub per_user: usize,
    pub per_ip: usize,
}

impl Default for Limits {
    /// 5 failures per user and 20 per address in 15 minutes.
    fn default() -> Limits {
        Limits {
            window: Duration::from_secs(15 * 60),
            per_user: 5,
            per_ip: 20,
        }
    }
}

/// Failed logins by key (`user:<email>`, `ip:<address>`).
#[derive(Debug, Default)]
pub struct RateLimiter {
    limits: Limits,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(limits: Limits) -> RateLimiter {
        RateLimiter {
            limits,
            failures: Mutex::default(),
        }
    }

    /// `Err(wait)` when the user or the address used up its failures: how long until the
    /// oldest one leaves the window.
    pub fn check(&self, email: &str, ip: &str, now: Instant) -> Result<(), Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut wait = None;
        for (key, max) in self.keys(email, ip) {
            let Some(q) = map.get_mut(&key) else { continue };
            while q
                .front()
                .is_some_and(|t| now.duration_since(*t) >= self.limits.window)
            {
                q.pop_front();
            }
            if q.len() >= max {
                let oldest = q.front().copied().unwrap_or(now);
                let w = self
                    .limits
                    .window
                    .saturating_sub(now.duration_since(oldest));
                wait = Some(wait.map_or(w, |x: Duration| x.max(w)));
            }
        }
        wait.map_or(Ok(()), Err)
    }

    /// Counts a failed attempt.
    pub fn failed(&self, email: &str, ip: &str, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Bound the memory an attacker can make us keep: drop what has left the window.
            let window = self.limits.window;
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
        }
        for (key, _) in self.keys(email, ip) {
            map.entry(key).or_default().push_back(now);
        }
    }

    /// Forgets the user's failures after a successful login (the address keeps its own).
    pub fn succeeded(&self, email: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("user:{}", email.trim().to_lowercase()));
    }

    fn keys(&self, email: &str, ip: &str) -> [(String, usize); 2] {
        [
            (
                format!("user:{}", email.trim().to_lowercase()),
                self.limits.per_user,
            ),
            (format!("ip:{ip}"), self.limits.per_ip),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliding_window_per_user_and_ip() {
        let limits = Limits {
            window: Duration::from_secs(60),
            per_user: 3,
            per_ip: 5,
        };
        let rl = RateLimiter::new(limits);
        let t0 = Instant::now();
        let at = |s| t0 + Duration::from_secs(s);
        for s in 0..3 {
            assert!(rl.check("a@x.be", "1.1.1.1", at(s)).is_ok());
            rl.failed("A@x.be", "1.1.1.1", at(s));
        }
        assert_eq!(
            rl.check("a@x.be", "2.2.2.2", at(10)),
            Err(Duration::from_secs(50))
        );
        assert!(
            rl.check("b@x.be", "1.1.1.1", at(10)).is_ok(),
            "other user, ip below limit"
        );
        rl.failed("b@x.be", "1.1.1.1", at(11));
        rl.failed("c@x.be", "1.1.1.1", at(12));
        assert!(
            rl.check("d@x.be", "1.1.1.1", at(13)).is_err(),
            "address used up"
        );
        assert!(rl.check("d@x.be", "3.3.3.3", at(13)).is_ok());
        // The first failure leaves the window at 60 s: one more attempt for a@x.be.
        assert!(rl.check("a@x.be", "4.4.4.4", at(60)).is_ok());
        rl.succeeded("a@x.be");
        assert!(rl.check("a@x.be", "4.4.4.4", at(14)).is_ok());
    }
}
