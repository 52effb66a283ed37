//! What the person types: passwords (from the terminal or stdin) and
//! pasted token lists, read once so both can come through one stdin.

use std::io::{IsTerminal, Read};

use zeroize::Zeroizing;

use crate::Failure;
use crate::words::say;

/// Standard input, read whole on first use and handed out in parts: first
/// the passwords, one per line (the vault's with `--password-stdin`, then a
/// backup's or an imported file's), then the data.
pub struct Input {
    password_stdin: bool,
    read: Option<Zeroizing<String>>,
    /// How many lines were taken as passwords.
    lines_taken: usize,
}

impl Input {
    pub fn new(password_stdin: bool) -> Input {
        Input {
            password_stdin,
            read: None,
            lines_taken: 0,
        }
    }

    /// Whether the user chose to pass the password on stdin, which also
    /// means they want the password used rather than the keychain.
    pub fn password_given_on_stdin(&self) -> bool {
        self.password_stdin
    }

    fn all(&mut self) -> Result<&str, Failure> {
        if self.read.is_none() {
            let mut text = Zeroizing::new(String::new());
            std::io::stdin().read_to_string(&mut text).map_err(|e| {
                Failure::said("cli-stdin-unreadable", &[("reason", e.to_string().into())])
            })?;
            self.read = Some(text);
        }
        Ok(self.read.as_deref().map(String::as_str).unwrap_or_default())
    }

    /// The next line of stdin not yet taken as a password, if there is one.
    fn next_line(&mut self) -> Result<Option<Zeroizing<String>>, Failure> {
        let index = self.lines_taken;
        let line = self
            .all()?
            .lines()
            .nth(index)
            .map(|line| Zeroizing::new(line.to_owned()));
        if line.is_some() {
            self.lines_taken += 1;
        }
        Ok(line)
    }

    /// The vault password from stdin's first line, or asked on the terminal
    /// (twice when `confirm`). `None` when neither is possible.
    pub fn password(
        &mut self,
        prompt: &str,
        confirm: bool,
    ) -> Result<Option<Zeroizing<String>>, Failure> {
        if self.password_stdin {
            let line = self.next_line()?;
            return Ok(Some(line.unwrap_or_default()));
        }
        ask_on_terminal(prompt, confirm)
    }

    /// Another password than the vault's (a backup's, an imported file's):
    /// from the next line of stdin when `from_stdin`, else asked on the
    /// terminal (twice when `confirm`). `None` when neither is possible.
    pub fn other_password(
        &mut self,
        from_stdin: bool,
        prompt: &str,
        confirm: bool,
    ) -> Result<Option<Zeroizing<String>>, Failure> {
        if !from_stdin {
            return ask_on_terminal(prompt, confirm);
        }
        let line_number = self.lines_taken + 1;
        match self.next_line()? {
            Some(password) => Ok(Some(password)),
            None => Err(Failure::said(
                "cli-stdin-no-password-line",
                &[("line", line_number.into())],
            )),
        }
    }

    /// A secret the command needs besides the passwords (an otpauth link, a
    /// secret key, a backup token): asked on the terminal without showing
    /// it when stdin is one, else the next line of stdin. `what` names it
    /// in the messages, in the run's language.
    pub fn secret(&mut self, what: &str) -> Result<Zeroizing<String>, Failure> {
        if std::io::stdin().is_terminal() && !self.password_stdin {
            let prompt = say("cli-prompt-secret", &[("what", what.into())]);
            return rpassword::prompt_password(format!("{prompt} "))
                .map(Zeroizing::new)
                .map_err(|e| {
                    Failure::said(
                        "cli-secret-unreadable",
                        &[("what", what.into()), ("reason", e.to_string().into())],
                    )
                });
        }
        let line_number = self.lines_taken + 1;
        match self.next_line()? {
            Some(line) if !line.trim().is_empty() => Ok(line),
            _ => Err(Failure::said(
                "cli-stdin-no-secret",
                &[("what", what.into()), ("line", line_number.into())],
            )),
        }
    }

    /// What stdin holds besides the password lines.
    pub fn data(&mut self) -> Result<Zeroizing<String>, Failure> {
        let skip = self.lines_taken.max(usize::from(self.password_stdin));
        let mut data = self.all()?;
        for _ in 0..skip {
            data = data
                .split_once('\n')
                .map(|(_, rest)| rest)
                .unwrap_or_default();
        }
        Ok(Zeroizing::new(data.to_owned()))
    }

    /// Asks a yes/no question on the terminal; no terminal means no. The
    /// answers that mean yes are the language's (`cli-confirm-yes`).
    pub fn confirm(question: &str) -> bool {
        if !std::io::stdin().is_terminal() {
            return false;
        }
        eprint!("{question} {} ", say("cli-confirm-choices", &[]));
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_err() {
            return false;
        }
        let answer = answer.trim().to_lowercase();
        say("cli-confirm-yes", &[])
            .split(',')
            .any(|yes| yes.trim() == answer)
    }
}

/// Asks for a password on the terminal (twice when `confirm`); `None` when
/// there is no terminal to ask on.
fn ask_on_terminal(prompt: &str, confirm: bool) -> Result<Option<Zeroizing<String>>, Failure> {
    if !std::io::stdin().is_terminal() && !std::io::stderr().is_terminal() {
        return Ok(None);
    }
    let password = Zeroizing::new(
        rpassword::prompt_password(format!("{prompt} ")).map_err(password_unreadable)?,
    );
    if confirm {
        let again = Zeroizing::new(
            rpassword::prompt_password(format!("{} ", say("cli-prompt-repeat-password", &[])))
                .map_err(password_unreadable)?,
        );
        if *again != *password {
            return Err(Failure::said("cli-passwords-differ", &[]));
        }
    }
    Ok(Some(password))
}

fn password_unreadable(error: std::io::Error) -> Failure {
    Failure::said(
        "cli-password-unreadable",
        &[("reason", error.to_string().into())],
    )
}
