//! Output as it is written: the host may listen to what a program prints while it runs.
//!
//! A program's stdout and stderr are captured (`_glassbox_boot.CapturedStream`) and returned with
//! its outcome when it ends. A program that never ends (a loop the learner stops) would take its
//! output with it, so each write also reaches the listener set here, if any: the browser's worker
//! forwards it to the page now and then while the run goes on.

use std::cell::RefCell;

/// Called with the stream's name (`"<stdout>"` or `"<stderr>"`) and the text written to it.
pub type OutputListener = Box<dyn FnMut(&str, &str)>;

thread_local! {
    static LISTENER: RefCell<Option<OutputListener>> = const { RefCell::new(None) };
}

/// Listen to every write to the captured streams (`None`: stop listening).
pub fn set_output_listener(listener: Option<OutputListener>) {
    LISTENER.with(|slot| *slot.borrow_mut() = listener);
}

/// What `_glassbox_platform.emit` calls for each write that is kept.
pub(crate) fn emit(stream: &str, text: &str) {
    LISTENER.with(|slot| {
        if let Some(listener) = slot.borrow_mut().as_mut() {
            listener(stream, text);
        }
    });
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;

    #[test]
    fn a_listener_hears_each_write_until_removed() {
        let heard = Rc::new(RefCell::new(Vec::new()));
        let sink = heard.clone();
        set_output_listener(Some(Box::new(move |stream, text| {
            sink.borrow_mut().push(format!("{stream}:{text}"))
        })));
        emit("<stdout>", "before\n");
        set_output_listener(None);
        emit("<stdout>", "after\n");
        assert_eq!(*heard.borrow(), ["<stdout>:before\n"]);
    }
}
