//! Faults met by `spp ingest` on SQLite, with the real binary: a full disk, a read-only file,
//! folder or mount, another process holding the write lock, two ingests at once, a report
//! reading during an ingest, SIGINT and SIGTERM. Each checks the exit status, the message,
//! `PRAGMA integrity_check`, and that a rerun once the fault is gone ends with exactly the
//! notices of a clean run (same ids, versions and content hashes, same lot count).

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use spp_store::test_support::fs::{Tmpfs, Unwritable};
use support::*;

/// Ingests the first `n` files of the corpus (a store that already holds something).
fn ingest_first(url: &str, n: usize) {
    let mut cmd = spp();
    cmd.args(["ingest", "--json", "--db", url])
        .args(&corpus().files[..n]);
    let out = run(cmd);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

/// Leaves the file without its `-wal` and `-shm` (as a last clean close does), so that a
/// folder made unwritable afterwards stops SQLite from creating them again.
fn settle(file: &std::path::Path) {
    use sqlx::Connection;
    runtime().block_on(async {
        let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(file);
        let mut conn = sqlx::SqliteConnection::connect_with(&opts).await.unwrap();
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    });
    let wal = file.with_extension("sqlite-wal");
    assert!(!wal.exists(), "{} is still there", wal.display());
}

fn stored(url: &str) -> u64 {
    fingerprint(url).counts.notices
}

#[test]
fn disk_full_on_a_small_tmpfs() {
    let fs = match Tmpfs::mount("3m") {
        Ok(fs) => fs,
        Err(reason) => {
            eprintln!(
                "tmpfs cannot be mounted here ({reason}): disk full made with max_page_count"
            );
            return disk_full_by_page_cap(700);
        }
    };
    let file = fs.path().join("spp.sqlite");
    let url = sqlite_url(&file);
    filled_mid_run(&file, &url);
    fs.remount("size=256m").expect("grow the tmpfs");
    rerun_matches_clean_run(&url);
}

/// Ingests into `ingest_url` until it fills: the run fails naming the cause, keeps what it
/// committed, and leaves a sound file.
fn filled_mid_run(file: &std::path::Path, ingest_url: &str) {
    let out = run(ingest(ingest_url));
    let kept = stored(&sqlite_url(file));
    assert!(kept > 0 && kept < NOTICES, "filled mid-run: {kept}");
    assert_failed_clearly(&out, "database or disk is full", kept);
    assert_eq!(integrity(file), "ok");
}

/// SQLite's page cap (`?max_page_count=`) fills like a disk, on any machine.
#[test]
fn database_size_cap_reached() {
    disk_full_by_page_cap(700);
}

fn disk_full_by_page_cap(pages: u32) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("spp.sqlite");
    let capped = format!("{}?max_page_count={pages}", sqlite_url(&file));
    filled_mid_run(&file, &capped);
    rerun_matches_clean_run(&sqlite_url(&file));
}

#[test]
fn read_only_database_file() {
    let db = SqliteDb::new();
    ingest_first(&db.url, 100);
    let guard = Unwritable::make(&db.file);
    let out = run(ingest(&db.url));
    assert_failed_clearly(&out, "readonly database", 0);
    drop(guard);
    assert_eq!(stored(&db.url), 100, "nothing lost, nothing added");
    assert_eq!(integrity(&db.file), "ok");
    rerun_matches_clean_run(&db.url);
}

#[test]
fn folder_not_writable() {
    let db = SqliteDb::new();
    ingest_first(&db.url, 100);
    settle(&db.file);
    let guard = Unwritable::make(db.dir.path());
    let out = run(ingest(&db.url));
    assert_failed_clearly(
        &out,
        &format!("cannot write {}", db.dir.path().display()),
        0,
    );
    drop(guard);
    assert_eq!(stored(&db.url), 100);
    assert_eq!(integrity(&db.file), "ok");
    rerun_matches_clean_run(&db.url);
}

#[test]
fn read_only_mount() {
    let Ok(fs) = Tmpfs::mount("64m") else {
        // Without mounts the same fault is the folder and file made unwritable.
        eprintln!("tmpfs cannot be mounted here: read-only folder made with chattr instead");
        return folder_not_writable();
    };
    let file = fs.path().join("spp.sqlite");
    let url = sqlite_url(&file);
    ingest_first(&url, 100);
    fs.remount("ro").expect("remount read-only");
    let out = run(ingest(&url));
    assert_failed_clearly(&out, "read-only file system", 0);
    fs.remount("rw").expect("remount read-write");
    assert_eq!(stored(&url), 100);
    assert_eq!(integrity(&file), "ok");
    rerun_matches_clean_run(&url);
}

