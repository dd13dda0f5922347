//! Builds the page from the body's pieces: prose events pile up until an interactive block
//! interrupts them; exercise blocks gather into exercises, and checks, solutions and hints
//! attach to the exercise they name (or the nearest one above them). So do `python wrong` and
//! `python solution alt` blocks, which become the lesson's other solutions, proven by
//! `glassbox check` and never shown to learners.

use std::path::{Component, Path};

use pulldown_cmark::Event;

use super::LessonSource;
use super::fence::{self, Access, Fence, OtherSolution as OtherFence};
use super::http_block;
use crate::diagnostic::{Diagnostic, Position};
use crate::include;
use crate::markdown;
use crate::model::{Block, Check, Exercise, OtherKind, OtherSolution, Prediction, SourceFile};

/// The file an exercise block is when it does not say `file=`.
pub const DEFAULT_FILE: &str = "main.py";
/// The exercise an exercise block belongs to when it does not say `id=`.
pub const DEFAULT_ID: &str = "main";
/// The file a `python setup` block is when it does not say `file=`.
pub const DEFAULT_SETUP_FILE: &str = "setup.py";

pub struct PageBuilder<'a> {
    source: &'a LessonSource<'a>,
    blocks: Vec<Block>,
    prose: Vec<Event<'a>>,
    exercises: Vec<Draft>,
    /// Blocks that belong to an exercise, resolved once every exercise is known.
    attachments: Vec<Attachment>,
    /// The `python setup` files, where each was written, and whether it is hidden.
    setup: Vec<(SourceFile, Position, bool)>,
    /// `Predict` blocks (by index) waiting for the `python run` block below them.
    predictions: Vec<(usize, Position)>,
    /// Where each `output` block was, by the index of its `Run` block.
    outputs: Vec<(usize, Position)>,
}

/// An exercise while the page is read: its files with where each was written.
struct Draft {
    id: String,
    position: Position,
    files: Vec<(SourceFile, Position)>,
    checks: Vec<Check>,
    solution: Vec<(SourceFile, Position)>,
    hints: Vec<String>,
    others: Vec<OtherDraft>,
    read_only: Vec<String>,
    hidden: Vec<String>,
    /// `after=`, and where it was given.
    after: Option<(String, Position)>,
}

impl Draft {
    fn new(
        id: String,
        position: Position,
        files: Vec<(SourceFile, Position)>,
        after: Option<(String, Position)>,
    ) -> Self {
        Draft {
            id,
            position,
            files,
            checks: Vec::new(),
            solution: Vec::new(),
            hints: Vec::new(),
            others: Vec::new(),
            read_only: Vec::new(),
            hidden: Vec::new(),
            after,
        }
    }
}

/// What a page is made of, once read.
pub struct Page {
    pub blocks: Vec<Block>,
    pub exercises: Vec<Exercise>,
    pub others: Vec<OtherSolution>,
    pub setup: Vec<SourceFile>,
}

/// A wrong or alternative solution while the page is read: blocks with the same `id=` add files.
struct OtherDraft {
    kind: OtherKind,
    /// `None` until the exercise is complete, when it gets `wrong-1`, `alt-1`, ...
    id: Option<String>,
    why: Option<String>,
    files: Vec<(SourceFile, Position)>,
    position: Position,
}

struct Attachment {
    /// The `id=` it gave, or else the exercise above it when it was written.
    target: Target,
    position: Position,
    what: Attached,
}

enum Target {
    Named(String),
    Above(Option<String>),
}

enum Attached {
    Check(Check),
    Solution {
        file: Option<String>,
        code: String,
    },
    Hint(String),
    /// The index of the `Block::Http` whose exercise is filled in.
    Http(usize),
    Other(OtherBlock),
}

/// One `python wrong` or `python solution alt` block.
struct OtherBlock {
    kind: OtherKind,
    id: Option<String>,
    why: Option<String>,
    file: Option<String>,
    code: String,
}

impl Attached {
    fn noun(&self) -> &'static str {
        match self {
            Attached::Check(_) => "check",
            Attached::Solution { .. } => "solution",
            Attached::Hint(_) => "hint",
            Attached::Http(_) => "http request",
            Attached::Other(block) => block.kind.noun(),
        }
    }

    /// The attribute that names the exercise it belongs to.
    fn names_exercise_with(&self) -> &'static str {
        match self {
            Attached::Other(_) => "exercise=",
            _ => "id=",
        }
    }
}

