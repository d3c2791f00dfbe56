//! Raw mode and the alternate screen, and the promise to give the terminal
//! back as it was: on quit, on error, on panic, and on SIGTERM/SIGHUP (the
//! event loop turns those into a normal quit).

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;

use super::lean_backend::LeanBackend;

static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Owns the terminal session; dropping it restores the terminal.
pub struct Session {
    pub terminal: Terminal<LeanBackend<Stdout>>,
}

impl Session {
    /// `mouse`: capture the mouse. Off by default: capturing it breaks the
    /// terminal's own text selection, which SSH users rely on.
    pub fn start(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        MOUSE.store(mouse, Ordering::SeqCst);
        if let Err(e) = take_terminal() {
            restore();
            return Err(e);
        }
        match Terminal::new(LeanBackend::new(io::stdout())) {
            Ok(terminal) => Ok(Self { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    /// Gives the terminal back (for $EDITOR) without ending the session.
    pub fn suspend(&mut self) {
        restore();
    }

    /// Takes the terminal again after `suspend`. A fresh `Terminal` has empty
    /// buffers, so the next draw repaints everything; `Terminal::clear` would
    /// ask the terminal for the cursor position, an answer that may not come.
    pub fn resume(&mut self) -> io::Result<()> {
        take_terminal()?;
        execute!(io::stdout(), Clear(ClearType::All))?;
        self.terminal = Terminal::new(LeanBackend::new(io::stdout()))?;
        Ok(())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

fn take_terminal() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut stdout = io::stdout();
    execute!(stdout, EnterAlternateScreen, EnableBracketedPaste)?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(stdout, EnableMouseCapture)?;
    }
    Ok(())
}

/// Leaves raw mode and the alternate screen. Safe to call more than once and
/// from the panic hook: only the first call after taking the terminal acts.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut stdout = io::stdout();
        if MOUSE.load(Ordering::SeqCst) {
            let _ = execute!(stdout, DisableMouseCapture);
        }
        let _ = execute!(
            stdout,
            DisableBracketedPaste,
            LeaveAlternateScreen,
            crossterm::cursor::Show
        );
        let _ = disable_raw_mode();
    }
}

/// Restores the terminal before the panic message is printed, so the message
/// is readable and the shell is usable afterwards.
fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
