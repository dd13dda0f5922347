//! What every component gets from the context: the page's state (read it; change it only by
//! dispatching an [`Action`]) and the handle on the interpreter worker.

use glassbox_site::state::{Action, State};
use yew::prelude::*;

use crate::worker_client::WorkerClient;

#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub client: WorkerClient,
    pub state: UseReducerHandle<State>,
}

impl Ctx {
    pub fn dispatch(&self, action: Action) {
        self.state.dispatch(action);
    }
}
