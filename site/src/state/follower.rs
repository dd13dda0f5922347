//! What the presenter's window sends the follower window after every change: the lesson, code,
//! output and inspector on screen, with the secrets already masked (a `BroadcastChannel` reaches
//! every page of the site). The page sends and receives it; here it is only data, taken from a
//! [`State`] and applied to one by [`Action::ApplyFollowerSnapshot`](super::Action).

use std::rc::Rc;

use glassbox_content::model::SourceFile;
use serde::{Deserialize, Serialize};

use super::{CheckResult, Entry, Presenter, State, Tab, Workspace};
use crate::exchange::Exchange;
use crate::protocol::Outcome;
use crate::request::RequestDraft;
use crate::route::Route;

/// The console and history are cut to their last entries: a snapshot is sent on every change.
const KEEP: usize = 30;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The page, as a route fragment.
    pub route: String,
    files: Vec<SourceFile>,
    active: usize,
    checks: Option<Vec<CheckResult>>,
    hints_shown: usize,
    console: Vec<Entry>,
    exchanges: Vec<Exchange>,
    selected: Option<usize>,
    tab: String,
    draft: RequestDraft,
    presenter: Presenter,
    examples: Vec<(usize, Outcome)>,
    lesson_scroll: f64,
}

impl Snapshot {
    pub fn of(state: &State) -> Snapshot {
        let workspace = state.workspace.as_ref();
        let skip = state.exchanges.len().saturating_sub(KEEP);
        let secrets = state.secrets();
        Snapshot {
            route: state.route.to_hash(),
            files: workspace
                .map(|workspace| workspace.files.clone())
                .unwrap_or_default(),
            active: workspace.map_or(0, |workspace| workspace.active),
            hints_shown: workspace.map_or(0, |workspace| workspace.hints_shown),
            checks: workspace.and_then(|workspace| workspace.checks.clone()),
            console: state
                .console
                .iter()
                .rev()
                .take(KEEP)
                .rev()
                .map(|entry| match entry {
                    Entry::Ran { label, outcome } => Entry::Ran {
                        label: label.clone(),
                        outcome: outcome.masked(&secrets),
                    },
                    notice => notice.clone(),
                })
                .collect(),
            exchanges: state
                .exchanges
                .iter()
                .skip(skip)
                .map(|exchange| exchange.masked(&exchange.secrets))
                .collect(),
            selected: state.selected.and_then(|index| index.checked_sub(skip)),
            tab: state.tab.id().to_owned(),
            draft: state.draft.clone(),
            presenter: state.presenter.clone(),
            examples: state
                .examples
                .iter()
                .map(|(index, outcome)| (*index, outcome.clone()))
                .collect(),
            lesson_scroll: state.lesson_scroll,
        }
    }

    /// The page the snapshot shows.
    pub fn route(&self) -> Route {
        Route::parse(&self.route)
    }

    /// Makes the follower's state show what the presenter's shows. `opened` is the workspace
    /// the snapshot's page opens in the follower, used if the follower is not on that page yet.
    pub(super) fn apply(self, state: &mut State, opened: Option<Workspace>) {
        let route = self.route();
        if state.route != route || state.workspace.is_none() {
            state.route = route;
            state.workspace = opened;
        }
        if let Some(workspace) = &mut state.workspace {
            workspace.saved = false; // a follower never writes the presenter's code to storage
            if workspace.files != self.files && !self.files.is_empty() {
                workspace.files = self.files;
                workspace.revision += 1;
            }
            workspace.active = self.active;
            workspace.hints_shown = self.hints_shown;
            workspace.checks = self.checks;
        }
        state.console = self.console;
        state.exchanges = self.exchanges.into_iter().map(Rc::new).collect();
        state.selected = self.selected;
        state.tab = Tab::from_id(&self.tab).unwrap_or(Tab::Console);
        state.draft = self.draft;
        state.presenter = self.presenter;
        state.examples = self.examples.into_iter().collect();
        state.lesson_scroll = self.lesson_scroll;
    }
}