impl<'a> PageBuilder<'a> {
    pub fn new(source: &'a LessonSource<'a>) -> Self {
        PageBuilder {
            source,
            blocks: Vec::new(),
            prose: Vec::new(),
            exercises: Vec::new(),
            attachments: Vec::new(),
            setup: Vec::new(),
            predictions: Vec::new(),
            outputs: Vec::new(),
        }
    }

    pub fn prose(&mut self, event: Event<'a>) {
        self.prose.push(event);
    }

    fn flush_prose(&mut self) {
        if self.prose.is_empty() {
            return;
        }
        let html = markdown::events_to_html(std::mem::take(&mut self.prose));
        if !html.trim().is_empty() {
            self.blocks.push(Block::Prose { html });
        }
    }

    fn problem(
        &self,
        position: Position,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(self.source.file, position, message).help(help)
    }

    /// A top-level fenced block: `info` at `position`, its code starting on line `code_line`.
    pub fn fenced_block(
        &mut self,
        info: &str,
        code: String,
        position: Position,
        code_line: usize,
        problems: &mut Vec<Diagnostic>,
    ) {
        let fence = match fence::parse(info) {
            Ok(fence) => fence,
            Err(error) => {
                problems.push(self.problem(position, error.message, error.help));
                return;
            }
        };
        let above = self.exercises.last().map(|draft| draft.id.clone());
        let target = |id: Option<String>| match id {
            Some(id) => Target::Named(id),
            None => Target::Above(above.clone()),
        };
        match fence {
            Fence::Shown { language } => {
                self.flush_prose();
                self.blocks.push(Block::Code { language, code });
            }
            Fence::Run { raises } => {
                if let Some(kind) = &raises
                    && !is_identifier(kind)
                {
                    problems.push(self.problem(
                        position,
                        format!("`raises={kind}` is not an exception name"),
                        "name the exception class, e.g. raises=ZeroDivisionError",
                    ));
                }
                self.flush_prose();
                let at = self.blocks.len();
                for (prediction, _) in std::mem::take(&mut self.predictions) {
                    if let Block::Predict(prediction) = &mut self.blocks[prediction] {
                        prediction.example = at;
                    }
                }
                self.blocks.push(Block::Run {
                    code,
                    raises,
                    line: code_line,
                    output: None,
                });
            }
            Fence::Output => self.add_output(code, position, problems),
            Fence::Predict { answer } => self.add_prediction(&code, answer, position, problems),
            Fence::Setup { file, hidden } => self.add_setup(file, code, hidden, position, problems),
            Fence::Exercise {
                id,
                file,
                from,
                after,
                access,
            } => {
                // An empty block of a later step only places its editor: its files are the
                // earlier step's solution.
                let placement = after.is_some() && from.is_none() && code.trim().is_empty();
                let code = if placement {
                    None
                } else {
                    let Some(code) = self.code_or_file(code, from.as_deref(), position, problems)
                    else {
                        return;
                    };
                    Some(code)
                };
                self.add_exercise_file(
                    id.unwrap_or_else(|| DEFAULT_ID.into()),
                    file,
                    code,
                    (access, after),
                    position,
                    problems,
                );
            }
            Fence::Check { id, title } => {
                let target = target(id);
                self.attachments.push(Attachment {
                    target,
                    position,
                    what: Attached::Check(Check {
                        title,
                        code,
                        line: code_line,
                    }),
                });
            }
            Fence::Solution { id, file, from } => {
                let Some(code) = self.code_or_file(code, from.as_deref(), position, problems)
                else {
                    return;
                };
                let target = target(id);
                self.attachments.push(Attachment {
                    target,
                    position,
                    what: Attached::Solution { file, code },
                });
            }
            Fence::Hint { id } => {
                let target = target(id);
                self.attachments.push(Attachment {
                    target,
                    position,
                    what: Attached::Hint(markdown::to_html(&code)),
                });
            }
            Fence::Http { id } => match http_block::parse(&code) {
                Ok(request) => {
                    self.flush_prose();
                    let at = self.blocks.len();
                    self.blocks.push(Block::Http {
                        exercise: None,
                        request,
                        line: position.line,
                    });
                    let target = target(id);
                    self.attachments.push(Attachment {
                        target,
                        position,
                        what: Attached::Http(at),
                    });
                }
                Err(error) => {
                    let line = Position {
                        line: code_line + error.line,
                        column: 1,
                    };
                    problems.push(self.problem(line, error.message, error.help));
                }
            },
            Fence::Include { file, name } => {
                if !code.trim().is_empty() {
                    problems.push(self.problem(position, "an include block must be empty", "its code is read from the framework's source; delete the lines inside the fence"));
                }
                match include::quote(self.source.framework, &file, &name) {
                    Ok(quote) => {
                        self.flush_prose();
                        self.blocks.push(Block::Source {
                            file,
                            name,
                            code: quote.code,
                            first_line: quote.first_line,
                        });
                    }
                    Err(error) => {
                        problems.push(self.problem(position, error.to_string(), error.help()))
                    }
                }
            }
            Fence::Wrong(other) => {
                self.other_solution(OtherKind::Wrong, other, code, position, problems)
            }
            Fence::Alternative(other) => {
                self.other_solution(OtherKind::Alternative, other, code, position, problems)
            }
            Fence::Notes => {
                self.flush_prose();
                self.blocks.push(Block::Notes {
                    html: markdown::to_html(&code),
                });
            }
        }
    }

