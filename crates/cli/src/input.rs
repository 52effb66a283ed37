//! What the person types: passwords (from the terminal or stdin) and
//! pasted token lists, read once so both can come through one stdin.

use std::io::{IsTerminal, Read};

use zeroize::Zeroizing;

use crate::Failure;

/// Standard input, read whole on first use and handed out in parts: the
/// first line is the password with `--password-stdin`, the rest is data.
pub struct Input {
    password_stdin: bool,
    read: Option<Zeroizing<String>>,
}

impl Input {
    pub fn new(password_stdin: bool) -> Input {
        Input {
            password_stdin,
            read: None,
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
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Failure::new(format!("could not read standard input ({e})")))?;
            self.read = Some(text);
        }
        Ok(self.read.as_deref().map(String::as_str).unwrap_or_default())
    }

    /// The password from stdin's first line, or asked on the terminal
    /// (twice when `confirm`). `None` when neither is possible.
    pub fn password(
        &mut self,
        prompt: &str,
        confirm: bool,
    ) -> Result<Option<Zeroizing<String>>, Failure> {
        if self.password_stdin {
            let all = self.all()?;
            let first = all.lines().next().unwrap_or_default();
            let password = Zeroizing::new(first.to_owned());
            return Ok(Some(password));
        }
        if !std::io::stdin().is_terminal() && !std::io::stderr().is_terminal() {
            return Ok(None);
        }
        let password = Zeroizing::new(
            rpassword::prompt_password(prompt)
                .map_err(|e| Failure::new(format!("could not read the password ({e})")))?,
        );
        if confirm {
            let again = Zeroizing::new(
                rpassword::prompt_password("Repeat the password: ")
                    .map_err(|e| Failure::new(format!("could not read the password ({e})")))?,
            );
            if *again != *password {
                return Err(Failure::new(
                    "the two passwords differ; run the command again",
                ));
            }
        }
        Ok(Some(password))
    }

    /// What stdin holds besides the password line.
    pub fn data(&mut self) -> Result<Zeroizing<String>, Failure> {
        let skip_first = self.password_stdin;
        let all = self.all()?;
        let data = if skip_first {
            all.split_once('\n')
                .map(|(_, rest)| rest)
                .unwrap_or_default()
        } else {
            all
        };
        Ok(Zeroizing::new(data.to_owned()))
    }

    /// Asks a yes/no question on the terminal; no terminal means no.
    pub fn confirm(question: &str) -> bool {
        if !std::io::stdin().is_terminal() {
            return false;
        }
        eprint!("{question} [y/N] ");
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer).is_ok()
            && matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")
    }
}
