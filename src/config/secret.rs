use std::fmt;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a `secret_command` may run unless config.toml says otherwise
/// (`secret_timeout_seconds`): a `pass` or gpg prompt with no terminal would
/// otherwise wait for ever.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

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
    /// `secret_command = "pass show connect/sandbox"`, run with `sh -c` in its
    /// own process group, killed with its children after `timeout`.
    Command { command: String, timeout: Duration },
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
        "the secret command `{command}` did not finish within {} s and was stopped (secret_timeout_seconds in config.toml)",
        timeout.as_secs()
    )]
    CommandTimedOut { command: String, timeout: Duration },
    #[error("the secret command `{command}` was stopped: the request was cancelled")]
    CommandStopped { command: String },
    #[error(
        "no secret configured for environment {0}: set secret_env or secret_command in config.toml"
    )]
    Missing(String),
}

impl SecretSource {
    /// Reads the secret. Runs a command for `Command`: call off the UI thread.
    pub fn resolve(&self, environment: &str) -> Result<Secret, SecretError> {
        self.resolve_unless(environment, &AtomicBool::new(false))
    }

    /// `resolve`, but a command is killed (with its children) as soon as
    /// `stop` is set: the user cancelled or quit.
    pub fn resolve_unless(
        &self,
        environment: &str,
        stop: &AtomicBool,
    ) -> Result<Secret, SecretError> {
        match self {
            Self::Value(secret) => Ok(secret.clone()),
            Self::Env(var) => match std::env::var(var) {
                Ok(value) if !value.is_empty() => Ok(Secret::new(value)),
                _ => Err(SecretError::EnvUnset(var.clone())),
            },
            Self::Command { command, timeout } => run_command(command, *timeout, stop),
            Self::Missing => Err(SecretError::Missing(environment.to_string())),
        }
    }
}

fn run_command(command: &str, timeout: Duration, stop: &AtomicBool) -> Result<Secret, SecretError> {
    let failed = |status: &str, stderr: String| SecretError::CommandFailed {
        command: command.to_string(),
        status: status.to_string(),
        stderr,
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own group: a timeout kills the command and whatever it started.
        .process_group(0)
        .spawn()
        .map_err(|e| failed("could not start", e.to_string()))?;
    let deadline = Instant::now() + timeout;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let timed_out = || SecretError::CommandTimedOut {
        command: command.to_string(),
        timeout,
    };
    let status = match wait_until(&mut child, deadline, stop) {
        Some(status) => status,
        None => {
            kill_group(&mut child);
            if stop.load(Ordering::Relaxed) {
                return Err(SecretError::CommandStopped {
                    command: command.to_string(),
                });
            }
            return Err(timed_out());
        }
    };
    // A child left in the background may hold the pipes open: the deadline
    // still holds, then the whole group goes.
    let (Some(stdout), Some(stderr)) = (collect(&stdout, deadline), collect(&stderr, deadline))
    else {
        kill_group(&mut child);
        return Err(timed_out());
    };
    if !status.success() {
        return Err(failed(
            &status.to_string(),
            String::from_utf8_lossy(&stderr).trim().to_string(),
        ));
    }
    // `pass` and friends end with a newline; the first line is the secret.
    let stdout = String::from_utf8_lossy(&stdout);
    match stdout.lines().next().map(str::trim_end) {
        Some(secret) if !secret.is_empty() => Ok(Secret::new(secret)),
        _ => Err(SecretError::CommandEmpty {
            command: command.to_string(),
        }),
    }
}

/// What a pipe carries, read on a thread of its own (bounded: a secret is short).
fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    if let Some(pipe) = pipe {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            let _ = pipe.take(64 * 1024).read_to_end(&mut out);
            let _ = tx.send(out);
        });
    } else {
        let _ = tx.send(Vec::new());
    }
    rx
}

fn collect(rx: &mpsc::Receiver<Vec<u8>>, deadline: Instant) -> Option<Vec<u8>> {
    rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
        .ok()
}

fn wait_until(
    child: &mut Child,
    deadline: Instant,
    stop: &AtomicBool,
) -> Option<std::process::ExitStatus> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline && !stop.load(Ordering::Relaxed) => {
                std::thread::sleep(Duration::from_millis(5))
            }
            _ => return None,
        }
    }
}

/// Kills the command's whole process group and reaps the command.
fn kill_group(child: &mut Child) {
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the group the child leads;
        // it touches no memory of ours.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(text: &str) -> SecretSource {
        SecretSource::Command {
            command: text.to_string(),
            timeout: Duration::from_secs(5),
        }
    }

    fn quick(text: &str) -> SecretSource {
        SecretSource::Command {
            command: text.to_string(),
            timeout: Duration::from_millis(300),
        }
    }

    #[test]
    fn a_hanging_command_is_stopped_and_named() {
        let started = Instant::now();
        match quick("sleep 30").resolve("x") {
            Err(e @ SecretError::CommandTimedOut { .. }) => {
                assert!(e.to_string().contains("`sleep 30`"), "{e}")
            }
            other => panic!("{other:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "it did not wait for the sleep"
        );
    }

    #[test]
    fn a_background_child_holding_stdout_is_killed_with_it() {
        let dir = std::env::temp_dir().join(format!("cinspect-secret-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let marker = dir.join("alive");
        // The command prints the secret and leaves a child with the pipe open.
        let script = format!(
            "echo s3cret; (sleep 2; touch '{}') & exit 0",
            marker.display()
        );
        let result = quick(&script).resolve("x");
        assert!(
            matches!(result, Err(SecretError::CommandTimedOut { .. })),
            "{result:?}"
        );
        std::thread::sleep(Duration::from_millis(2500));
        assert!(
            !marker.exists(),
            "the background child outlived the timeout"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{:?}", SecretSource::Value(s)).contains("hunter2"));
    }

    #[test]
    fn a_command_gives_its_first_line() {
        let source = command("printf 's3cret\\nsecond line\\n'");
        assert_eq!(
            source.resolve("x").map(|s| s.expose().to_string()),
            Ok("s3cret".to_string())
        );
    }

    #[test]
    fn a_failing_command_reports_its_stderr() {
        let source = command("echo 'gpg: decryption failed' >&2; exit 2");
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