    fn other_solution(
        &mut self,
        kind: OtherKind,
        fence: OtherFence,
        code: String,
        position: Position,
        problems: &mut Vec<Diagnostic>,
    ) {
        let Some(code) = self.code_or_file(code, fence.from.as_deref(), position, problems) else {
            return;
        };
        let target = match fence.exercise {
            Some(id) => Target::Named(id),
            None => Target::Above(self.exercises.last().map(|draft| draft.id.clone())),
        };
        self.attachments.push(Attachment {
            target,
            position,
            what: Attached::Other(OtherBlock {
                kind,
                id: fence.id,
                why: fence.why,
                file: fence.file,
                code,
            }),
        });
    }

    /// The block's own code, or the file `from=` names in the lesson's folder.
    fn code_or_file(
        &self,
        code: String,
        from: Option<&str>,
        position: Position,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let Some(from) = from else { return Some(code) };
        if !code.trim().is_empty() {
            problems.push(self.problem(
                position,
                format!("this block has code and also `from={from}`"),
                "keep the code in the block or in the file, not both",
            ));
            // Keep the block (the lesson is rejected anyway), so nothing else reports it missing.
            return Some(code);
        }
        let relative = Path::new(from);
        if relative.is_absolute()
            || relative
                .components()
                .any(|part| !matches!(part, Component::Normal(_)))
        {
            problems.push(self.problem(
                position,
                format!("`from={from}` leaves the lesson's folder"),
                "name a file inside the lesson's folder, e.g. from=start/views.py",
            ));
            return Some(String::new());
        }
        match std::fs::read_to_string(self.source.folder.join(relative)) {
            Ok(code) => Some(code),
            Err(error) => {
                let files = lesson_files(self.source.folder);
                let help = match crate::suggest::closest(from, files.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `from={near}`?"),
                    None => format!(
                        "put the file at {}",
                        self.source.folder.join(relative).display()
                    ),
                };
                problems.push(self.problem(
                    position,
                    format!("cannot read `{from}`: {error}"),
                    help,
                ));
                Some(String::new())
            }
        }
    }

