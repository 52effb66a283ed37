//! Running a program as a test does: input written and closed, output
//! collected, a generous deadline so a hang fails instead of blocking, a
//! child kept waiting on its input until the test has done something
//! behind its back, and a long-running service whose output goes to a log
//! file and which never outlives the test.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How long any one child process may take before the test gives up on it.
/// Only a guard against hanging forever (a keychain prompt nobody answers):
/// no verdict depends on it. Password commands run Argon2 with 64 MiB in a
/// debug build, several seconds each on a loaded machine.
pub const DEADLINE: Duration = Duration::from_secs(300);

/// What a finished run left behind.
#[derive(Debug)]
pub struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// The command line, for failure messages.
    pub what: String,
}

impl Output {
    /// The exit code; a child killed by a signal fails the test here.
    pub fn code(&self) -> i32 {
        self.status
            .code()
            .unwrap_or_else(|| panic!("{} was killed by a signal: {self:?}", self.what))
    }

    /// Asserts success and returns stdout.
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code(),
            0,
            "{} failed.\nstdout: {}\nstderr: {}",
            self.what,
            self.stdout,
            self.stderr
        );
        &self.stdout
    }

    /// Asserts the exit code is `code` (not 0) and that stderr is exactly
    /// one line starting with "safekeep: "; returns that line.
    pub fn fails_with(&self, code: i32) -> &str {
        assert_eq!(
            self.code(),
            code,
            "{}: wrong exit code.\nstdout: {}\nstderr: {}",
            self.what,
            self.stdout,
            self.stderr
        );
        assert_ne!(code, 0, "use ok() for success");
        self.one_line_error()
    }

    /// Asserts that stderr says each of `needed`.
    pub fn assert_stderr_says(&self, needed: &[&str]) {
        for needed in needed {
            assert!(
                self.stderr.contains(needed),
                "{}: {needed:?} missing in {:?}",
                self.what,
                self.stderr
            );
        }
    }

    /// Asserts [`fails_with`](Self::fails_with)`(code)`, that the error
    /// says each of `needed`, and that nothing went to stdout; returns the
    /// error.
    pub fn fails_saying(&self, code: i32, needed: &[&str]) -> &str {
        let message = self.fails_with(code);
        self.assert_stderr_says(needed);
        assert_eq!(
            self.stdout, "",
            "{} printed something although it failed",
            self.what
        );
        message
    }

    /// Asserts that stderr is exactly one line, starting with "safekeep: ".
    pub fn one_line_error(&self) -> &str {
        assert!(
            self.stderr.ends_with('\n') && self.stderr.lines().count() == 1,
            "{}: an error must be exactly one line on stderr, got {:?}",
            self.what,
            self.stderr
        );
        assert!(
            self.stderr.starts_with("safekeep: "),
            "{}: an error must start with \"safekeep: \", got {:?}",
            self.what,
            self.stderr
        );
        self.stderr.trim_end()
    }

    /// Stdout's lines, trimmed of trailing spaces.
    pub fn lines(&self) -> Vec<String> {
        self.stdout
            .lines()
            .map(|line| line.trim_end().to_owned())
            .collect()
    }

    /// The first word of each stdout line: the sites of a `list`, the
    /// tokens of a `tokens list --reveal`.
    pub fn first_words(&self) -> Vec<String> {
        self.lines()
            .iter()
            .map(|line| {
                line.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    }
}

/// `program args` as a failure message names it.
fn describe(program: &str, args: &[&str]) -> String {
    format!(
        "`{} {}`",
        program.rsplit('/').next().unwrap_or(program),
        args.join(" ")
    )
}

/// Starts `program args` with `envs` added to the test's own, all three
/// standard streams piped.
fn spawn_piped(program: &str, args: &[&str], envs: &[(String, String)]) -> Child {
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in envs {
        command.env(key, value);
    }
    command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", describe(program, args)))
}

/// Runs `program args` with `envs`, `stdin` written to its standard input
/// (then closed), stdout and stderr captured. Kills it and fails the test
/// after [`DEADLINE`].
pub fn run_command(program: &str, args: &[&str], envs: &[(String, String)], stdin: &str) -> Output {
    let what = describe(program, args);
    let mut child = spawn_piped(program, args, envs);
    let mut input = child.stdin.take().expect("stdin is piped");
    let stdin = stdin.to_owned();
    // The child may exit without reading; a broken pipe is fine then.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(stdin.as_bytes());
    });
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let out_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = out.read_to_end(&mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = err.read_to_end(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {DEADLINE:?} (a keychain prompt waiting?)");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    writer.join().expect("stdin writer");
    // Lossy: `secret-tool search` prints raw secrets; safekeep prints UTF-8.
    let stdout = String::from_utf8_lossy(&out_reader.join().expect("stdout reader")).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned();
    Output {
        status,
        stdout,
        stderr,
        what,
    }
}

/// The number of the `read` system call, as /proc/<pid>/syscall shows it.
#[cfg(target_arch = "x86_64")]
const READ_SYSCALL: &str = "0";
#[cfg(target_arch = "aarch64")]
const READ_SYSCALL: &str = "63";

/// A child started with its standard input kept open, for the test to do
/// something behind its back first; killed if the test fails before it is
/// finished.
pub struct WaitingChild {
    child: Option<Child>,
    what: String,
}

impl WaitingChild {
    /// Starts `program args` with `envs`.
    pub fn spawn(program: &str, args: &[&str], envs: &[(String, String)]) -> WaitingChild {
        WaitingChild {
            child: Some(spawn_piped(program, args, envs)),
            what: describe(program, args),
        }
    }

    fn child(&self) -> &Child {
        self.child.as_ref().expect("not finished yet")
    }

    /// Waits until the child blocks reading its standard input: by then a
    /// `safekeep` command has opened the vault (commands open it before
    /// reading from stdin). The kernel says which system call a task waits
    /// in, so no guessing how long that takes.
    pub fn wait_until_reading_stdin(&self) {
        let path = format!("/proc/{}/syscall", self.child().id());
        let started = Instant::now();
        loop {
            let now = std::fs::read_to_string(&path).unwrap_or_default();
            let mut fields = now.split_whitespace();
            if fields.next() == Some(READ_SYSCALL) && fields.next() == Some("0x0") {
                return;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "{} never waited for its standard input ({path}: {now:?})",
                self.what
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Writes `stdin`, closes it, and collects what the child said.
    pub fn finish(mut self, stdin: &str) -> Output {
        let mut child = self.child.take().expect("not finished yet");
        let mut input = child.stdin.take().expect("piped stdin");
        input.write_all(stdin.as_bytes()).expect("write stdin");
        drop(input);
        let output = child.wait_with_output().expect("the child exits");
        Output {
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            what: std::mem::take(&mut self.what),
        }
    }
}

impl Drop for WaitingChild {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A long-running program (a service the test talks to) whose standard
/// output and error go to a log file, appended to so a restart keeps what
/// the killed run said. Never outlives the test: dropping it kills and reaps
/// it.
pub struct LoggedChild {
    child: Child,
    what: String,
}

impl LoggedChild {
    /// Starts `command` with no input and both output streams appended to
    /// `log`.
    pub fn spawn(mut command: Command, log: &Path) -> LoggedChild {
        let what = format!("{command:?}");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .unwrap_or_else(|e| panic!("cannot open the log {}: {e}", log.display()));
        let err_file = file.try_clone().expect("clone the log file handle");
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::from(file))
            .stderr(Stdio::from(err_file))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
        LoggedChild { child, what }
    }

    /// How it ended, if it has; `None` while it runs.
    pub fn exit_status(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().expect("ask whether the child ended")
    }

    /// Kills it at once (SIGKILL: no chance to tidy up, as a crash or a
    /// power cut) and reaps it.
    pub fn kill(&mut self) {
        // An error means it had already ended; reaping it is all that is left.
        let _ = self.child.kill();
        self.child.wait().expect("reap the killed child");
    }

    /// The command line, for failure messages.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// Its process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for LoggedChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_gets_its_input_and_gives_back_its_output() {
        let out = run_command("sh", &["-c", "cat; echo oops >&2; exit 3"], &[], "hello\n");
        assert_eq!(out.code(), 3);
        assert_eq!(out.stdout, "hello\n");
        assert_eq!(out.stderr, "oops\n");
        assert_eq!(out.what, "`sh -c cat; echo oops >&2; exit 3`");
    }

    #[test]
    fn a_failure_must_say_everything_asked_and_print_nothing() {
        let fails = |script: &str| run_command("sh", &["-c", script], &[], "");
        let out = fails("echo 'safekeep: No space left. Free some.' >&2; exit 1");
        assert_eq!(
            out.fails_saying(1, &["No space", "Free some"]),
            "safekeep: No space left. Free some."
        );
        for script in [
            "echo 'safekeep: No space left.' >&2; exit 1",
            "echo half; echo 'safekeep: No space left. Free some.' >&2; exit 1",
            "echo 'safekeep: No space left. Free some.' >&2; exit 2",
            "echo 'No space left. Free some.' >&2; exit 1",
        ] {
            let out = fails(script);
            let caught = std::panic::catch_unwind(|| {
                out.fails_saying(1, &["No space", "Free some"]);
            });
            assert!(caught.is_err(), "{script} passed");
        }
    }

    #[test]
    fn a_waiting_child_reads_only_when_told() {
        let envs = [("GREETING".to_owned(), "hi".to_owned())];
        let child = WaitingChild::spawn("sh", &["-c", "read line; echo $GREETING $line"], &envs);
        child.wait_until_reading_stdin();
        let out = child.finish("there\n");
        assert_eq!(out.ok(), "hi there\n");
        assert_eq!(out.first_words(), ["hi"]);
    }

    #[test]
    fn a_logged_child_appends_its_output_and_dies_when_killed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("service.log");
        for word in ["first", "second"] {
            let mut command = Command::new("sh");
            command.args([
                "-c",
                &format!("echo {word}; echo {word}-err >&2; exec sleep 600"),
            ]);
            let mut child = LoggedChild::spawn(command, &log);
            let started = Instant::now();
            while !std::fs::read_to_string(&log)
                .unwrap_or_default()
                .contains(&format!("{word}-err"))
            {
                assert!(
                    started.elapsed() < DEADLINE,
                    "{} wrote nothing",
                    child.what()
                );
                std::thread::sleep(Duration::from_millis(5));
            }
            assert!(child.exit_status().is_none(), "it must still run");
            child.kill();
            assert!(child.exit_status().is_some(), "killed and reaped");
        }
        let said = std::fs::read_to_string(&log).expect("read the log");
        assert_eq!(
            said.lines().collect::<Vec<_>>(),
            ["first", "first-err", "second", "second-err"]
        );
    }
}
