//! The page's state, in one reducer: what the worker is doing, the console, the open
//! exercise's files, the inspector's requests and lab readings, presenter mode.
//!
//! Plain data and a pure [`State::reduce`]: no storage, no worker, no browser. The page keeps it
//! in Yew's `use_reducer`; what it does in the world (saving code, talking to the worker,
//! mirroring to a follower window) happens in effects that watch it. That is what lets the
//! reducer's tricky paths be unit-tested natively (see `state/tests.rs`).

pub mod follower;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use glassbox_content::model::{Exercise, SourceFile};
use serde::{Deserialize, Serialize};

use crate::exchange::Exchange;
use crate::protocol::{LabReading, Outcome, RunQuery};
use crate::request::RequestDraft;
use crate::route::Route;

pub use follower::Snapshot;

/// What the interpreter worker is doing, as the top bar shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The interpreter is downloading (bytes so far, and the total when the server said).
    Loading {
        loaded: f64,
        total: Option<f64>,
    },
    Ready,
    Running,
    Failed(String),
}

/// One entry of the console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Entry {
    Ran { label: String, outcome: Outcome },
    Notice(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    pub passed: bool,
    pub message: String,
    /// The check's `title=` (or one made from its code), shown whether it passed or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Why it failed, when it ran and failed: what raised, where, and with what input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<crate::check_report::Failure>,
}

/// Where the learner's program stopped with an error, marked in the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorMark {
    pub file: String,
    pub line: u32,
    /// `Kind: message`.
    pub message: String,
}

/// A line of the learner's code the inspector pointed at, to select in the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct RevealedLine {
    pub file: String,
    pub line: u32,
    /// Counts the reveals, so that showing the same line again is a change the editor sees.
    pub count: u32,
}

/// The framework file open in the source tab, and the line to mark.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceLocation {
    /// A path such as `glassbox/http.py`, or `find:<name>` for a definition to look up.
    pub file: String,
    pub line: Option<u32>,
}

/// A key combination the presenter pressed, for the key overlay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyPress {
    pub label: String,
    /// When, in milliseconds since the epoch.
    pub at_ms: f64,
}

/// The exercise (or playground) being edited.
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    /// `lesson_id#exercise_id`, or `playground`: the storage key and the progress key.
    pub key: String,
    pub exercise: Rc<Exercise>,
    pub files: Vec<SourceFile>,
    pub active: usize,
    /// Bumped when the files are replaced from outside the editor (reset, solution).
    pub revision: u32,
    /// Bumped by every change the learner makes to the files (typing, reset, solution, undo):
    /// the page saves the files when it moves, if `saved`.
    pub edits: u32,
    pub hints_shown: usize,
    pub solution_shown: bool,
    pub checks: Option<Vec<CheckResult>>,
    pub error: Option<ErrorMark>,
    /// Edits are saved to this browser (false for code opened from a share link, until kept).
    pub saved: bool,
    /// The files before the last Reset or Solution, for "Undo" across every file.
    pub previous_files: Option<Vec<SourceFile>>,
    pub reveal: Option<RevealedLine>,
}

impl Workspace {
    /// Whether the code defines an `app` at the top of a file (assigned, defined or imported),
    /// or assigns `servers` (several apps over one database, `glassbox.servers`): only then can
    /// a lesson's request be sent to it.
    pub fn defines_app(&self) -> bool {
        self.files.iter().any(|file| {
            file.code.lines().any(|line| {
                let assigned = ["app", "servers"].iter().any(|name| {
                    line.strip_prefix(name)
                        .map(str::trim_start)
                        .is_some_and(|rest| rest.starts_with('=') || rest.starts_with(':'))
                });
                let defined = line.starts_with("def app(") || line.starts_with("class app");
                let imported = line.starts_with("from ")
                    && line.split_once(" import ").is_some_and(|(_, names)| {
                        names
                            .split(|c: char| c == ',' || c.is_whitespace() || c == '(' || c == ')')
                            .any(|name| name == "app")
                    });
                assigned || defined || imported
            })
        })
    }