/// Another process takes SQLite's write lock mid-run and holds it 3 s: the ingest waits
/// (busy timeout) and goes on; nobody sees `database is locked`.
#[test]
fn write_lock_held_by_another_process() {
    use sqlx::Connection;
    let db = SqliteDb::new();
    create_store(&db.url);
    let mut running = spawn(ingest(&db.url));
    running.wait_for_notices(&db.url, 150);
    let held = Duration::from_secs(3);
    let before = runtime().block_on(async {
        let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(&db.file);
        let mut conn = sqlx::SqliteConnection::connect_with(&opts).await.unwrap();
        sqlx::query("PRAGMA busy_timeout = 30000")
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query("BEGIN EXCLUSIVE")
            .execute(&mut conn)
            .await
            .unwrap();
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        tokio::time::sleep(held).await;
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(count, after, "a write went through while the lock was held");
        sqlx::query("COMMIT").execute(&mut conn).await.unwrap();
        count
    });
    assert!(
        running.alive(),
        "the ingest gave up while the lock was held"
    );
    let out = running.wait();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!out.stderr.contains("locked"), "{}", out.stderr);
    assert!((before as u64) < NOTICES);
    assert_eq!(integrity(&db.file), "ok");
    assert_eq!(fingerprint(&db.url), *clean_run());
}

/// Two ingests of the same corpus into one new file at once: both succeed, each notice is
/// new in exactly one of them, the file holds a clean run.
#[test]
fn two_ingests_on_one_file() {
    let db = SqliteDb::new();
    two_ingests_at_once(&db.url);
    assert_eq!(integrity(&db.file), "ok");
    assert_eq!(fingerprint(&db.url), *clean_run());
}

/// `spp report` reads while an ingest writes: every report succeeds, the ingest too.
#[test]
fn report_reads_during_an_ingest() {
    let db = SqliteDb::new();
    create_store(&db.url);
    let mut running = spawn(ingest(&db.url));
    running.wait_for_notices(&db.url, 100);
    let mut reports = 0;
    while running.alive() && reports < 3 {
        let mut cmd = spp();
        cmd.args(["report", "--format", "json", "--db", &db.url]);
        let out = run(cmd);
        assert_eq!(out.code, Some(0), "report: {}", out.stderr);
        assert!(!out.stderr.contains("locked"), "{}", out.stderr);
        assert!(out.json().is_object());
        reports += 1;
    }
    assert!(reports > 0, "the ingest ended before a report ran");
    let out = running.wait();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(fingerprint(&db.url), *clean_run());
}

#[test]
fn sigint_mid_run() {
    stopped_by_signal("INT", "SIGINT", 130);
}

#[test]
fn sigterm_mid_run() {
    stopped_by_signal("TERM", "SIGTERM", 143);
}

/// The signal arrives mid-run: the batch being written commits, the run stops within
/// seconds with 128 + the signal's number and says how many notices were committed.
fn stopped_by_signal(signal: &str, name: &str, status: i32) {
    let db = SqliteDb::new();
    create_store(&db.url);
    let mut running = spawn(ingest(&db.url));
    running.wait_for_notices(&db.url, 150);
    let sent = Instant::now();
    let kill = Command::new("kill")
        .args(["-s", signal, &running.pid().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = running.wait();
    let took = sent.elapsed();
    assert_eq!(out.code, Some(status), "{}", out.stderr);
    assert!(took < Duration::from_secs(5), "took {took:?} to stop");
    let message = format!("interrupted by {name}: ");
    assert!(out.stderr.contains(&message), "{}", out.stderr);
    let summary = out.json();
    assert_eq!(summary["interrupted"].as_bool(), Some(true));
    let committed = summary["new"].as_u64().unwrap();
    assert!(out
        .stderr
        .contains(&format!("{committed} notices committed")));
    assert_eq!(stored(&db.url), committed, "every committed batch kept");
    assert!(committed < NOTICES, "stopped before the end");
    assert_eq!(integrity(&db.file), "ok");
    eprintln!(
        "{name}: exit {status} {:.2} s after the signal, {committed} notices kept",
        took.as_secs_f64()
    );
    rerun_matches_clean_run(&db.url);
}

/// `kill -9` at three random points of successive runs (the seed is printed): after each,
/// every stored notice is whole and the file is sound; the last rerun equals a clean run.
/// (crates/spp/tests/ingest_cli.rs kills a run of real notices from ../shared once.)
#[test]
fn kill_9_at_random_points() {
    let db = SqliteDb::new();
    create_store(&db.url);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.subsec_nanos() as u64);
    eprintln!("kill -9 seed {seed}");
    let mut state = seed;
    let mut stored_before = 0;
    for _ in 0..3 {
        // The next kill lands 30–300 notices after what the last run left.
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let at = stored_before + 30 + (state >> 33) % 270;
        if at >= NOTICES {
            break;
        }
        let mut running = spawn(ingest(&db.url));
        running.wait_for_notices(&db.url, at);
        running.child.kill().unwrap(); // SIGKILL
        let _ = running.child.wait();
        let kept = stored(&db.url); // also checks that no notice is half written
        assert!(kept >= at, "committed notices lost: {kept} < {at}");
        assert_eq!(integrity(&db.file), "ok");
        stored_before = kept;
    }
    rerun_matches_clean_run(&db.url);
}
