use std::fmt;
use std::process::Command;

/// An API secret. It has no Display, and Debug prints a mask, so it cannot reach
/// the screen, a log line or an error message by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The only way to read it: call sites that sign are easy to find.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Where an environment's secret comes from. Config files name a variable or a
/// command, never the secret itself, so it is never written to disk; it is
/// read at send time and kept only as long as the signing takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// Built in (the simulator's demo secret); never read from a file.
    Value(Secret),
    /// `secret_env = "CONNECT_SECRET"`
    Env(String),
    /// `secret_command = "pass show connect/sandbox"`, run with `sh -c`.
    Command(String),
    /// Nothing configured: sending explains how to set it.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("the secret variable {0} is not set (secret_env in config.toml)")]
    EnvUnset(String),
    #[error("the secret command `{command}` failed ({status}): {stderr}")]
    CommandFailed {
        command: String,
        status: String,
        stderr: String,
    },
    #[error("the secret command `{command}` printed nothing")]
    CommandEmpty { command: String },
    #[error(
        "no secret configured for environment {0}: set secret_env or secret_command in config.toml"
    )]
    Missing(String),
}

impl SecretSource {
    /// Reads the secret. Runs a command for `Command`: call off the UI thread.
    pub fn resolve(&self, environment: &str) -> Result<Secret, SecretError> {
        match self {
            Self::Value(secret) => Ok(secret.clone()),
            Self::Env(var) => match std::env::var(var) {
                Ok(value) if !value.is_empty() => Ok(Secret::new(value)),
                _ => Err(SecretError::EnvUnset(var.clone())),
            },
            Self::Command(command) => run_command(command),
            Self::Missing => Err(SecretError::Missing(environment.to_string())),
        }
    }
}

fn run_command(command: &str) -> Result<Secret, SecretError> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .output()
        .map_err(|e| SecretError::CommandFailed {
            command: command.to_string(),
            status: "could not start".to_string(),
            stderr: e.to_string(),
        })?;
    if !output.status.success() {
        return Err(SecretError::CommandFailed {
            command: command.to_string(),
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    // `pass` and friends end with a newline; the first line is the secret.
    let stdout = String::from_utf8_lossy(&output.stdout);
    match stdout.lines().next().map(str::trim_end) {
        Some(secret) if !secret.is_empty() => Ok(Secret::new(secret)),
        _ => Err(SecretError::CommandEmpty {
            command: command.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{:?}", SecretSource::Value(s)).contains("hunter2"));
    }

    #[test]
    fn a_command_gives_its_first_line() {
        let source = SecretSource::Command("printf 's3cret\\nsecond line\\n'".to_string());
        assert_eq!(
            source.resolve("x").map(|s| s.expose().to_string()),
            Ok("s3cret".to_string())
        );
    }

    #[test]
    fn a_failing_command_reports_its_stderr() {
        let source = SecretSource::Command("echo 'gpg: decryption failed' >&2; exit 2".to_string());
        match source.resolve("x") {
            Err(SecretError::CommandFailed { stderr, .. }) => {
                assert_eq!(stderr, "gpg: decryption failed")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unset_variable_is_named() {
        let source = SecretSource::Env("CINSPECT_TEST_SURELY_UNSET_VAR".to_string());
        assert_eq!(
            source.resolve("x"),
            Err(SecretError::EnvUnset(
                "CINSPECT_TEST_SURELY_UNSET_VAR".to_string()
            ))
        );
    }
}
