//! Opening `.http` files into F4's list through an effect: the executor reads
//! them on the blocking pool and hands them over in batches, so the picker
//! fills while a folder of thousands is still being read, and the status line
//! counts what is read and what is left.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::FileRequest;
use crate::app::action::Effect;
use crate::app::keymap::{Command, Context};
use crate::app::state::{App, Level};
use crate::app::ticket::Ticket;
use crate::sources::http_file::Content;
use crate::sources::http_file::load::Batch;

/// Problems named in the status line at most; the rest are counted.
const PROBLEMS_SHOWN: usize = 5;

/// A load in progress.
#[derive(Debug)]
pub struct RequestLoad {
    pub load: Ticket,
    pub path: PathBuf,
    /// Requests listed so far.
    pub added: usize,
    pub problems: Vec<String>,
    /// Started from the command line: the start-up problems stay in its status.
    pub at_start: bool,
}

impl App {
    /// Starts reading `.http` files (a file or a folder) into F4's list. A
    /// load of the same path still running is superseded: its batches are dropped.
    pub(in crate::app) fn open_request_files(
        &mut self,
        path: &Path,
        at_start: bool,
    ) -> Vec<Effect> {
        if path.as_os_str().is_empty() {
            self.info("no file named: type the path of a .http file or a folder");
            return Vec::new();
        }
        self.files.loads.retain(|l| l.path != path);
        let load = self.files.load_tickets.issue();
        self.files.loads.push(RequestLoad {
            load,
            path: path.to_path_buf(),
            added: 0,
            problems: Vec::new(),
            at_start,
        });
        self.load_notice(load, Level::Info, format!("reading {}…", path.display()));
        vec![Effect::LoadRequests {
            load,
            path: path.to_path_buf(),
        }]
    }

    /// A batch of a load: its requests join F4's list at once.
    pub(in crate::app) fn requests_read(&mut self, load: Ticket, batch: Batch) {
        let Some(at) = self.files.loads.iter().position(|l| l.load == load) else {
            return;
        };
        let mut added = 0;
        let mut problems = batch.problems;
        let mut files = Vec::with_capacity(batch.files.len());
        for (path, file) in &batch.files {
            for block in file.blocks() {
                if let Content::Malformed(m) = &block.content {
                    problems.push(format!("{}:{m}", path.display()));
                }
            }
            let fresh = FileRequest::all(&[(path.clone(), Arc::clone(file))]);
            added += fresh.len();
            files.push((path.clone(), fresh));
        }
        self.replace_files(files);
        let state = &mut self.files.loads[at];
        state.added += added;
        state.problems.extend(problems);
        let (path, added) = (state.path.display().to_string(), state.added);
        if !batch.done {
            let left = batch.total - batch.read;
            let pick = self.keymap.key_in(Command::PickTemplate, Context::TEXT);
            let text = format!(
                "reading {path}: {} of {} files read, {left} left; {added} request(s) so far ({pick} lists them)",
                batch.read, batch.total
            );
            self.load_notice(load, Level::Info, text);
            return;
        }
        let done = self.files.loads.remove(at);
        // `cinspect shop.http`: the editor opens on the file's first request,
        // unless something else was loaded or typed meanwhile.
        if done.at_start
            && self.current_request() == self.files.start_request
            && matches!(self.showing, crate::app::showing::Showing::Idle)
            && let Some(first) = self
                .files
                .requests
                .iter()
                .position(|f| f.path.starts_with(&done.path))
        {
            self.load_file_request(first);
        }
        let pick = self.keymap.key_in(Command::PickTemplate, Context::TEXT);
        let mut text = format!("{added} request(s) from {path} ({pick} lists them)");
        for p in done.problems.iter().take(PROBLEMS_SHOWN) {
            text.push_str(&format!("; {p}"));
        }
        if done.problems.len() > PROBLEMS_SHOWN {
            text.push_str(&format!(
                "; and {} more problem(s)",
                done.problems.len() - PROBLEMS_SHOWN
            ));
        }
        let level = if done.problems.is_empty() {
            Level::Info
        } else {
            Level::Warning
        };
        self.say_at_start(done.at_start, level, text);
    }

    /// Some `.http` files are still being read.
    pub fn is_loading_requests(&self) -> bool {
        !self.files.loads.is_empty()
    }

    fn load_notice(&mut self, load: Ticket, level: Level, text: String) {
        let Some(at) = self.files.loads.iter().position(|l| l.load == load) else {
            return;
        };
        let at_start = self.files.loads[at].at_start;
        self.say_at_start(at_start, level, text);
    }

    /// A load from the command line keeps the start-up problems in view.
    fn say_at_start(&mut self, at_start: bool, level: Level, text: String) {
        if at_start && !self.files.problems_at_start.is_empty() {
            let problems = self.files.problems_at_start.join("; ");
            self.say(Level::Error, format!("{problems}; {text}"));
        } else {
            self.say(level, text);
        }
    }
}
