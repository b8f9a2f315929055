//! A reader that goes away (`spp guide | head -1`) is not an error: spp stops quietly with
//! exit status 0 instead of printing "Broken pipe" or panicking.

use std::process::{Command, Stdio};

fn closed_pipe_run(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_spp"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spp starts");
    // Close the reading end before spp writes its first byte.
    drop(child.stdout.take());
    child.wait_with_output().expect("spp ends")
}

#[test]
fn every_printing_command_exits_zero_on_a_closed_pipe() {
    let lcc = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/lcc/vans.toml");
    for args in [
        vec!["guide"],
        vec!["guide", "--group", "ict-end-user", "--format", "json"],
        vec!["guide", "--labels", "--format", "markdown"],
        vec!["lcc", lcc, "--years"],
    ] {
        let out = closed_pipe_run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
    }
}