    /// Adds one `python exercise` block's file (none for a later step's placement block).
    fn add_exercise_file(
        &mut self,
        id: String,
        file: Option<String>,
        code: Option<String>,
        (access, after): (Access, Option<String>),
        position: Position,
        problems: &mut Vec<Diagnostic>,
    ) {
        let name = file.unwrap_or_else(|| DEFAULT_FILE.into());
        if !is_module_file(&name) {
            problems.push(self.problem(
                position,
                format!("`file={name}` is not a Python module name"),
                "name exercise files like views.py: letters, digits and underscores, then .py",
            ));
            return;
        }
        let after = after.map(|after| (after, position));
        let mut draft_flags = (Vec::new(), Vec::new());
        match access {
            Access::Editable => {}
            Access::ReadOnly => draft_flags.0.push(name.clone()),
            Access::Hidden => draft_flags.1.push(name.clone()),
        }
        let Some(code) = code else {
            if let Some(draft) = self.exercises.iter_mut().find(|draft| draft.id == id) {
                if draft.after.is_none() {
                    draft.after = after;
                }
                return;
            }
            self.flush_prose();
            self.blocks.push(Block::Exercise {
                exercise: id.clone(),
            });
            self.exercises
                .push(Draft::new(id, position, Vec::new(), after));
            return;
        };
        if let Some(draft) = self.exercises.iter_mut().find(|draft| draft.id == id) {
            if let (Some((given, _)), Some((first, at))) = (&after, &draft.after)
                && given != first
            {
                let message = format!(
                    "exercise `{id}` already comes after `{first}` (line {})",
                    at.line
                );
                problems.push(
                    Diagnostic::new(self.source.file, position, message)
                        .help("give after= once per exercise"),
                );
                return;
            }
            if draft.after.is_none() {
                draft.after = after;
            }
            draft.read_only.append(&mut draft_flags.0);
            draft.hidden.append(&mut draft_flags.1);
            if let Some((_, first)) = draft.files.iter().find(|(file, _)| file.name == name) {
                let message = format!(
                    "exercise `{id}` already has a file `{name}` (line {})",
                    first.line
                );
                problems.push(Diagnostic::new(self.source.file, position, message).help(
                    "give each file of a multi-file exercise its own `file=`, or give separate exercises different `id=`",
                ));
                return;
            }
            draft.files.push((SourceFile { name, code }, position));
            return;
        }
        self.flush_prose();
        self.blocks.push(Block::Exercise {
            exercise: id.clone(),
        });
        let mut draft = Draft::new(
            id,
            position,
            vec![(SourceFile { name, code }, position)],
            after,
        );
        (draft.read_only, draft.hidden) = draft_flags;
        self.exercises.push(draft);
    }

    /// An `output` block: what the `python run` block right above it prints.
    fn add_output(&mut self, code: String, position: Position, problems: &mut Vec<Diagnostic>) {
        // Only an HTML comment may come between an example and its output: the reader sees
        // nothing there.
        let between = self.prose.iter().any(|event| match event {
            Event::Start(pulldown_cmark::Tag::HtmlBlock)
            | Event::End(pulldown_cmark::TagEnd::HtmlBlock) => false,
            Event::Html(html) | Event::InlineHtml(html) => {
                let html = html.trim();
                !(html.starts_with("<!--") && html.ends_with("-->"))
            }
            Event::Text(text) => !text.trim().is_empty(),
            _ => true,
        });
        let at = self.blocks.len().wrapping_sub(1);
        match self.blocks.last_mut() {
            Some(Block::Run { output, .. }) if !between && output.is_none() => {
                *output = Some(code);
                self.outputs.push((at, position));
            }
            Some(Block::Run { output: Some(_), .. }) if !between => problems.push(self.problem(
                position,
                "this example already has an output block",
                "give one ```output block per example",
            )),
            _ => problems.push(self.problem(
                position,
                "an output block must come right after the `python run` block it belongs to",
                "move it directly under its example, with nothing in between; `glassbox check` proves the example prints it",
            )),
        }
    }

