//! An older copy of the vault swapped in while a command has the vault
//! open (here `tokens add`, waiting for the pasted list on stdin) is
//! refused when the command reads the file again to save: the vault id and
//! generation are checked on every read, not only at open. Nothing is
//! written: the file stays byte for byte the copy that was swapped in, and
//! the token used since does not come back as unused.
//!
//! Needs the real Secret Service: run through scripts/test.sh.

mod common;

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{BIN, DEADLINE, Env, generation, numbered, random_tokens};

/// Kills the child if the test fails before it is waited for.
struct KillOnDrop(Option<Child>);

impl KillOnDrop {
    fn child(&mut self) -> &mut Child {
        self.0.as_mut().expect("not waited for yet")
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The number of the `read` system call, as /proc/<pid>/syscall shows it.
#[cfg(target_arch = "x86_64")]
const READ_SYSCALL: &str = "0";
#[cfg(target_arch = "aarch64")]
const READ_SYSCALL: &str = "63";

/// Waits until the child is blocked in `read` on its standard input: it has
/// opened the vault (which comes first) and now waits for the paste. Read
/// from /proc, so no guess at how long opening takes.
fn wait_until_reading_stdin(pid: u32) {
    let path = format!("/proc/{pid}/syscall");
    let started = Instant::now();
    loop {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut fields = text.split_whitespace();
        if fields.next() == Some(READ_SYSCALL) && fields.next() == Some("0x0") {
            return;
        }
        assert!(
            started.elapsed() < DEADLINE,
            "the command never waited on stdin: {text}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn an_older_copy_swapped_in_while_tokens_add_waits_on_stdin_is_refused() {
    let env = Env::with_keychain("rollback-mid-command");
    env.run(&["init"]).ok();
    env.run(&["add", "--issuer", "Beta", "--label", "b"]).ok();
    let tokens = random_tokens(3);
    env.run_with_stdin(&["tokens", "add", "beta"], &numbered(&tokens))
        .ok();
    let old = env.vault_bytes();

    // One token used since: the old copy still shows it unused.
    let used = env.run(&["tokens", "use", "beta"]).ok().trim().to_owned();
    assert!(tokens.contains(&used), "{used} is one of {tokens:?}");
    let newest = generation(&env.vault_bytes());
    assert!(newest > generation(&old));

    let mut command = Command::new(BIN);
    command
        .args(["tokens", "add", "beta"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env.envs() {
        command.env(key, value);
    }
    let mut child = KillOnDrop(Some(command.spawn().expect("start safekeep")));
    wait_until_reading_stdin(child.child().id());

    std::fs::write(env.vault_file(), &old).expect("swap the old copy in");
    let mut stdin = child.child().stdin.take().expect("piped");
    stdin
        .write_all(numbered(&random_tokens(2)).as_bytes())
        .expect("paste");
    drop(stdin);
    let out = child
        .0
        .take()
        .expect("not waited for yet")
        .wait_with_output()
        .expect("the command ends");

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "the older copy was accepted: {stderr}"
    );
    assert!(
        stderr.contains("is older than the newest one"),
        "the refusal names the rollback: {stderr}"
    );
    assert!(
        stderr.contains(&format!("version {}, expected {newest}", generation(&old))),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(env.vault_bytes(), old, "the swapped-in copy was written to");

    // Still refused afterwards, at open, by the generation the keychain
    // remembers: the used token never shows as unused.
    let message = env
        .run(&["tokens", "list", "beta"])
        .fails_with(1)
        .to_owned();
    assert!(
        message.contains("is older than the newest one"),
        "{message}"
    );
}