    /// A workspace on `files`, nothing shown, checked or changed yet, on its first file the
    /// learner can edit.
    pub fn new(key: String, exercise: Rc<Exercise>, files: Vec<SourceFile>) -> Self {
        let active = files
            .iter()
            .position(|file| exercise.is_editable(&file.name))
            .unwrap_or(0);
        Workspace {
            key,
            exercise,
            files,
            active,
            revision: 0,
            edits: 0,
            hints_shown: 0,
            solution_shown: false,
            checks: None,
            error: None,
            saved: true,
            previous_files: None,
            reveal: None,
        }
    }

    /// Replaces every file (reset, solution), keeping the old ones for Undo.
    fn replace_files(&mut self, files: Vec<SourceFile>) {
        self.previous_files = Some(std::mem::replace(&mut self.files, files));
        self.revision += 1;
        self.edits += 1;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Console,
    Request,
    Onion,
    Sql,
    /// SQL, signals, on_commit callbacks, notifications, tasks and a stream's pieces, in order.
    Timeline,
    Cache,
    Auth,
    Cookies,
    Lab,
    Source,
}

impl Tab {
    pub const ALL: [Tab; 10] = [
        Tab::Console,
        Tab::Request,
        Tab::Onion,
        Tab::Sql,
        Tab::Timeline,
        Tab::Cache,
        Tab::Auth,
        Tab::Cookies,
        Tab::Lab,
        Tab::Source,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Console => "Console",
            Tab::Request => "Request",
            Tab::Onion => "Middleware",
            Tab::Sql => "SQL",
            Tab::Timeline => "Timeline",
            Tab::Cache => "Cache",
            Tab::Auth => "Auth",
            Tab::Cookies => "Cookies",
            Tab::Lab => "Lab",
            Tab::Source => "Source",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Tab::Console => "console",
            Tab::Request => "request",
            Tab::Onion => "onion",
            Tab::Sql => "sql",
            Tab::Timeline => "timeline",
            Tab::Cache => "cache",
            Tab::Auth => "auth",
            Tab::Cookies => "cookies",
            Tab::Lab => "lab",
            Tab::Source => "source",
        }
    }

    /// The tab with this [`Tab::id`].
    pub fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|tab| tab.id() == id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub status: Status,
    pub route: Route,
    pub console: Vec<Entry>,
    /// What the running program has printed so far (shown below the console until it ends).
    pub live: Outcome,
    /// The SQL the last Run sent outside any request (the SQL tab shows it above a request's).
    pub run_queries: Vec<RunQuery>,
    pub runs: usize,
    pub workspace: Option<Workspace>,
    /// The learner's program has run in the worker's current interpreter, so requests can be sent.
    pub project_loaded: bool,
    pub tab: Tab,
    pub draft: RequestDraft,
    /// Shared, not copied: the reducer clones the state on every action (every keystroke).
    pub exchanges: Vec<Rc<Exchange>>,
    pub selected: Option<usize>,
    pub lab: Option<LabReading>,
    pub sources: Option<Rc<BTreeMap<String, String>>>,
    pub source_at: Option<SourceLocation>,
    pub completed: BTreeSet<String>,
    pub outline_open: bool,
    /// Output of `python run` examples, by block index.
    pub examples: BTreeMap<usize, Outcome>,
    /// The answers committed to the page's `predict` blocks, by block index.
    pub predictions: BTreeMap<usize, String>,
    pub presenter: Presenter,
    /// This window mirrors a presenter's window (opened with `?follow`).
    pub follower: bool,
    /// A message across the top: a share link opened, or refused.
    pub banner: Option<Banner>,
    /// How far down the lesson text is scrolled (0 to 1), which the follower window copies.
    pub lesson_scroll: f64,
    /// Query plans asked for in the SQL panel, by [`plan_key`].
    pub plans: BTreeMap<String, Vec<String>>,
}

/// Presenter mode: bigger text, high contrast, answers and secrets hidden until shown.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Presenter {
    pub on: bool,
    /// Text scale, 1.0 = normal.
    pub scale: f64,
    /// Hints and the solution are shown (stream-safe: off until the presenter chooses).
    pub reveal_answers: bool,
    /// Show the keys the presenter presses.
    pub show_keys: bool,
    /// Speaker notes in the presenter's window: off until asked, as a stream may capture it.
    #[serde(default)]
    pub show_notes: bool,
    /// The key combination just pressed (for the overlay; the follower shows it too).
    #[serde(default)]
    pub last_key: Option<KeyPress>,
    /// When the session timer ends (ms since the epoch), and how long it was set for.
    pub timer_end_ms: Option<f64>,
    pub timer_minutes: u32,
}

