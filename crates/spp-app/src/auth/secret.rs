//! Password hashes (argon2id), random tokens stored as their SHA-256, CSRF tokens (HMAC of
//! the session).

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};

/// An argon2id hash (PHC string, with its salt and parameters) of `password`.
pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

/// Whether `password` matches the stored hash; a hash that cannot be read never matches.
pub fn verify_password(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the time of one verification, for a login with an unknown e-mail, so the answer
/// takes as long as for a known one.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not a password of anyone").unwrap_or_default());
    let _ = verify_password(hash, password);
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A new random token (32 bytes from the OS, hex) and the hash that is stored for it.
pub fn new_token() -> AppResult<(String, String)> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| AppError::Internal(format!("no randomness from the OS: {e}")))?;
    let token = hex(&bytes);
    let hash = token_hash(&token);
    Ok((token, hash))
}

/// What is stored for a token: `sha256:<hex>` of its text.
pub fn token_hash(token: &str) -> String {
    format!("sha256:{}", hex(&Sha256::digest(token.as_bytes())))
}

/// CSRF tokens for the forms of a session: HMAC-SHA256 of the session token under the
/// server's secret, so they need no storage and die with the session.
#[derive(Clone)]
pub struct Csrf {
    key: [u8; 32],
}

impl Csrf {
    /// With the server's secret (at least 32 random bytes, kept for the server's life).
    pub fn new(key: [u8; 32]) -> Csrf {
        Csrf { key }
    }

    /// A fresh random secret.
    pub fn random() -> AppResult<Csrf> {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key)
            .map_err(|e| AppError::Internal(format!("no randomness from the OS: {e}")))?;
        Ok(Csrf { key })
    }

    fn mac(&self, session: &str) -> Hmac<Sha256> {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(b"spp-csrf\0");
        mac.update(session.as_bytes());
        mac
    }

    /// The token to put in the forms of `session`.
    pub fn token(&self, session: &str) -> String {
        hex(&self.mac(session).finalize().into_bytes())
    }

    /// Whether `token` was made for `session` (constant-time comparison).
    pub fn verify(&self, session: &str, token: &str) -> bool {
        let Some(bytes) = unhex(token) else {
            return false;
        };
        self.mac(session).verify_slice(&bytes).is_ok()
    }
}

impl std::fmt::Debug for Csrf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Csrf(…)")
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 128 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password(&h, "correct horse battery"));
        assert!(!verify_password(&h, "correct horse battery!"));
        assert!(!verify_password("not a hash", "x"));
        assert_ne!(h, hash_password("correct horse battery").unwrap(), "salted");
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, ha) = new_token().unwrap();
        let (b, _) = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(ha, token_hash(&a));
        assert!(!ha.contains(&a));
    }

    #[test]
    fn csrf() {
        let csrf = Csrf::new([7; 32]);
        let t = csrf.token("session-1");
        assert!(csrf.verify("session-1", &t));
        assert!(!csrf.verify("session-2", &t));
        assert!(!csrf.verify("session-1", "00"));
        assert!(!csrf.verify("session-1", "zz"));
        assert!(!Csrf::new([8; 32]).verify("session-1", &t));
    }
}