    /// A `predict` block: its question, then `- [ ]` choices with one `- [x]`, or `answer=`.
    fn add_prediction(
        &mut self,
        body: &str,
        answer: Option<String>,
        position: Position,
        problems: &mut Vec<Diagnostic>,
    ) {
        let mut question = String::new();
        let mut choices = Vec::new();
        let mut ticked = Vec::new();
        for line in body.lines() {
            let item = line
                .trim_start()
                .strip_prefix("- ")
                .or_else(|| line.trim_start().strip_prefix("* "));
            let choice = item.and_then(|item| {
                let (mark, text) = item.split_at_checked(3)?;
                let ticked = match mark {
                    "[ ]" => false,
                    "[x]" | "[X]" => true,
                    _ => return None,
                };
                Some((ticked, text.trim().to_owned()))
            });
            match choice {
                Some((is_ticked, text)) => {
                    if is_ticked {
                        ticked.push(text.clone());
                    }
                    choices.push(text);
                }
                None => {
                    question.push_str(line);
                    question.push('\n');
                }
            }
        }
        let mut fail =
            |message: &str, help: &str| problems.push(self.problem(position, message, help));
        if question.trim().is_empty() {
            fail(
                "this prediction asks no question",
                "write the question first, e.g. `How many queries does this page send?`",
            );
        }
        let answer = match (choices.is_empty(), ticked.as_slice(), answer) {
            (true, _, None) => {
                fail(
                    "this prediction has no choices and no answer=",
                    "list choices as `- [ ] 1` lines and tick the right one `- [x] 2`, or give answer=NUMBER for the learner to type",
                );
                return;
            }
            (true, _, Some(answer)) if answer.trim().parse::<f64>().is_err() => {
                fail(
                    &format!("`answer={answer}` is not a number"),
                    "without choices the learner types a number; for text answers, list choices and tick the right one",
                );
                return;
            }
            (true, _, Some(answer)) => answer,
            (false, _, Some(_)) => {
                fail(
                    "this prediction has both choices and answer=",
                    "tick the right choice (`- [x] 2`) and remove answer=",
                );
                return;
            }
            (false, [one], None) => one.clone(),
            (false, none_or_many, None) => {
                let message = if none_or_many.is_empty() {
                    "no choice of this prediction is ticked".to_owned()
                } else {
                    format!(
                        "{} choices of this prediction are ticked",
                        none_or_many.len()
                    )
                };
                fail(
                    &message,
                    "tick exactly one choice, the right one: `- [x] 2`",
                );
                return;
            }
        };
        if choices.len()
            != choices
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        {
            fail(
                "two choices of this prediction are the same",
                "give each choice different text",
            );
            return;
        }
        self.flush_prose();
        self.predictions.push((self.blocks.len(), position));
        self.blocks.push(Block::Predict(Prediction {
            question: markdown::to_html(question.trim()),
            choices,
            answer,
            example: usize::MAX,
            line: position.line,
        }));
    }

    /// A `python setup` file: importable by every example, and a file of every exercise.
    fn add_setup(
        &mut self,
        file: Option<String>,
        code: String,
        hidden: bool,
        position: Position,
        problems: &mut Vec<Diagnostic>,
    ) {
        let name = file.unwrap_or_else(|| DEFAULT_SETUP_FILE.into());
        if !is_module_file(&name) {
            problems.push(self.problem(
                position,
                format!("`file={name}` is not a Python module name"),
                "name setup files like models.py: letters, digits and underscores, then .py",
            ));
            return;
        }
        if let Some((_, first, _)) = self.setup.iter().find(|(given, _, _)| given.name == name) {
            let message = format!(
                "the lesson already has a setup file `{name}` (line {})",
                first.line
            );
            problems.push(self.problem(position, message, "give each setup block its own file="));
            return;
        }
        if !hidden {
            self.flush_prose();
            self.blocks.push(Block::Setup {
                file: name.clone(),
                code: code.clone(),
            });
        }
        self.setup
            .push((SourceFile { name, code }, position, hidden));
    }

    /// Relative links and images must point at something in the lessons tree.
    pub fn check_link(&self, url: &str, position: Position, problems: &mut Vec<Diagnostic>) {
        let path = url.split(['#', '?']).next().unwrap_or("");
        let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        if path.is_empty() || has_scheme || url.starts_with("//") {
            return;
        }
        if path.starts_with('/') {
            problems.push(self.problem(
                position,
                format!("the link `{url}` starts at the site's root"),
                "link to other lessons and files relatively, e.g. ../02-urls/ or diagram.svg",
            ));
            return;
        }
        if !self.source.folder.join(path).exists() {
            problems.push(self.problem(
                position,
                format!("the link `{url}` points at nothing"),
                format!(
                    "no file or folder {} exists",
                    self.source.folder.join(path).display()
                ),
            ));
        }
    }

    /// Attaches checks, solutions, hints and requests, and reports exercises left incomplete.
    /// Returns the page, its exercises, and their wrong and alternative solutions.
    pub fn finish(mut self, problems: &mut Vec<Diagnostic>) -> Page {
        self.flush_prose();
        for attachment in std::mem::take(&mut self.attachments) {
            self.attach(attachment, problems);
        }
        let mut exercises: Vec<Exercise> = Vec::new();
        let mut others = Vec::new();
        let later: Vec<String> = self
            .exercises
            .iter()
            .map(|draft| draft.id.clone())
            .collect();
        for mut draft in std::mem::take(&mut self.exercises) {
            others.extend(other_solutions(
                &draft.id,
                std::mem::take(&mut draft.others),
            ));
            let exercise = self.complete(draft, &exercises, &later, problems);
            exercises.push(exercise);
        }
        self.check_predictions(problems);
        Page {
            blocks: self.blocks,
            exercises,
            others,
            setup: self.setup.into_iter().map(|(file, _, _)| file).collect(),
        }
    }

