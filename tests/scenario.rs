//! Where a scenario starts: a [`Scenario`] says which vault a test begins
//! with (made with the command line before the app starts, or made in the
//! window as a first-time user makes it), launches the app on it and waits
//! until the window lists its accounts. Also the secrets and tokens the
//! scenarios share, so each test file does not keep its own copy.

use crate::steps::{add_by_uri, create_vault, uri};
use crate::{App, Display, Launch, Profile};

/// The secret of most scenarios' accounts, in base32 as sites show it.
pub const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// A second account's secret, for scenarios with more than one.
pub const OTHER_SECRET: &str = "GEZDGNBVGY3TQOJQ";
/// A third account's secret.
pub const THIRD_SECRET: &str = "MFRGGZDFMZTWQ2LK";
/// Backup tokens as a site lists them.
pub const TOKENS: [&str; 5] = [
    "ab12-cd34",
    "ef56-gh78",
    "ij90-kl12",
    "mn34-op56",
    "qr78-st90",
];

/// Who makes the vault.
#[derive(PartialEq)]
enum MadeBy {
    /// `safekeep init` and the steps below, before the app starts.
    CommandLine,
    /// Create vault and the Add panel, once the window shows.
    Window,
}

/// One change to the vault, in the order the builder was told.
enum Step {
    /// An account from its otpauth link.
    Link(String),
    /// An account with an issuer and label but no secret: one that holds
    /// backup tokens only.
    WithoutSecret { issuer: String, label: String },
    /// Backup tokens pasted into the account the CLI finds by `account`.
    Tokens { account: String, tokens: String },
    /// That many of the account's tokens used.
    Use { account: String, count: usize },
}

/// The vault a scenario starts from, built step by step:
/// `Scenario::new("name").account("GitHub", "j.jansen", SECRET)
/// .tokens("github", &TOKENS).launch(&display).await`.
pub struct Scenario {
    name: String,
    made_by: MadeBy,
    steps: Vec<Step>,
}

impl Scenario {
    /// A vault made with the command line (its key in the keychain) before
    /// the app starts, in a profile named `name`.
    pub fn new(name: &str) -> Scenario {
        Scenario {
            name: name.to_owned(),
            made_by: MadeBy::CommandLine,
            steps: Vec::new(),
        }
    }

    /// A vault made in the window once the app starts, as a first-time
    /// user makes it: Create vault (its key in the keychain), then each
    /// account added from its link in the Add panel. Only accounts: tokens
    /// are pasted in the window by the scenario ([`crate::steps::add_tokens`]).
    pub fn made_in_the_window(name: &str) -> Scenario {
        Scenario {
            made_by: MadeBy::Window,
            ..Scenario::new(name)
        }
    }

    /// Adds a TOTP account from the otpauth link a site's QR code holds.
    pub fn account(mut self, issuer: &str, label: &str, secret: &str) -> Scenario {
        self.steps.push(Step::Link(uri(issuer, label, secret)));
        self
    }

    /// Adds an account that holds backup tokens only, no secret.
    pub fn account_without_secret(self, issuer: &str, label: &str) -> Scenario {
        self.on_the_command_line(Step::WithoutSecret {
            issuer: issuer.to_owned(),
            label: label.to_owned(),
        })
    }

    /// Pastes `tokens` into the account the command line finds by the
    /// name `account`.
    pub fn tokens(self, account: &str, tokens: &[&str]) -> Scenario {
        self.on_the_command_line(Step::Tokens {
            account: account.to_owned(),
            tokens: tokens.join("\n"),
        })
    }

    /// Uses `count` of that account's backup tokens, first ones first.
    pub fn tokens_used(self, account: &str, count: usize) -> Scenario {
        self.on_the_command_line(Step::Use {
            account: account.to_owned(),
            count,
        })
    }

    fn on_the_command_line(mut self, step: Step) -> Scenario {
        assert!(
            self.made_by == MadeBy::CommandLine,
            "a vault made in the window gets only accounts from links; \
             paste tokens with steps::add_tokens once it is launched"
        );
        self.steps.push(step);
        self
    }

    /// How many accounts the vault lists once made.
    fn accounts(&self) -> usize {
        self.steps
            .iter()
            .filter(|step| matches!(step, Step::Link(_) | Step::WithoutSecret { .. }))
            .count()
    }

    /// The scenario's profile, with its vault when the command line makes
    /// it: for a scenario that starts the app its own way, or never.
    pub fn profile(&self) -> Profile {
        let profile = Profile::new(&self.name);
        if self.made_by == MadeBy::CommandLine {
            profile.cli(&["init"], "");
            self.add_with_cli(&profile);
        }
        profile
    }

    /// Runs the steps with the command line on `profile`'s vault.
    fn add_with_cli(&self, profile: &Profile) {
        for step in &self.steps {
            match step {
                // On stdin, as the command line advises for secrets.
                Step::Link(link) => profile.cli(&["add", "-"], &format!("{link}\n")),
                Step::WithoutSecret { issuer, label } => {
                    profile.cli(&["add", "--issuer", issuer, "--label", label], "")
                }
                Step::Tokens { account, tokens } => {
                    profile.cli(&["tokens", "add", account], tokens)
                }
                Step::Use { account, count } => {
                    for _ in 0..*count {
                        profile.cli(&["tokens", "use", account], "");
                    }
                }
            }
        }
    }

    /// Makes the vault, starts the app on it and waits until the window
    /// lists every account (or shows the empty list). Keep the profile
    /// while the app runs: dropping it deletes the vault.
    pub async fn launch(&self, display: &Display) -> (Profile, App) {
        self.launch_with(display, &Launch::default()).await
    }

    /// [`Scenario::launch`], the app started as `launch` says.
    pub async fn launch_with(&self, display: &Display, launch: &Launch) -> (Profile, App) {
        let profile = self.profile();
        let app = App::launch_with(display, &profile, launch).await;
        match self.made_by {
            MadeBy::CommandLine => self.wait_for_the_accounts(&app).await,
            MadeBy::Window => {
                create_vault(&app).await;
                for step in &self.steps {
                    if let Step::Link(link) = step {
                        add_by_uri(&app, link).await;
                    }
                }
            }
        }
        (profile, app)
    }

    /// Starts the app on the vault while it is still empty, and waits for
    /// the empty list; then runs the steps with the command line while the
    /// app is open. The window shows them once it looks again, which is
    /// the caller's to bring about.
    pub async fn launch_then_add_with_cli(&self, display: &Display) -> (Profile, App) {
        let (profile, app) = Scenario::new(&self.name).launch(display).await;
        self.add_with_cli(&profile);
        (profile, app)
    }

    async fn wait_for_the_accounts(&self, app: &App) {
        let accounts = self.accounts();
        if accounts == 0 {
            app.find("empty-state").await;
            return;
        }
        app.wait_until(&format!("the {accounts} accounts show"), || async {
            app.count_displayed("account-row").await == accounts
        })
        .await;
    }
}
