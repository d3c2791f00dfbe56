/// Everything a key can ask the app to do. The names are what config.toml's
/// `[keys]` table uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Send,
    Cancel,
    Quit,
    FocusNext,
    FocusPrev,
    Help,
    MethodNext,
    MethodPrev,
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    ToggleHeaders,
    ErrorNext,
    ErrorPrev,
    JumpToError,
    NextProblem,
    PrevProblem,
    SwitchIndexBase,
    PickEnvironment,
    PickTemplate,
    ShowAsSent,
    NewIdempotenceKey,
    ResendWithPreviousKey,
    EditInEditor,
    Copy,
    Zoom,
    Import,
}

impl Command {
    /// Every command with its config name. The match in `name` is exhaustive, and
    /// a test checks this list against it.
    pub const ALL: &[Command] = &[
        Command::Send,
        Command::Cancel,
        Command::Quit,
        Command::FocusNext,
        Command::FocusPrev,
        Command::Help,
        Command::MethodNext,
        Command::MethodPrev,
        Command::ScrollUp,
        Command::ScrollDown,
        Command::PageUp,
        Command::PageDown,
        Command::Top,
        Command::Bottom,
        Command::ToggleHeaders,
        Command::ErrorNext,
        Command::ErrorPrev,
        Command::JumpToError,
        Command::NextProblem,
        Command::PrevProblem,
        Command::SwitchIndexBase,
        Command::PickEnvironment,
        Command::PickTemplate,
        Command::ShowAsSent,
        Command::NewIdempotenceKey,
        Command::ResendWithPreviousKey,
        Command::EditInEditor,
        Command::Copy,
        Command::Zoom,
        Command::Import,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Command::Send => "send",
            Command::Cancel => "cancel",
            Command::Quit => "quit",
            Command::FocusNext => "focus-next",
            Command::FocusPrev => "focus-previous",
            Command::Help => "help",
            Command::MethodNext => "method-next",
            Command::MethodPrev => "method-previous",
            Command::ScrollUp => "scroll-up",
            Command::ScrollDown => "scroll-down",
            Command::PageUp => "page-up",
            Command::PageDown => "page-down",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::ToggleHeaders => "toggle-headers",
            Command::ErrorNext => "error-next",
            Command::ErrorPrev => "error-previous",
            Command::JumpToError => "jump-to-error",
            Command::NextProblem => "next-problem",
            Command::PrevProblem => "previous-problem",
            Command::SwitchIndexBase => "switch-index-base",
            Command::PickEnvironment => "pick-environment",
            Command::PickTemplate => "pick-template",
            Command::ShowAsSent => "show-as-sent",
            Command::NewIdempotenceKey => "new-idempotence-key",
            Command::ResendWithPreviousKey => "resend-with-previous-key",
            Command::EditInEditor => "edit-in-editor",
            Command::Copy => "copy",
            Command::Zoom => "zoom",
            Command::Import => "import",
        }
    }

    pub fn from_name(name: &str) -> Option<Command> {
        let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL.iter().copied().find(|c| c.name() == wanted)
    }
}
