//! Running the binary in a real pseudo-terminal, as a person at a terminal
//! would, for the prompts. rexpect reads the screen byte by byte, so only
//! ASCII text can be looked for on it.

use std::process::Command;

use rexpect::session::PtySession;

use super::Env;

/// `alumni --db … ARGS` in a pseudo-terminal.
pub fn spawn(env: &Env, args: &[&str]) -> PtySession {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("alumni"));
    command
        .env_remove("ALUMNI_DB")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .arg("--db")
        .arg(env.db_arg())
        .args(args);
    rexpect::session::spawn_command(command, Some(20_000)).expect("a pseudo-terminal")
}

/// Presses a key as a person would: after the prompt has switched the
/// terminal to reading single keys (a key typed earlier waits for a line end).
pub fn press(session: &mut PtySession, key: &str) {
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send(key).unwrap();
    session.flush().unwrap();
}
