//! Safekeep works offline: the real window, used as a person uses it
//! (first run, an account added by its otpauth link, its code, backup tokens
//! used and one put back, the recovery sheet's print view, lock, unlock),
//! with the app and every process it starts (WebKit's web and network
//! processes, the print dialog) under `strace -f`, makes no network call
//! but these two:
//!
//! - **WebDriver's own channel.** Only because a test drives the window:
//!   WebKitWebDriver starts the app with `WEBKIT_INSPECTOR_SERVER` set to a
//!   loopback address it chose, the app's WebKit listens there (WebKit's
//!   remote inspector, which carries every WebDriver command) and WebKit's
//!   processes connect to it. Exactly that address is allowed, read from
//!   the environment the app was given; a person's app has no such server.
//! - **The system print dialog** asks the print server for printers: GTK's
//!   CUPS backend connects to CUPS's default address, loopback port 631,
//!   while the dialog is open. Only that loopback port is allowed.
//!
//! Everything else fails the test: a socket of any family other than
//! `AF_UNIX` and `AF_NETLINK` (local to the kernel) except TCP (which the
//! two above need), so no UDP and no DNS lookup; a `connect` or `bind`
//! naming any other IP address, loopback or not; a datagram (`sendto`,
//! `sendmsg`) to any IP address; a connection accepted from off this
//! computer; `listen` on a socket not bound to the inspector's address (an
//! unbound socket listens on every interface); and `io_uring_setup`, since
//! calls made through io_uring would not show in the log. The rules are
//! tested on their own below, including a connection to a public address,
//! and the log must show the app's start and its bind to the inspector's
//! address, so an empty or wrong log cannot pass.
//!
//! What it cannot prove: that code paths this scenario does not take are
//! offline too (import, backup and export are file-only by design, and the
//! core has no network code); that a program the app asks over D-Bus (the
//! keyring, the accessibility bus) does nothing on its behalf, since only
//! the app's own process tree is traced; and that WebKit would stay off the
//! network for content the window never shows (its CSP allows no remote
//! source). The print dialog talks to whatever print server the system is
//! set up with; here that is CUPS's default on the loopback (a local cupsd
//! is reached through its Unix socket instead). On a machine whose CUPS
//! client names a print server elsewhere this test fails, and its message
//! names the connection: GTK's, not Safekeep's, and only once Print is
//! pressed.

