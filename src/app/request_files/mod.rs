//! Requests of the team's `.http` files in the TUI, and what F4 offers with
//! them: the templates, the files' requests (read off the UI thread in
//! batches, `loading`), the one in the editor (saved back into its file,
//! `saving`), and the values that fill `{{variables}}` and `{id}`
//! placeholders (`values`: the file's variables, the environment, named
//! responses, ids carried from creates).

mod loading;
mod requests;
mod saving;
mod values;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub use loading::RequestLoad;
pub use requests::FileRequest;
pub use values::Carried;

use super::showing::AnswerFor;
use super::ticket::Tickets;
use crate::connect::templates::{self, Template};
use crate::sources::http_file::NamedResponse;

/// The file request an editor's request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Attached {
    /// The editor's request (another request is attached to nothing).
    request: u64,
    /// Its place in `requests`.
    index: usize,
}

#[derive(Debug)]
pub struct RequestFiles {
    templates: Vec<Template>,
    /// Requests of the `.http` files opened, offered after the templates.
    requests: Vec<FileRequest>,
    attached: Option<Attached>,
    /// Loads in progress; a batch of any other is dropped.
    loads: Vec<RequestLoad>,
    load_tickets: Tickets,
    /// The write in flight.
    saving: Option<saving::Saving>,
    /// A save-as that found its name taken, waiting for a yes.
    replacing: Option<saving::Replacing>,
    /// The start-up problems, kept in view by the load the command line asked for.
    problems_at_start: Vec<String>,
    /// The editor's request at start: a request file named on the command line
    /// takes its place once read, unless the user has moved on meanwhile.
    start_request: AnswerFor,
    /// Ids successful creates left (`paymentId` → value), filled into placeholders.
    carried: BTreeMap<String, Carried>,
    /// Named file requests' responses, for `{{name.response…}}` in later ones.
    named: HashMap<String, Arc<NamedResponse>>,
}

impl RequestFiles {
    pub fn new(
        requests: Vec<FileRequest>,
        problems_at_start: Vec<String>,
        start_request: AnswerFor,
    ) -> Self {
        Self {
            templates: templates::all(),
            requests,
            attached: None,
            loads: Vec::new(),
            load_tickets: Tickets::default(),
            saving: None,
            replacing: None,
            problems_at_start,
            start_request,
            carried: BTreeMap::new(),
            named: HashMap::new(),
        }
    }

    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    pub fn requests(&self) -> &[FileRequest] {
        &self.requests
    }

    /// The place of the file request the editor's request `request` came from.
    fn index_of(&self, request: u64) -> Option<usize> {
        self.attached
            .filter(|a| a.request == request)
            .map(|a| a.index)
    }
}
