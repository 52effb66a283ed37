//! Two computers sharing a folder through a real sync engine: two Syncthing
//! instances (Debian's `syncthing`, installed by scripts/setup.sh) on
//! 127.0.0.1, started by the test, for the tests of issue 15 ("Several
//! computers, one vault").
//!
//! What [`SyncthingPair::start`] sets up:
//! - each instance has its own home (a temporary folder: keys, config,
//!   database, and `syncthing.log`, its log), its own device id (`syncthing
//!   generate`), and its own GUI/REST and sync ports, found free at run time;
//! - each knows the other through its config.xml, with an explicit
//!   `tcp://127.0.0.1:PORT` address; nothing else: no global or local
//!   discovery, no relays, no NAT traversal, no STUN, no upgrade checks, no
//!   usage or crash reports, no browser. Nothing leaves loopback, and the
//!   harness checks that the running instances took these settings before a
//!   test uses them (a setting a newer Syncthing renamed fails loudly);
//! - one folder id ([`FOLDER_ID`]) shared between the two given folders,
//!   with the file-system watcher on and a short rescan interval. Syncthing
//!   needs a marker folder, `.stfolder`, at the root of each; the harness
//!   makes it, so tests that list the folder must expect it.
//!
//! No verdict depends on how fast Syncthing is: [`SyncthingPair::rescan`]
//! makes an instance look at its folder now (it returns when the scan is
//! done), and [`SyncthingPair::wait_until_in_sync`] rescans both, then waits
//! until each is connected to the other, has nothing left to pull, and knows
//! the other has everything, and then checks that one more scan on both
//! finds nothing new. Timeouts are only guards against hanging.
//!
//! A conflict copy, reliably (issue 15, scenario 6):
//! 1. have the file on both sides and in sync
//!    ([`SyncthingPair::wait_until_in_sync`]), or not at all;
//! 2. [`SyncthingPair::pause`] (it returns once both have stopped looking
//!    at the folder);
//! 3. write the same path with different content on both sides;
//! 4. [`SyncthingPair::resume`], then [`SyncthingPair::wait_until_in_sync`].
//!
//! On resume each side scans its folder before it pulls anything, so each
//! records its own version first and the two versions meet as concurrent
//! changes. Both then hold the winner (the later modification time wins)
//! under the path, and exactly one `NAME.sync-conflict-DATE-TIME-DEVICE.EXT`
//! copy of the loser, on both sides ([`conflict_copies`] finds them):
//! Syncthing makes it on the losing side and then syncs it like any new
//! file.
//!
//! While Syncthing pulls a file it writes `.syncthing.NAME.tmp` next to it
//! and renames it into place when complete, so a transfer cut short leaves
//! such a temporary file ([`syncthing_temporaries`]), never a half-written
//! `NAME`; after a restart Syncthing finishes it and renames it. To kill an
//! instance mid-transfer (issue 15, scenario 8), reliably:
//! 1. [`SyncthingPair::limit_receive_rate`] on the receiving side (say
//!    64 KiB/s), then write a file of a few MiB on the other side and
//!    [`SyncthingPair::rescan`] it;
//! 2. [`SyncthingPair::wait_until_receiving`] (the temporary file is there);
//! 3. [`SyncthingPair::kill`]; later [`SyncthingPair::restart`] and lift the
//!    limit (`limit_receive_rate(side, 0)`).
//!
//! On any failure the panic message ends with the tail of both logs (they
//! name devices, ports and file names, never file contents).

use crate::process::{LoggedChild, run_command};
use serde_json::Value;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The folder id both instances share.
pub const FOLDER_ID: &str = "safekeep-sync-test";

/// How long an instance may take to start, or to see the other connect or
/// go away. Only a guard against hanging: no verdict depends on it.
pub const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The Syncthing program, from Debian's `syncthing` package.
const SYNCTHING: &str = "syncthing";

/// How many lines of each log a failure message shows.
const LOG_TAIL_LINES: usize = 40;

/// How often the harness asks the instances how they are doing.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// How long one REST request may take, in seconds: a scan of the folder is
/// one request.
const REQUEST_TIMEOUT_SECONDS: u64 = 120;

/// How often a pair start is tried again when a port found free was taken
/// by someone else before Syncthing bound it.
const START_ATTEMPTS: usize = 3;

/// One of the two computers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

impl Side {
    /// The other computer.
    pub fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }
}