use std::collections::{BTreeMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::process::Command;

use safekeep_e2e::scenario::{SECRET, Scenario, TOKENS};
use safekeep_e2e::steps::{
    add_tokens, assert_code_is_oathtools, lock_and_unlock, print_recovery_sheet, undo_token_use,
    use_token,
};
use safekeep_e2e::{Display, Launch, app_binary, app_wrapper, shell_quoted, wait_until_closed};

/// Where the print dialog finds the print server unless the system names
/// another: CUPS's IPP port.
const IPP_PORT: u16 = 631;

#[tokio::test]
async fn the_app_makes_no_network_call_but_webdrivers_and_the_print_dialogs() {
    let strace = Command::new("strace").arg("-V").output();
    assert!(
        strace.is_ok_and(|output| output.status.success()),
        "strace runs (apt package strace; scripts/setup.sh installs it)"
    );
    let files = tempfile::tempdir().expect("temp dir");
    let log = files.path().join("strace.log");
    let inspector_file = files.path().join("inspector-address");
    let output = files.path().join("app-output.txt");
    let wrapper = files.path().join("safekeep-app-under-strace");
    let log_arg = log.display().to_string();
    app_wrapper(
        &wrapper,
        &format!(
            "printf '%s\\n' \"$WEBKIT_INSPECTOR_SERVER\" >> {}",
            shell_quoted(&inspector_file.display().to_string())
        ),
        &[
            "strace",
            // The tracer as a grandchild: the process WebKitWebDriver
            // started, and ends when the session closes, is the app itself.
            "-D",
            "-f",
            "--seccomp-bpf",
            "-qq",
            "-e",
            "signal=none",
            // No data, only calls and addresses.
            "-s",
            "0",
            "-e",
            "trace=%network,io_uring_setup,execve",
            "-o",
            &log_arg,
            "--",
        ],
        &output,
    );

    let display = Display::start();
    let launch = Launch {
        wrapper: Some(wrapper),
        ..Launch::default()
    };
    let (_profile, app) = Scenario::made_in_the_window("no-network")
        .account("Therapieland", "j.jansen@example.org", SECRET)
        .launch_with(&display, &launch)
        .await;
    assert_code_is_oathtools(&app, "Therapieland", SECRET).await;
    add_tokens(&app, &TOKENS[..3]).await;
    let first = use_token(&app, &display, 2).await;
    assert_eq!(first, TOKENS[0]);
    use_token(&app, &display, 1).await;
    undo_token_use(&app, 2).await;
    app.click("close-panel").await;
    let sheet = print_recovery_sheet(&app, &display).await;
    assert!(
        sheet.contains(TOKENS[1]) && !sheet.contains(TOKENS[0]),
        "the sheet shows the unused tokens: {sheet}"
    );
    lock_and_unlock(&app).await;
    app.quit().await;
    wait_until_closed(&log);

    let log = std::fs::read_to_string(&log).expect("the strace log");
    let inspector = std::fs::read_to_string(&inspector_file).expect("the inspector address");
    let inspector: SocketAddr = inspector.trim().parse().unwrap_or_else(|_| {
        panic!("WebKitWebDriver gave the app no inspector address: {inspector:?}")
    });
    assert!(inspector.ip().is_loopback(), "{inspector}");
    let app_path = app_binary().display().to_string();
    assert!(
        log.lines()
            .any(|line| line.contains(&format!("execve(\"{app_path}\""))),
        "the log follows the app (started through strace): {}",
        log.lines().take(5).collect::<Vec<_>>().join("\n")
    );
    let report = check(&log, inspector);
    println!(
        "TCP connect calls per address: {:#?}\nprograms traced: {:?}",
        report.connections,
        report.programs.values().collect::<HashSet<_>>()
    );
    assert!(
        report.inspector_bound,
        "the log shows the app listening on the inspector's {inspector}: \
         the network calls were traced"
    );
    assert!(
        report.violations.is_empty(),
        "network calls outside WebDriver's channel and the print dialog:\n{}",
        report.violations.join("\n")
    );
}

/// One system call as a line of the log shows it: the calling process (when
/// `strace -f` names it), the call, and its arguments (or, for a call the
/// log resumes, the rest of them).
#[derive(Debug)]
struct Call<'a> {
    pid: Option<u32>,
    name: &'a str,
    args: &'a str,
    /// A call the log resumes after another process's line: only its
    /// results are on this line (its arguments were on the first).
    resumed: bool,
}

fn parse_line(line: &str) -> Option<Call<'_>> {
    let line = line.trim();
    let (pid, rest) = match line.split_once(char::is_whitespace) {
        Some((first, rest)) if first.bytes().all(|b| b.is_ascii_digit()) => {
            (first.parse().ok(), rest.trim_start())
        }
        _ => (None, line),
    };
    if let Some(resumed) = rest.strip_prefix("<... ") {
        let (name, args) = resumed.split_once(" resumed>")?;
        return Some(Call {
            pid,
            name,
            args: args.trim_start(),
            resumed: true,
        });
    }
    let open = rest.find('(')?;
    let name = &rest[..open];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    Some(Call {
        pid,
        name,
        args: &rest[open + 1..],
        resumed: false,
    })
}

/// An address a call names.
#[derive(Debug, PartialEq, Eq)]
enum Endpoint {
    /// `AF_UNIX`, `AF_NETLINK`, or `AF_UNSPEC` (which ends a connection).
    Local,
    Ip(SocketAddr),
    /// Any other family, or an IP address the log wrote unreadably.
    Other(String),
}

/// Every address in a call's arguments (`sendmmsg` can name several).
fn endpoints(args: &str) -> Vec<Endpoint> {
    args.match_indices("sa_family=")
        .map(|(at, key)| {
            let rest = &args[at + key.len()..];
            let family: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let ip = |port_key: &str, address_start: &str| -> Option<SocketAddr> {
                let port = between(rest, port_key, ")")?.parse().ok()?;
                let address: IpAddr = between(rest, address_start, "\"")?.parse().ok()?;
                Some(SocketAddr::new(address, port))
            };
            let parsed = match family.as_str() {
                "AF_UNIX" | "AF_NETLINK" | "AF_UNSPEC" => return Endpoint::Local,
                "AF_INET" => ip("sin_port=htons(", "inet_addr(\""),
                "AF_INET6" => ip("sin6_port=htons(", "inet_pton(AF_INET6, \""),
                _ => None,
            };
            parsed.map_or_else(
                || Endpoint::Other(rest.chars().take(120).collect()),
                Endpoint::Ip,
            )
        })
        .collect()
}

/// The text between the first `start` in `text` and the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