    /// Every prediction has an example below it, whose output the page does not give away.
    fn check_predictions(&self, problems: &mut Vec<Diagnostic>) {
        for (_, position) in &self.predictions {
            problems.push(self.problem(
                *position,
                "this prediction has no `python run` block after it",
                "put the example it asks about below it: the last line the example prints is the answer `glassbox check` proves",
            ));
        }
        for block in &self.blocks {
            let Block::Predict(prediction) = block else {
                continue;
            };
            if let Some((_, output)) = self
                .outputs
                .iter()
                .find(|(at, _)| *at == prediction.example)
            {
                let position = Position {
                    line: prediction.line,
                    column: 1,
                };
                problems.push(self.problem(
                    position,
                    format!("the example this prediction asks about shows its output (line {}), which gives the answer away", output.line),
                    "remove the output block: the learner sees the output when they run the example",
                ));
            }
        }
    }

    fn attach(&mut self, attachment: Attachment, problems: &mut Vec<Diagnostic>) {
        let noun = attachment.what.noun();
        let id = match &attachment.target {
            Target::Named(id) if self.exercises.iter().any(|draft| &draft.id == id) => id.clone(),
            Target::Named(id) => {
                let known: Vec<_> = self
                    .exercises
                    .iter()
                    .map(|draft| format!("`{}`", draft.id))
                    .collect();
                let help = if known.is_empty() {
                    "this lesson has no exercise yet: add a ```python exercise block".to_owned()
                } else {
                    format!("this lesson's exercises are {}", known.join(", "))
                };
                problems.push(self.problem(
                    attachment.position,
                    format!("this {noun} names exercise `{id}`, which does not exist"),
                    help,
                ));
                return;
            }
            Target::Above(Some(id)) => id.clone(),
            Target::Above(None) => {
                if let Attached::Http(_) = attachment.what {
                    return; // a request with no app to send it to is only shown
                }
                let names = attachment.what.names_exercise_with();
                problems.push(self.problem(
                    attachment.position,
                    format!("a {noun} with no exercise"),
                    format!("put the {noun} after the ```python exercise block it belongs to, or name it with {names}"),
                ));
                return;
            }
        };
        let position = attachment.position;
        let names = self.file_names(&id);
        let draft = self
            .exercises
            .iter_mut()
            .find(|draft| draft.id == id)
            .expect("the exercise exists");
        match attachment.what {
            Attached::Other(block) => {
                if let Err((message, help)) = add_other(draft, &names, block, position) {
                    problems.push(Diagnostic::new(self.source.file, position, message).help(help));
                }
            }
            Attached::Check(check) => draft.checks.push(check),
            Attached::Hint(html) => draft.hints.push(html),
            Attached::Http(at) => {
                if let Block::Http { exercise, .. } = &mut self.blocks[at] {
                    *exercise = Some(id);
                }
            }
            Attached::Solution { file, code } => {
                let file = match file {
                    Some(file) => file,
                    // No known files: the step it follows is missing, already reported.
                    None if names.len() <= 1 => {
                        names.first().map_or(DEFAULT_FILE, |name| name).to_owned()
                    }
                    None => {
                        let problem = Diagnostic::new(self.source.file, position, format!("exercise `{id}` has several files; this solution does not say which it solves"))
                            .help(format!("add file= with one of {}", names.join(", ")));
                        problems.push(problem);
                        return;
                    }
                };
                if !names.is_empty() && !names.contains(&file) {
                    let problem = Diagnostic::new(self.source.file, position, format!("exercise `{id}` has no file `{file}` to solve"))
                        .help("a solution replaces one of the exercise's files: add a ```python exercise block with that file= first");
                    problems.push(problem);
                } else if let Some((_, first)) = draft
                    .solution
                    .iter()
                    .find(|(solved, _)| solved.name == file)
                {
                    let problem = Diagnostic::new(
                        self.source.file,
                        position,
                        format!(
                            "exercise `{id}` already has a solution for `{file}` (line {})",
                            first.line
                        ),
                    )
                    .help("give one solution block per file");
                    problems.push(problem);
                } else {
                    draft
                        .solution
                        .push((SourceFile { name: file, code }, position));
                }
            }
        }
    }