/// One Syncthing instance: where it keeps its things, how to reach it, and
/// its process while it runs.
struct Instance {
    side: Side,
    home: PathBuf,
    folder: PathBuf,
    device_id: String,
    api_key: String,
    gui_port: u16,
    sync_port: u16,
    process: Option<LoggedChild>,
}

impl Instance {
    fn log_path(&self) -> PathBuf {
        self.home.join("syncthing.log")
    }

    fn listen_address(&self) -> String {
        format!("tcp://127.0.0.1:{}", self.sync_port)
    }

    /// The last lines of its log, for a failure message.
    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = &lines[lines.len().saturating_sub(LOG_TAIL_LINES)..];
        format!(
            "--- last lines of {:?}'s log ({}) ---\n{}",
            self.side,
            self.log_path().display(),
            tail.join("\n")
        )
    }

    /// Sends a REST request; the body of a 200 answer, or what went wrong.
    fn request(&self, method: &str, path_and_query: &str) -> Result<String, String> {
        self.request_with_body(method, path_and_query, "")
    }

    /// Sends a REST request with `body` (JSON, or nothing); the body of a
    /// 200 answer, or what went wrong.
    fn request_with_body(
        &self,
        method: &str,
        path_and_query: &str,
        body: &str,
    ) -> Result<String, String> {
        let url = format!("http://127.0.0.1:{}{path_and_query}", self.gui_port);
        let request = match method {
            "GET" => minreq::get(url),
            "POST" => minreq::post(url),
            "PATCH" => minreq::patch(url),
            _ => unreachable!("only GET, POST and PATCH are used"),
        };
        let request = if body.is_empty() {
            request
        } else {
            request
                .with_header("Content-Type", "application/json")
                .with_body(body)
        };
        let response = request
            .with_header("X-API-Key", self.api_key.as_str())
            .with_timeout(REQUEST_TIMEOUT_SECONDS)
            .send()
            .map_err(|e| format!("{method} {path_and_query} to {:?}: {e}", self.side))?;
        let body = response.as_str().unwrap_or("(not UTF-8)").to_owned();
        if response.status_code != 200 {
            return Err(format!(
                "{method} {path_and_query} to {:?}: HTTP {}: {}",
                self.side,
                response.status_code,
                body.trim()
            ));
        }
        Ok(body)
    }

    /// A GET whose answer is JSON.
    fn get_json(&self, path_and_query: &str) -> Result<Value, String> {
        let body = self.request("GET", path_and_query)?;
        serde_json::from_str(&body).map_err(|e| {
            format!(
                "GET {path_and_query} to {:?} is not JSON ({e}): {body}",
                self.side
            )
        })
    }

    /// Starts the process on the config already written in its home.
    fn spawn(&mut self) {
        let mut command = Command::new(SYNCTHING);
        command
            .arg("serve")
            .arg(format!("--home={}", self.home.display()))
            .args(["--no-restart", "--no-browser", "--no-upgrade"])
            .arg("--logflags=6")
            // Syncthing 1.19 runs as a monitor that starts the real
            // Syncthing as its child, even with --no-restart; killing the
            // monitor would leave that child running with the folder. This
            // (the variable the monitor sets for its child) runs the real one
            // directly, so a SIGKILL stops Syncthing itself.
            .env("STMONITORED", "yes")
            // Syncthing needs a home directory even when told where its own
            // is; its own keeps it away from the user's.
            .env("HOME", &self.home)
            .env("STNORESTART", "1")
            .env("STNOUPGRADE", "1")
            .env("STNODEFAULTFOLDER", "1");
        // Syncthing dials through a proxy named in the environment; these
        // two must reach each other directly, on loopback.
        for proxy in [
            "all_proxy",
            "ALL_PROXY",
            "http_proxy",
            "HTTP_PROXY",
            "https_proxy",
            "HTTPS_PROXY",
        ] {
            command.env_remove(proxy);
        }
        self.process = Some(LoggedChild::spawn(command, &self.log_path()));
    }

    /// Waits until its REST API answers as this device, its sync listener is
    /// bound, and it runs the settings the harness wrote; the reason
    /// otherwise.
    fn wait_until_ready(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let listen = self.listen_address();
        loop {
            let process = self.process.as_mut().expect("it was started");
            if let Some(status) = process.exit_status() {
                return Err(format!("{:?}'s Syncthing ended: {status}", self.side));
            }
            let last = match self.get_json("/rest/system/status") {
                Ok(status) => {
                    let listener = &status["connectionServiceStatus"][&listen];
                    if status["myID"] != self.device_id.as_str() {
                        format!(
                            "another program answers on port {}: {status}",
                            self.gui_port
                        )
                    } else if !listener["error"].is_null() {
                        return Err(format!(
                            "{:?} cannot listen on {listen}: {}",
                            self.side, listener["error"]
                        ));
                    } else if listener.is_null() {
                        format!("{listen} not listening yet")
                    } else {
                        return self.check_running_config();
                    }
                }
                Err(e) => e,
            };
            if started.elapsed() > START_TIMEOUT {
                return Err(format!(
                    "{:?}'s Syncthing not ready within {START_TIMEOUT:?}: {last}",
                    self.side
                ));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Checks that the running instance took every setting that keeps it on
    /// loopback and makes conflict copies, so a Syncthing that renamed or
    /// ignored one fails here instead of reaching the network.
    fn check_running_config(&self) -> Result<(), String> {
        let options = self.get_json("/rest/config/options")?;
        let expected = [
            (
                "listenAddresses",
                serde_json::json!([self.listen_address()]),
            ),
            ("globalAnnounceEnabled", Value::Bool(false)),
            ("localAnnounceEnabled", Value::Bool(false)),
            ("relaysEnabled", Value::Bool(false)),
            ("natEnabled", Value::Bool(false)),
            ("urAccepted", serde_json::json!(-1)),
            ("autoUpgradeIntervalH", serde_json::json!(0)),
            ("startBrowser", Value::Bool(false)),
            ("crashReportingEnabled", Value::Bool(false)),
        ];
        for (name, value) in expected {
            if options[name] != value {
                return Err(format!(
                    "{:?} runs with {name} = {}, not {value}",
                    self.side, options[name]
                ));
            }
        }
        let folder = self.get_json(&format!("/rest/config/folders/{FOLDER_ID}"))?;
        let shared_with = folder["devices"].as_array().map_or(0, Vec::len);
        if folder["fsWatcherEnabled"] != Value::Bool(true)
            || folder["maxConflicts"].as_i64().unwrap_or(0) == 0
            || shared_with != 2
        {
            return Err(format!(
                "{:?} runs the folder with other settings than written: {folder}",
                self.side
            ));
        }
        Ok(())
    }

    fn stop(&mut self) {
        if let Some(mut process) = self.process.take() {
            process.kill();
        }
    }
}

/// Two Syncthing instances on 127.0.0.1 sharing [`FOLDER_ID`] between two
/// folders: "two computers sharing a folder through Syncthing". Dropping it
/// kills both and removes their homes (not the shared folders).
pub struct SyncthingPair {
    a: Instance,
    b: Instance,
    /// Holds both homes; removed when the pair is dropped.
    _homes: tempfile::TempDir,
}

impl SyncthingPair {
    /// Starts two instances sharing `folder_a` (on A) with `folder_b` (on
    /// B), created if missing; returns once both run and are connected to
    /// each other. Fails the test, with both logs, if they cannot.
    pub fn start(folder_a: &Path, folder_b: &Path) -> SyncthingPair {
        require_syncthing();
        let mut last_error = String::new();
        for _ in 0..START_ATTEMPTS {
            let mut pair = SyncthingPair::prepare(folder_a, folder_b);
            match pair.launch() {
                Ok(()) => {
                    pair.wait_until_connected();
                    return pair;
                }
                // A port found free was taken before Syncthing bound it:
                // try again with new ones.
                Err(e) if pair.logs_say("address already in use") => last_error = e,
                Err(e) => pair.fail(&e),
            }
        }
        panic!(
            "could not start two Syncthing instances in {START_ATTEMPTS} attempts: {last_error}"
        );
    }

    /// Homes, keys and configs for both, not started yet.
    fn prepare(folder_a: &Path, folder_b: &Path) -> SyncthingPair {
        let homes = tempfile::Builder::new()
            .prefix("safekeep-syncthing-")
            .tempdir()
            .expect("a temporary folder for the Syncthing homes");
        let ports = free_loopback_ports(4);
        let instance = |side: Side, folder: &Path, gui_port: u16, sync_port: u16| {
            let home = homes.path().join(format!("{side:?}").to_lowercase());
            std::fs::create_dir_all(&home).expect("create a Syncthing home");
            // The marker Syncthing insists on before it touches a folder.
            std::fs::create_dir_all(folder.join(".stfolder"))
                .unwrap_or_else(|e| panic!("create {}/.stfolder: {e}", folder.display()));
            let home_arg = format!("--home={}", home.display());
            let envs = [("HOME".to_owned(), home.display().to_string())];
            run_command(
                SYNCTHING,
                &["generate", &home_arg, "--no-default-folder"],
                &envs,
                "",
            )
            .ok();
            let device_id = run_command(SYNCTHING, &["serve", &home_arg, "--device-id"], &envs, "")
                .ok()
                .trim()
                .to_owned();
            Instance {
                side,
                home,
                folder: folder.to_owned(),
                device_id,
                api_key: uuid::Uuid::new_v4().simple().to_string(),
                gui_port,
                sync_port,
                process: None,
            }
        };
        let a = instance(Side::A, folder_a, ports[0], ports[1]);
        let b = instance(Side::B, folder_b, ports[2], ports[3]);
        for (this, peer) in [(&a, &b), (&b, &a)] {
            let path = this.home.join("config.xml");
            let generated = std::fs::read_to_string(&path).expect("read the generated config.xml");
            std::fs::write(&path, config_xml(this, peer, config_version(&generated)))
                .expect("write config.xml");
        }
        SyncthingPair {
            a,
            b,
            _homes: homes,
        }
    }

    /// Starts both and waits until each is ready.
    fn launch(&mut self) -> Result<(), String> {
        self.a.spawn();
        self.b.spawn();
        self.a.wait_until_ready()?;
        self.b.wait_until_ready()
    }

    fn instance(&self, side: Side) -> &Instance {
        match side {
            Side::A => &self.a,
            Side::B => &self.b,
        }
    }

    fn instance_mut(&mut self, side: Side) -> &mut Instance {
        match side {
            Side::A => &mut self.a,
            Side::B => &mut self.b,
        }
    }

    /// The shared folder as `side` sees it.
    pub fn folder(&self, side: Side) -> &Path {
        &self.instance(side).folder
    }

    /// `side`'s Syncthing device id.
    pub fn device_id(&self, side: Side) -> &str {
        &self.instance(side).device_id
    }

    /// Where `side`'s Syncthing writes its log.
    pub fn log_path(&self, side: Side) -> PathBuf {
        self.instance(side).log_path()
    }

    /// Whether `side`'s Syncthing runs (false after [`kill`](Self::kill)).
    pub fn is_running(&self, side: Side) -> bool {
        self.instance(side).process.is_some()
    }

    /// The process id of `side`'s Syncthing while it runs (the Syncthing
    /// itself: no monitor process stands between).
    pub fn process_id(&self, side: Side) -> Option<u32> {
        self.instance(side).process.as_ref().map(LoggedChild::id)
    }

    /// Makes `side` scan the shared folder now; returns when the scan is
    /// done, so what is on disk is in its database and offered to the
    /// other.
    pub fn rescan(&self, side: Side) {
        let instance = self.instance(side);
        if let Err(e) = instance.request("POST", &format!("/rest/db/scan?folder={FOLDER_ID}")) {
            self.fail(&format!("rescan of {side:?} failed: {e}"));
        }
    }

    /// `side`'s view of the shared folder (`GET /rest/db/status`): state,
    /// counts of local, global and needed files, sequence.
    pub fn folder_status(&self, side: Side) -> Value {
        self.instance(side)
            .get_json(&format!("/rest/db/status?folder={FOLDER_ID}"))
            .unwrap_or_else(|e| self.fail(&e))
    }

    /// Rescans both, then waits until both are connected, neither needs
    /// anything, and each knows the other has everything; then makes sure
    /// one more scan on both finds nothing new. Fails the test, with what
    /// each said last and both logs, after `timeout`, or at once while sync
    /// is [paused](Self::pause) (a paused folder cannot be scanned).
    pub fn wait_until_in_sync(&self, timeout: Duration) {
        let started = Instant::now();
        loop {
            self.rescan(Side::A);
            self.rescan(Side::B);
            let sequences = loop {
                match self.sync_state() {
                    Ok(sequences) => break sequences,
                    Err(why) if started.elapsed() > timeout => {
                        self.fail(&format!("not in sync within {timeout:?}: {why}"))
                    }
                    Err(_) => std::thread::sleep(POLL_INTERVAL),
                }
            };
            // A pull can leave something only a scan sees (a conflict copy
            // made by the puller): in sync only if a scan finds nothing.
            self.rescan(Side::A);
            self.rescan(Side::B);
            let after_scan = self.sync_state();
            if after_scan == Ok(sequences) {
                return;
            }
            if started.elapsed() > timeout {
                self.fail(&format!(
                    "not in sync within {timeout:?}: in sync at sequences {sequences:?}, \
                     then a scan found more: {after_scan:?}"
                ));
            }
        }
    }

    /// Both sides' local sequence numbers when both are in sync; why not
    /// otherwise. In sync: each is connected to the other, needs nothing,
    /// and has the other's index up to the other's own latest change, with
    /// nothing in it the other lacks. (Syncthing reports a remote device
    /// 100% complete before it has seen any of its index, hence the check
    /// of the sequence it has seen.)
    fn sync_state(&self) -> Result<(u64, u64), String> {
        let mut statuses = Vec::new();
        for side in [Side::A, Side::B] {
            if !self.connected(side)? {
                return Err(format!("{side:?} is not connected to {:?}", side.other()));
            }
            let status = self
                .instance(side)
                .get_json(&format!("/rest/db/status?folder={FOLDER_ID}"))?;
            let needs_nothing = status["needTotalItems"] == 0
                && status["state"] == "idle"
                && status["pullErrors"] == 0;
            if !needs_nothing {
                return Err(format!("{side:?}'s folder: {status}"));
            }
            let sequence = status["sequence"]
                .as_u64()
                .ok_or_else(|| format!("{side:?}'s folder has no sequence: {status}"))?;
            statuses.push(sequence);
        }
        for (index, side) in [Side::A, Side::B].into_iter().enumerate() {
            let peer_sequence = statuses[1 - index];
            let completion = self.instance(side).get_json(&format!(
                "/rest/db/completion?folder={FOLDER_ID}&device={}",
                self.instance(side.other()).device_id
            ))?;
            if completion["sequence"] != peer_sequence
                || completion["completion"].as_f64() != Some(100.0)
                || completion["needItems"] != 0
                || completion["needDeletes"] != 0
            {
                return Err(format!(
                    "{side:?}'s view of {:?} (whose sequence is {peer_sequence}): {completion}",
                    side.other()
                ));
            }
        }
        Ok((statuses[0], statuses[1]))
    }

    /// Whether `side` reports the other connected.
    fn connected(&self, side: Side) -> Result<bool, String> {
        let peer = &self.instance(side.other()).device_id;
        let connections = self.instance(side).get_json("/rest/system/connections")?;
        Ok(connections["connections"][peer]["connected"] == Value::Bool(true))
    }

    /// Waits until both report the other connected.
    fn wait_until_connected(&self) {
        let started = Instant::now();
        for side in [Side::A, Side::B] {
            loop {
                match self.connected(side) {
                    Ok(true) => break,
                    Ok(false) | Err(_) if started.elapsed() > START_TIMEOUT => {
                        self.fail(&format!("{side:?} not connected within {START_TIMEOUT:?}"))
                    }
                    _ => std::thread::sleep(POLL_INTERVAL),
                }
            }
        }
    }

    /// Stops sync: both pause the shared folder, as Syncthing's "Pause"
    /// button on a folder does. Returns once both report it paused: from
    /// then on neither looks at its folder, so nothing written on either
    /// side travels, until [`resume`](Self::resume). (A paused folder
    /// cannot be [rescanned](Self::rescan).)
    ///
    /// The folder, not the devices: pausing a device drops the connection,
    /// and Syncthing 1.19 then redials at its own pace (up to half a minute
    /// in its first minutes), while a paused folder keeps the connection and
    /// starts again at once.
    pub fn pause(&self) {
        self.set_folder_paused(true);
    }

    /// Undoes [`pause`](Self::pause): both start the folder again, scan it
    /// first (Syncthing pulls nothing before that first scan, so what each
    /// side wrote while paused is in its database before it meets the
    /// other's), then exchange what changed. Returns once both run the
    /// folder; not yet in sync: see
    /// [`wait_until_in_sync`](Self::wait_until_in_sync).
    pub fn resume(&self) {
        self.set_folder_paused(false);
    }

    /// Pauses or resumes the shared folder on both, and waits until both
    /// say it is.
    fn set_folder_paused(&self, paused: bool) {
        let body = serde_json::json!({ "paused": paused }).to_string();
        for side in [Side::A, Side::B] {
            let path = format!("/rest/config/folders/{FOLDER_ID}");
            if let Err(e) = self.instance(side).request_with_body("PATCH", &path, &body) {
                self.fail(&format!(
                    "pausing={paused} the folder on {side:?} failed: {e}"
                ));
            }
        }
        let started = Instant::now();
        for side in [Side::A, Side::B] {
            loop {
                // A paused folder has no runner, and so no state at all.
                let status = self.folder_status(side);
                if (status["state"] == "") == paused {
                    break;
                }
                if started.elapsed() > START_TIMEOUT {
                    self.fail(&format!(
                        "{side:?}'s folder not paused={paused} within {START_TIMEOUT:?}: {status}"
                    ));
                }
                std::thread::sleep(POLL_INTERVAL);
            }
        }
    }

    /// Limits how fast `side` receives, in KiB per second (0: no limit),
    /// so a test can catch a transfer in the middle (see
    /// [`wait_until_receiving`](Self::wait_until_receiving)). Loopback
    /// counts as a LAN, which Syncthing leaves unlimited unless told.
    pub fn limit_receive_rate(&self, side: Side, kib_per_second: u32) {
        let body = serde_json::json!({
            "maxRecvKbps": kib_per_second,
            "limitBandwidthInLan": true,
        })
        .to_string();
        if let Err(e) =
            self.instance(side)
                .request_with_body("PATCH", "/rest/config/options", &body)
        {
            self.fail(&format!("limiting {side:?}'s receive rate failed: {e}"));
        }
    }

    /// Waits until `side` is pulling a file: its temporary file
    /// (`.syncthing.NAME.tmp`) is in the folder. Returns that file's path.
    /// With the rate [limited](Self::limit_receive_rate) and a file of a few
    /// MiB, the transfer is then surely unfinished.
    pub fn wait_until_receiving(&self, side: Side, timeout: Duration) -> PathBuf {
        let started = Instant::now();
        loop {
            if let Some(temporary) = syncthing_temporaries(self.folder(side)).pop() {
                return temporary;
            }
            if started.elapsed() > timeout {
                self.fail(&format!("{side:?} received nothing within {timeout:?}"));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Kills `side`'s Syncthing with SIGKILL, wherever it is (mid-transfer
    /// included), as a crash or a power cut would, and reaps it.
    /// Returns once the other (if it runs) has noticed it gone.
    pub fn kill(&mut self, side: Side) {
        self.instance_mut(side).stop();
        if !self.is_running(side.other()) {
            return;
        }
        let started = Instant::now();
        while self
            .connected(side.other())
            .unwrap_or_else(|e| self.fail(&e))
        {
            if started.elapsed() > START_TIMEOUT {
                self.fail(&format!(
                    "{:?} still connected to the killed {side:?} after {START_TIMEOUT:?}",
                    side.other()
                ));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Starts `side`'s Syncthing again on the same home, ports and device
    /// id (killing it first if it still runs); returns once it runs and the
    /// two are connected again if the other runs (the restarted one dials
    /// at once). A [paused](Self::pause) folder stays paused.
    pub fn restart(&mut self, side: Side) {
        let instance = self.instance_mut(side);
        instance.stop();
        instance.spawn();
        if let Err(e) = instance.wait_until_ready() {
            self.fail(&format!("restarting {side:?}: {e}"));
        }
        if self.is_running(side.other()) {
            self.wait_until_connected();
        }
    }

    /// Whether either log says `needle`.
    fn logs_say(&self, needle: &str) -> bool {
        [&self.a, &self.b].iter().any(|instance| {
            std::fs::read_to_string(instance.log_path())
                .unwrap_or_default()
                .contains(needle)
        })
    }

    /// Fails the test with `message` and the tail of both logs.
    fn fail(&self, message: &str) -> ! {
        panic!(
            "Syncthing harness: {message}\n{}\n{}",
            self.a.log_tail(),
            self.b.log_tail()
        )
    }
}

impl Drop for SyncthingPair {
    fn drop(&mut self) {
        self.a.stop();
        self.b.stop();
    }
}

/// Where Syncthing would keep a conflict copy of the device file `file`:
/// beside it, as `ID.sync-conflict-DATE-TIME-DEVICE.skv`.
pub fn conflict_copy_of(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .replace(".skv", ".sync-conflict-20261206-101010-ABCDEFG.skv");
    file.with_file_name(name)
}

/// Every Syncthing conflict copy (`*.sync-conflict-*`) under `folder`,
/// sorted.
pub fn conflict_copies(folder: &Path) -> Vec<PathBuf> {
    files_named(folder, |name| name.contains(".sync-conflict-"))
}

/// Every temporary file of a transfer Syncthing has not finished
/// (`.syncthing.NAME.tmp`) under `folder`, sorted.
pub fn syncthing_temporaries(folder: &Path) -> Vec<PathBuf> {
    files_named(folder, |name| {
        name.starts_with(".syncthing.") && name.ends_with(".tmp")
    })
}

/// Every file under `folder` whose name `matches`, sorted. A file or
/// folder that goes while this looks (Syncthing at work) is skipped.
fn files_named(folder: &Path, matches: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && dir != folder => continue,
            Err(e) => panic!("cannot list {}: {e}", dir.display()),
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .file_name()
                .is_some_and(|name| matches(&name.to_string_lossy()))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Fails the test, saying how to install it, when `syncthing` is missing
/// or cannot run. Never skips: a test that cannot check must not pass.
fn require_syncthing() {
    let output = Command::new(SYNCTHING)
        .arg("--version")
        // Syncthing will not even say its version without a home.
        .env("HOME", std::env::temp_dir())
        .output();
    match output {
        Ok(output) if output.status.success() => {}
        Ok(output) => panic!(
            "`{SYNCTHING} --version` failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(e) => panic!(
            "cannot run `{SYNCTHING}` ({e}): run scripts/setup.sh (Debian package syncthing)"
        ),
    }
}

/// `count` distinct ports free on 127.0.0.1 now: all bound at once, so they
/// differ, then released for Syncthing. Someone else may take one before
/// Syncthing binds it; [`SyncthingPair::start`] tries again then.
fn free_loopback_ports(count: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..count)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("bind a free loopback port"))
        .collect();
    listeners
        .iter()
        .map(|listener| listener.local_addr().expect("a bound address").port())
        .collect()
}

/// The config version `syncthing generate` wrote, so the config the
/// harness writes is read as this Syncthing's own, without a migration.
fn config_version(generated: &str) -> &str {
    generated
        .split_once("<configuration version=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(version, _)| version)
        .unwrap_or_else(|| panic!("no configuration version in the generated config.xml"))
}

/// `text` safe inside an XML attribute or element.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The config.xml of `this`, which shares [`FOLDER_ID`] with `peer` and
/// reaches it at its loopback address only.
fn config_xml(this: &Instance, peer: &Instance, version: &str) -> String {
    let folder = xml_escape(&this.folder.to_string_lossy());
    format!(
        r#"<configuration version="{version}">
    <folder id="{FOLDER_ID}" label="{FOLDER_ID}" path="{folder}" type="sendreceive" rescanIntervalS="5" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="{this_id}" introducedBy=""></device>
        <device id="{peer_id}" introducedBy=""></device>
        <minDiskFree unit="%">1</minDiskFree>
        <versioning></versioning>
        <order>random</order>
        <maxConflicts>10</maxConflicts>
        <markerName>.stfolder</markerName>
        <paused>false</paused>
    </folder>
    <device id="{this_id}" name="{this_name:?}" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>dynamic</address>
        <paused>false</paused>
    </device>
    <device id="{peer_id}" name="{peer_name:?}" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>tcp://127.0.0.1:{peer_port}</address>
        <paused>false</paused>
    </device>
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:{gui_port}</address>
        <apikey>{api_key}</apikey>
        <theme>default</theme>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{sync_port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <stunKeepaliveStartS>0</stunKeepaliveStartS>
        <stunKeepaliveMinS>0</stunKeepaliveMinS>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <startBrowser>false</startBrowser>
        <crashReportingEnabled>false</crashReportingEnabled>
        <restartOnWakeup>false</restartOnWakeup>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <setLowPriority>false</setLowPriority>
    </options>
</configuration>
"#,
        this_id = this.device_id,
        peer_id = peer.device_id,
        this_name = this.side,
        peer_name = peer.side,
        peer_port = peer.sync_port,
        gui_port = this.gui_port,
        sync_port = this.sync_port,
        api_key = this.api_key,
    )
}