fn is_loopback(address: &IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// What the log shows.
#[derive(Debug, Default)]
struct Report {
    /// One line per call outside the rules.
    violations: Vec<String>,
    /// Whether the app bound the inspector's address: evidence the log
    /// holds the network calls at all.
    inspector_bound: bool,
    /// TCP connection attempts, counted per address.
    connections: BTreeMap<SocketAddr, usize>,
    /// Which program each process ran, from its `execve`.
    programs: BTreeMap<u32, String>,
}

/// Checks every line of an `strace -f -e trace=%network,io_uring_setup,execve`
/// log against the rules in the module documentation.
fn check(log: &str, inspector: SocketAddr) -> Report {
    let mut report = Report::default();
    // (process, descriptor) of sockets bound to the inspector's address.
    let mut listeners = HashSet::new();
    for line in log.lines() {
        let Some(call) = parse_line(line) else {
            continue;
        };
        // Only an accepted peer's address comes back from a call; the rest
        // is checked where the call starts.
        if call.resumed && !call.name.starts_with("accept") {
            continue;
        }
        let who = call
            .pid
            .map(|pid| {
                let program = report.programs.get(&pid).map_or("?", String::as_str);
                format!("{program} (pid {pid})")
            })
            .unwrap_or_default();
        let mut flag = |why: &str| report.violations.push(format!("{why}: {who} {line}"));
        let first_arg = call.args.split(',').next().unwrap_or_default().trim();
        match call.name {
            "execve" => {
                if let (Some(pid), Some(path)) = (call.pid, between(call.args, "\"", "\"")) {
                    let program = path.rsplit('/').next().unwrap_or(path).to_owned();
                    report.programs.insert(pid, program);
                }
            }
            "socket" | "socketpair" => {
                let kind = call.args.split(',').nth(1).unwrap_or_default().trim();
                let allowed = match first_arg {
                    "AF_UNIX" | "AF_NETLINK" => true,
                    "AF_INET" | "AF_INET6" => {
                        call.name == "socket" && kind.split('|').next() == Some("SOCK_STREAM")
                    }
                    _ => false,
                };
                if !allowed {
                    flag("a socket other than local or TCP");
                }
            }
            "connect" => {
                for endpoint in endpoints(call.args) {
                    match endpoint {
                        Endpoint::Local => {}
                        Endpoint::Ip(address)
                            if address == inspector
                                || (is_loopback(&address.ip()) && address.port() == IPP_PORT) =>
                        {
                            *report.connections.entry(address).or_default() += 1;
                        }
                        Endpoint::Ip(address) if is_loopback(&address.ip()) => {
                            flag("a connection to a loopback port nobody allowed");
                        }
                        _ => flag("a connection off this computer"),
                    }
                }
            }
            "bind" => {
                for endpoint in endpoints(call.args) {
                    match endpoint {
                        Endpoint::Local => {}
                        Endpoint::Ip(address) if address == inspector => {
                            report.inspector_bound = true;
                            listeners.insert((call.pid, first_arg.to_owned()));
                        }
                        _ => flag("a bind to an address other than the inspector's"),
                    }
                }
            }
            "listen" if !listeners.contains(&(call.pid, first_arg.to_owned())) => {
                flag("listening on a socket not bound to the inspector's address");
            }
            "sendto" | "sendmsg" | "sendmmsg"
                if endpoints(call.args)
                    .iter()
                    .any(|endpoint| *endpoint != Endpoint::Local) =>
            {
                flag("a datagram to an IP address");
            }
            "accept" | "accept4" => {
                for endpoint in endpoints(call.args) {
                    match endpoint {
                        Endpoint::Local => {}
                        Endpoint::Ip(address) if is_loopback(&address.ip()) => {}
                        _ => flag("a connection accepted from off this computer"),
                    }
                }
            }
            "io_uring_setup" => flag("io_uring, whose calls strace cannot see"),
            _ => {}
        }
    }
    report
}

mod rules {
    use super::*;

    fn inspector() -> SocketAddr {
        "127.0.0.1:39173".parse().unwrap()
    }

    fn violations(log: &str) -> Vec<String> {
        check(log, inspector()).violations
    }

    /// What the scenario's log really held, one line of each kind.
    const ALLOWED: &str = r#"2268  execve("/work/main/target/debug/safekeep-app", [...], 0x7ffd4a4d3f08 /* 60 vars */) = 0
2268  socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3
2268  connect(3, {sa_family=AF_UNIX, sun_path=@"/tmp/.X11-unix/X1"}, 20) = 0
2268  socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 7
2268  bind(7, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0
2268  sendto(7, ""..., 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20
2268  socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 19
2268  bind(19, {sa_family=AF_INET, sin_port=htons(39173), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
2268  listen(19, 10)                    = 0
2268  accept(19, NULL, NULL)            = 25
2327  socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP <unfinished ...>
2327  <... socket resumed>)             = 23
2327  connect(23, {sa_family=AF_INET, sin_port=htons(39173), sin_addr=inet_addr("127.0.0.1")}, 16 <unfinished ...>
2268  socket(AF_INET6, SOCK_STREAM, IPPROTO_IP) = 50
2268  connect(50, {sa_family=AF_INET6, sin6_port=htons(631), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused)
2268  connect(51, {sa_family=AF_INET, sin_port=htons(631), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)
2268  sendmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=""..., iov_len=16}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_NOSIGNAL) = 16
2268  recvfrom(7, ""..., 4096, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, [112 => 12]) = 40
"#;

    #[test]
    fn what_webdriver_and_the_print_dialog_do_passes() {
        let report = check(ALLOWED, inspector());
        assert!(report.violations.is_empty(), "{:#?}", report.violations);
        assert!(report.inspector_bound);
        assert_eq!(report.connections.len(), 3, "{:?}", report.connections);
        assert_eq!(report.programs[&2268], "safekeep-app");
    }

    #[test]
    fn a_connection_to_a_public_address_is_flagged() {
        let line = r#"connect(12, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16)"#;
        let found = violations(line);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("off this computer"), "{found:?}");
        let with_pid = format!("4242  {line} = -1 EINPROGRESS (Operation now in progress)");
        assert_eq!(violations(&format!("{ALLOWED}{with_pid}\n")).len(), 1);
    }

    #[test]
    fn an_ipv6_connection_off_this_computer_is_flagged() {
        let line = r#"77  connect(9, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2606:2800:220:1::1", &sin6_addr), sin6_scope_id=0}, 28 <unfinished ...>"#;
        assert_eq!(violations(line).len(), 1);
    }

    #[test]
    fn another_loopback_port_is_flagged() {
        let line = r#"77  connect(9, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0"#;
        assert_eq!(violations(line).len(), 1);
    }

    #[test]
    fn a_dns_lookup_is_flagged_twice() {
        let log = r#"77  socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 9
77  sendto(9, ""..., 40, MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.1")}, 16) = 40
"#;
        assert_eq!(violations(log).len(), 2, "{:?}", violations(log));
    }

    #[test]
    fn a_datagram_in_a_message_header_is_flagged() {
        let line = r#"77  sendmsg(9, {msg_name={sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, msg_namelen=28, msg_iov=[{iov_base=""..., iov_len=1200}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 1200"#;
        assert_eq!(violations(line).len(), 1);
    }

    #[test]
    fn other_families_are_flagged() {
        let log = "77  socket(AF_PACKET, SOCK_RAW, 768) = 9\n\
                   77  socket(AF_BLUETOOTH, SOCK_STREAM, BTPROTO_RFCOMM) = 10\n\
                   77  socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) = 11\n";
        assert_eq!(violations(log).len(), 3);
    }

    #[test]
    fn listening_on_any_interface_is_flagged() {
        let log = r#"77  bind(9, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
77  listen(9, 10) = 0
77  listen(12, 5) = 0
"#;
        assert_eq!(violations(log).len(), 3, "{:?}", violations(log));
    }

    #[test]
    fn a_peer_from_off_this_computer_is_flagged() {
        let line = r#"77  <... accept4 resumed>{sa_family=AF_INET, sin_port=htons(50000), sin_addr=inet_addr("192.168.1.20")}, [16], SOCK_CLOEXEC) = 12"#;
        assert_eq!(violations(line).len(), 1);
    }

    #[test]
    fn io_uring_is_flagged() {
        assert_eq!(violations("77  io_uring_setup(8, 0x7ffc) = 5").len(), 1);
    }

    #[test]
    fn an_unreadable_address_is_flagged() {
        let line = "77  connect(9, {sa_family=AF_INET, garbled}, 16) = 0";
        assert_eq!(violations(line).len(), 1);
    }

    #[test]
    fn the_programs_are_named_in_violations() {
        let log = r#"88  execve("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKitNetworkProcess", [...], 0x1 /* 9 vars */) = 0
88  connect(12, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16) = 0
"#;
        let found = violations(log);
        assert!(
            found[0].contains("WebKitNetworkProcess (pid 88)"),
            "{found:?}"
        );
    }
}