    /// The names of exercise `id`'s own files and those it takes from the steps before it.
    fn file_names(&self, id: &str) -> Vec<String> {
        let mut names = Vec::new();
        let mut at = self.exercises.iter().position(|draft| draft.id == id);
        while let Some(index) = at {
            let draft = &self.exercises[index];
            for (file, _) in &draft.files {
                if !names.contains(&file.name) {
                    names.push(file.name.clone());
                }
            }
            // Only a step above this one counts: one below is an error reported at completion.
            at = draft.after.as_ref().and_then(|(after, _)| {
                self.exercises[..index]
                    .iter()
                    .position(|draft| &draft.id == after)
            });
        }
        names
    }

    /// Completes an exercise: the files of the step before it (from `done`, the exercises
    /// above it), its own, then the lesson's setup files; `ids` are every exercise's.
    fn complete(
        &self,
        draft: Draft,
        done: &[Exercise],
        ids: &[String],
        problems: &mut Vec<Diagnostic>,
    ) -> Exercise {
        let id = &draft.id;
        if draft.checks.is_empty() {
            problems.push(self.problem(draft.position, format!("exercise `{id}` has no check"), "add a ```python check block after it, with asserts that pass only when the exercise is done"));
        }
        if draft.solution.is_empty() {
            problems.push(self.problem(draft.position, format!("exercise `{id}` has no solution"), "add a ```python solution block after it; `glassbox check` proves it passes the checks"));
        }
        let is_setup = |name: &str| self.setup.iter().any(|(file, _, _)| file.name == name);
        let mut files: Vec<SourceFile> = Vec::new();
        let (mut read_only, mut hidden) = (Vec::new(), Vec::new());
        if let Some((after, position)) = &draft.after {
            match done.iter().find(|exercise| &exercise.id == after) {
                Some(before) => {
                    files = before.solved_files().into_iter().filter(|file| !is_setup(&file.name)).collect();
                    read_only = before.read_only.iter().filter(|name| !is_setup(name)).cloned().collect();
                    hidden = before.hidden.iter().filter(|name| !is_setup(name)).cloned().collect();
                }
                None if after == id || ids.contains(after) => problems.push(self.problem(
                    *position,
                    format!("exercise `{id}` comes after `{after}`, which is not above it"),
                    "a step starts from the solution of an exercise earlier in the lesson: name one above it",
                )),
                None => {
                    let known: Vec<String> = done.iter().map(|exercise| format!("`{}`", exercise.id)).collect();
                    let help = if known.is_empty() { "no exercise comes before it".to_owned() } else { format!("the exercises above it are {}", known.join(", ")) };
                    problems.push(self.problem(*position, format!("exercise `{id}` comes after `{after}`, which does not exist"), help));
                }
            }
        }
        for (file, _) in draft.files {
            read_only.retain(|name| *name != file.name);
            hidden.retain(|name| *name != file.name);
            match files.iter_mut().find(|existing| existing.name == file.name) {
                Some(existing) => *existing = file,
                None => files.push(file),
            }
        }
        read_only.extend(draft.read_only);
        hidden.extend(draft.hidden);
        for (file, _, is_hidden) in &self.setup {
            if files.iter().any(|existing| existing.name == file.name) {
                problems.push(self.problem(draft.position, format!("exercise `{id}` has a file `{}`, which the lesson's setup already gives", file.name), "the setup files are part of every exercise: give the exercise's file another name"));
                continue;
            }
            files.push(file.clone());
            if *is_hidden {
                &mut hidden
            } else {
                &mut read_only
            }
            .push(file.name.clone());
        }
        if files.is_empty() {
            files.push(SourceFile {
                name: DEFAULT_FILE.into(),
                code: String::new(),
            });
        }
        let entry = ["app.py", "main.py"]
            .into_iter()
            .find(|name| files.iter().any(|file| file.name == *name))
            .map_or_else(|| files[0].name.clone(), str::to_owned);
        Exercise {
            id: draft.id,
            line: draft.position.line,
            files,
            entry,
            checks: draft.checks,
            solution: draft.solution.into_iter().map(|(file, _)| file).collect(),
            hints: draft.hints,
            read_only,
            hidden,
            after: draft.after.map(|(after, _)| after),
        }
    }
}

