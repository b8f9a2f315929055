//! Everything the CLI prints goes through here: writes that fail return an error instead of
//! panicking (`print!` panics on a closed pipe), and `main` turns a broken pipe into a quiet
//! exit 0, as `spp guide | head` expects.

use std::io::Write;

/// Writes `bytes` to standard output and flushes.
pub fn stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Writes a line to standard output.
pub fn line(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Writes a line to standard error; a closed standard error is not worth failing over.
pub fn note(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// True when the error (or one of its causes) is a write to a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes in one line, leaving out a cause whose words its parent already
/// said (`database error: X` wraps `X`).
pub fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
    }
    text
}

/// The tokio runtime of a subcommand: one worker (the store's work is I/O and SQLite's own
/// threads; parsing runs on the ingest's threads).
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    use anyhow::Context;
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// The runtime of `spp serve`: one worker per core, as requests come in parallel.
pub fn server_runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    use anyhow::Context;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

#[cfg(test)]
mod tests {
    #[test]
    fn causes_said_once() {
        let inner = std::io::Error::other("disk full");
        let err = anyhow::Error::new(inner)
            .context("database error: disk full")
            .context("ingest stopped");
        assert_eq!(
            super::message(&err),
            "ingest stopped: database error: disk full"
        );
    }
}