/// A prediction's progress: choose, commit, run, see.
#[derive(Debug, Clone, PartialEq)]
pub enum PredictionStage {
    /// Nothing committed yet.
    Open,
    /// Committed; the example has not run since.
    Committed(String),
    /// Committed, and the example ran: what it printed.
    Revealed { answer: String, printed: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Banner {
    /// A share link was opened: its hash, and the workspace it filled.
    Shared {
        hash: String,
        key: String,
    },
    Error(String),
    Info(String),
}

/// The key of a statement's plan in [`State::plans`]: the SQL and its parameters.
pub fn plan_key(sql: &str, params: &serde_json::Value) -> String {
    format!("{sql}\n{params}")
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Status(Status),
    Notice(String),
    /// The worker was replaced (stopped, timed out, crashed): the program is gone with it.
    Restarted(String),
    /// The SQL the last Run sent.
    RunQueries(Vec<RunQuery>),
    /// The running program printed `text` (to "stdout" or "stderr").
    Printed {
        stream: String,
        text: String,
    },
    Ran {
        label: String,
        outcome: Outcome,
    },
    ClearConsole,
    Navigate(Route),
    OpenWorkspace(Workspace),
    Edit(String),
    SelectFile(usize),
    /// Reset: every file back to its starting code (undoable).
    ReplaceFiles(Vec<SourceFile>),
    ShowHint,
    ShowSolution(Vec<SourceFile>),
    Checked(Vec<CheckResult>),
    Completed(BTreeSet<String>),
    ErrorAt(Option<ErrorMark>),
    ProjectLoaded(bool),
    Tab(Tab),
    Draft(RequestDraft),
    Exchanged(Exchange),
    /// More of a stream was read (or it was closed): its exchange shows what came.
    StreamRead(crate::exchange::StreamReading),
    Select(usize),
    ClearHistory,
    Lab(LabReading),
    Sources(Rc<BTreeMap<String, String>>),
    OpenSource(SourceLocation),
    ToggleOutline,
    Presenter(Presenter),
    KeyPressed(KeyPress),
    LessonScrolled(f64),
    /// A share link's page and code, together (so the route's own workspace does not replace it).
    OpenShared(Route, Workspace),
    Banner(Option<Banner>),
    /// A statement's query plan, by [`plan_key`].
    Plan(String, Vec<String>),
    /// An action that belongs to one workspace (a check result, an error line, "the program is
    /// loaded"): dropped if the learner has moved to another exercise before it arrived.
    For(String, Box<Action>),
    /// The output of a lesson's example, for the page it was run on.
    ExampleFor(Route, usize, Outcome),
    /// The learner commits `answer` to the `predict` block at `index`, about the example at
    /// `example`, whose earlier output is cleared: the reveal waits for a run after the commit.
    Predict {
        index: usize,
        example: usize,
        answer: String,
    },
    UndoReplace,
    /// Show a line of the learner's code (a query's, an error's): open its file, select the line.
    Reveal {
        file: String,
        line: u32,
    },
    /// The presenter's window sent its state (this is a follower window). `workspace` is what
    /// the snapshot's page opens in this window, used when the follower is not on it yet.
    ApplyFollowerSnapshot {
        snapshot: Box<Snapshot>,
        workspace: Option<Box<Workspace>>,
    },
}

impl State {
    pub fn new(route: Route, completed: BTreeSet<String>) -> Self {
        State {
            status: Status::Loading {
                loaded: 0.0,
                total: None,
            },
            route,
            console: Vec::new(),
            live: Outcome::default(),
            run_queries: Vec::new(),
            runs: 0,
            workspace: None,
            project_loaded: false,
            tab: Tab::Console,
            draft: RequestDraft::get_root(),
            exchanges: Vec::new(),
            selected: None,
            lab: None,
            sources: None,
            source_at: None,
            completed,
            outline_open: false,
            examples: BTreeMap::new(),
            predictions: BTreeMap::new(),
            presenter: Presenter {
                scale: 1.5,
                timer_minutes: 25,
                ..Presenter::default()
            },
            follower: false,
            banner: None,
            plans: BTreeMap::new(),
            lesson_scroll: 0.0,
        }
    }

    /// The selected exchange, with its secrets masked in presenter mode (and in a follower).
    pub fn exchange(&self) -> Option<std::borrow::Cow<'_, Exchange>> {
        let exchange: &Exchange = self.selected.and_then(|index| self.exchanges.get(index))?;
        Some(if self.presenter.on || self.follower {
            std::borrow::Cow::Owned(exchange.masked(&exchange.secrets))
        } else {
            std::borrow::Cow::Borrowed(exchange)
        })
    }

    /// Every secret the app has reported (for masking the console in presenter mode).
    pub fn secrets(&self) -> Vec<String> {
        let mut secrets: Vec<String> = self
            .exchanges
            .iter()
            .flat_map(|exchange| exchange.secrets.iter().cloned())
            .collect();
        secrets.sort();
        secrets.dedup();
        secrets
    }

    /// Answers (hints, solution) may be on screen.
    pub fn answers_visible(&self) -> bool {
        !(self.presenter.on || self.follower) || self.presenter.reveal_answers
    }

    /// Where the `predict` block at `index` stands; `example` is the block it asks about.
    pub fn prediction(&self, index: usize, example: usize) -> PredictionStage {
        match (self.predictions.get(&index), self.examples.get(&example)) {
            (None, _) => PredictionStage::Open,
            (Some(answer), None) => PredictionStage::Committed(answer.clone()),
            (Some(answer), Some(outcome)) => PredictionStage::Revealed {
                answer: answer.clone(),
                printed: outcome.stdout.clone(),
            },
        }
    }

    pub fn ready(&self) -> bool {
        matches!(self.status, Status::Ready | Status::Running)
    }

    /// The state after `action`. Pure: everything it needs is in the state and the action.
    pub fn reduce(mut self, action: Action) -> State {
        self.apply(action);
        self
    }

    fn apply(&mut self, action: Action) {
        let state = self;
        match action {
            Action::Status(status) => {
                // A request starts or the worker is idle: no output is streaming any more.
                if matches!(status, Status::Running | Status::Ready) {
                    state.live = Outcome::default();
                }
                state.status = status;
            }
            Action::Notice(text) => state.console.push(Entry::Notice(text)),
            Action::Restarted(reason) => {
                state.console.push(Entry::Notice(reason));
                state.project_loaded = false;
                state.live = Outcome::default();
            }
            Action::RunQueries(queries) => state.run_queries = queries,
            Action::Printed { stream, text } => match stream.as_str() {
                "stderr" => state.live.stderr.push_str(&text),
                _ => state.live.stdout.push_str(&text),
            },
            Action::Ran { label, outcome } => {
                state.live = Outcome::default();
                // A stopped run's answer says why the worker was replaced: announce it once,
                // in the run's entry (with what it printed and how long it ran), not twice.
                let said = outcome.error.as_ref().is_some_and(|error| {
                    matches!(state.console.last(), Some(Entry::Notice(text)) if *text == error.message)
                });
                if said {
                    state.console.pop();
                }
                state.runs += 1;
                state.console.push(Entry::Ran { label, outcome });
            }
            Action::ClearConsole => state.console.clear(),
            Action::Navigate(route) => {
                if state.route != route {
                    if matches!(state.banner, Some(Banner::Shared { .. })) {
                        state.banner = None; // the shared code is not on screen any more
                    }
                    // Output and a request draft belong to the page they were made on.
                    state.console.clear();
                    state.run_queries.clear();
                    state.draft = RequestDraft::get_root();
                }
                state.route = route;
                state.examples.clear();
                state.predictions.clear();
                state.outline_open = false;
            }
            Action::OpenWorkspace(mut workspace) => {
                if state.follower {
                    workspace.saved = false; // a follower never writes to storage
                }
                state.workspace = Some(workspace);
                state.project_loaded = false;
            }
            Action::Edit(text) => {
                if let Some(workspace) = &mut state.workspace
                    && let Some(file) = workspace.files.get_mut(workspace.active)
                {
                    file.code = text;
                    workspace.edits += 1;
                    state.project_loaded = false; // the interpreter runs the old code now
                }
            }
            Action::SelectFile(index) => {
                if let Some(workspace) = &mut state.workspace {
                    workspace.active = index.min(workspace.files.len().saturating_sub(1));
                }
            }
            Action::ReplaceFiles(files) => {
                state.project_loaded = false;
                if let Some(workspace) = &mut state.workspace {
                    workspace.replace_files(files);
                    workspace.checks = None;
                    workspace.error = None;
                }
            }
            Action::ShowHint => {
                if let Some(workspace) = &mut state.workspace {
                    workspace.hints_shown =
                        (workspace.hints_shown + 1).min(workspace.exercise.hints.len());
                }
            }
            Action::ShowSolution(files) => {
                state.project_loaded = false;
                if let Some(workspace) = &mut state.workspace {
                    workspace.solution_shown = true;
                    workspace.replace_files(files);
                }
            }
            Action::Checked(results) => {
                if let Some(workspace) = &mut state.workspace {
                    workspace.checks = Some(results);
                }
            }
            Action::Completed(done) => state.completed = done,
            Action::ErrorAt(error) => {
                if let Some(workspace) = &mut state.workspace {
                    workspace.error = error;
                }
            }
            Action::ProjectLoaded(loaded) => state.project_loaded = loaded,
            Action::Tab(tab) => state.tab = tab,
            Action::Draft(draft) => state.draft = draft,
            Action::Exchanged(exchange) => {
                state.exchanges.push(Rc::new(exchange));
                state.selected = Some(state.exchanges.len() - 1);
            }
            Action::StreamRead(reading) => {
                for exchange in state.exchanges.iter_mut().rev() {
                    if let Some(read) = exchange.read(&reading) {
                        *exchange = Rc::new(read);
                        break;
                    }
                }
            }
            Action::Select(index) => state.selected = Some(index),
            Action::ClearHistory => {
                state.exchanges.clear();
                state.selected = None;
            }
            Action::Lab(reading) => {
                // A server the program no longer has cannot be asked: send to the default.
                if state
                    .draft
                    .server
                    .as_ref()
                    .is_some_and(|server| !reading.servers.contains(server))
                {
                    state.draft.server = None;
                }
                state.lab = Some(reading);
            }
            Action::Sources(sources) => state.sources = Some(sources),
            Action::OpenSource(location) => {
                state.source_at = Some(location);
                state.tab = Tab::Source;
            }
            Action::ToggleOutline => state.outline_open = !state.outline_open,
            Action::ExampleFor(route, index, outcome) => {
                if state.route == route {
                    state.examples.insert(index, outcome);
                }
            }
            Action::Predict {
                index,
                example,
                answer,
            } => {
                state.predictions.insert(index, answer);
                state.examples.remove(&example);
            }
            Action::For(key, action) => {
                if state
                    .workspace
                    .as_ref()
                    .is_some_and(|workspace| workspace.key == key)
                {
                    state.apply(*action);
                }
            }
            Action::Reveal { file, line } => {
                if let Some(workspace) = &mut state.workspace
                    && let Some(index) = workspace
                        .files
                        .iter()
                        .position(|source| source.name == file)
                {
                    workspace.active = index;
                    let count = workspace
                        .reveal
                        .as_ref()
                        .map_or(0, |reveal| reveal.count + 1);
                    workspace.reveal = Some(RevealedLine { file, line, count });
                }
            }
            Action::UndoReplace => {
                if let Some(workspace) = &mut state.workspace
                    && let Some(previous) = workspace.previous_files.take()
                {
                    workspace.files = previous;
                    workspace.revision += 1;
                    workspace.edits += 1;
                    state.project_loaded = false;
                }
            }
            Action::Presenter(presenter) => state.presenter = presenter,
            Action::KeyPressed(key) => state.presenter.last_key = Some(key),
            Action::LessonScrolled(fraction) => state.lesson_scroll = fraction,
            Action::OpenShared(route, workspace) => {
                state.route = route;
                state.examples.clear();
                state.predictions.clear();
                state.workspace = Some(workspace);
                state.project_loaded = false;
            }
            Action::Banner(banner) => state.banner = banner,
            Action::Plan(key, plan) => {
                state.plans.insert(key, plan);
            }
            Action::ApplyFollowerSnapshot {
                snapshot,
                workspace,
            } => snapshot.apply(state, workspace.map(|workspace| *workspace)),
        }
    }
}

/// How Yew's `use_reducer` runs [`State::reduce`].
#[cfg(target_arch = "wasm32")]
impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).reduce(action))
    }
}