/// Adds a wrong or alternative solution's block to its exercise: a new one, or another file of
/// the one with the same `id=`. The error is a message and its help.
fn add_other(
    draft: &mut Draft,
    names: &[String],
    block: OtherBlock,
    position: Position,
) -> Result<(), (String, String)> {
    let id = &draft.id;
    let noun = block.kind.noun();
    let file = match block.file {
        Some(file) => file,
        None if names.len() <= 1 => names.first().map_or(DEFAULT_FILE, |name| name).to_owned(),
        None => {
            return Err((
                format!(
                    "exercise `{id}` has several files; this {noun} does not say which it replaces"
                ),
                format!("add file= with one of {}", names.join(", ")),
            ));
        }
    };
    if !names.is_empty() && !names.contains(&file) {
        return Err((
            format!("exercise `{id}` has no file `{file}` for this {noun} to replace"),
            "it replaces one of the exercise's files: use the file= of one of its ```python exercise blocks".into(),
        ));
    }
    let source = SourceFile {
        name: file,
        code: block.code,
    };
    let same_id = block.id.as_ref().and_then(|name| {
        draft
            .others
            .iter_mut()
            .find(|other| other.id.as_ref() == Some(name))
    });
    let Some(existing) = same_id else {
        draft.others.push(OtherDraft {
            kind: block.kind,
            id: block.id,
            why: block.why,
            files: vec![(source, position)],
            position,
        });
        return Ok(());
    };
    let name = block.id.unwrap_or_default();
    if existing.kind != block.kind {
        let article = match existing.kind {
            OtherKind::Wrong => "a",
            OtherKind::Alternative => "an",
        };
        return Err((
            format!(
                "exercise `{id}` already has {article} {} named `{name}` (line {})",
                existing.kind.noun(),
                existing.position.line
            ),
            "give each wrong and alternative solution its own id=".into(),
        ));
    }
    if let Some((_, first)) = existing
        .files
        .iter()
        .find(|(given, _)| given.name == source.name)
    {
        return Err((
            format!(
                "{noun} `{name}` of exercise `{id}` already replaces `{}` (line {})",
                source.name, first.line
            ),
            format!(
                "blocks with the same id= form one {noun}, one block per file; give a separate {noun} its own id="
            ),
        ));
    }
    if block.why.is_some() && existing.why.is_some() {
        return Err((
            format!(
                "{noun} `{name}` of exercise `{id}` already has a why= (line {})",
                existing.position.line
            ),
            format!("say why= once per {noun}, on any one of its blocks"),
        ));
    }
    existing.why = existing.why.take().or(block.why);
    existing.files.push((source, position));
    Ok(())
}

/// An exercise's wrong and alternative solutions, the unnamed ones named `wrong-1`, `alt-1`, ...
/// in page order (skipping names an author already gave).
fn other_solutions(exercise: &str, drafts: Vec<OtherDraft>) -> Vec<OtherSolution> {
    let mut taken: Vec<String> = drafts.iter().filter_map(|draft| draft.id.clone()).collect();
    drafts
        .into_iter()
        .map(|draft| {
            let id = draft.id.unwrap_or_else(|| {
                let prefix = match draft.kind {
                    OtherKind::Wrong => "wrong",
                    OtherKind::Alternative => "alt",
                };
                let id = (1..)
                    .map(|number| format!("{prefix}-{number}"))
                    .find(|id| !taken.contains(id))
                    .expect("some number is free");
                taken.push(id.clone());
                id
            });
            OtherSolution {
                exercise: exercise.to_owned(),
                kind: draft.kind,
                id,
                why: draft.why,
                files: draft.files.into_iter().map(|(file, _)| file).collect(),
                line: draft.position.line,
                column: draft.position.column,
            }
        })
        .collect()
}

/// Every file under the lesson's folder, as `from=` would name it (`start/views.py`).
fn lesson_files(folder: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(directory) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&directory) else {
            continue;
        };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(folder) {
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

fn is_identifier(text: &str) -> bool {
    let mut characters = text.chars();
    characters
        .next()
        .is_some_and(|first| first.is_alphabetic() || first == '_')
        && characters.all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

fn is_module_file(name: &str) -> bool {
    name.strip_suffix(".py")
        .is_some_and(|stem| is_identifier(stem) && !stem.contains('.'))
}
