//! Builds the page from the body's pieces: prose events pile up until an interactive block
//! interrupts them; exercise blocks gather into exercises, and checks, solutions and hints
//! attach to the exercise they name (or the nearest one above them). So do `python wrong` and
//! `python solution alt` blocks, which become the lesson's other solutions, proven by
//! `glassbox check` and never shown to learners.

use std::path::{Component, Path};

use pulldown_cmark::Event;

use super::LessonSource;
use super::fence::{self, Fence, OtherSolution as OtherFence};
use super::http_block;
use crate::diagnostic::{Diagnostic, Position};
use crate::include;
use crate::markdown;
use crate::model::{Block, Check, Exercise, OtherKind, OtherSolution, SourceFile};

/// The file an exercise block is when it does not say `file=`.
pub const DEFAULT_FILE: &str = "main.py";
/// The exercise an exercise block belongs to when it does not say `id=`.
pub const DEFAULT_ID: &str = "main";

pub struct PageBuilder<'a> {
    source: &'a LessonSource<'a>,
    blocks: Vec<Block>,
    prose: Vec<Event<'a>>,
    exercises: Vec<Draft>,
    /// Blocks that belong to an exercise, resolved once every exercise is known.
    attachments: Vec<Attachment>,
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
                self.blocks.push(Block::Run {
                    code,
                    raises,
                    line: code_line,
                });
            }
            Fence::Exercise { id, file, from } => {
                let Some(code) = self.code_or_file(code, from.as_deref(), position, problems)
                else {
                    return;
                };
                self.add_exercise_file(
                    id.unwrap_or_else(|| DEFAULT_ID.into()),
                    file,
                    code,
                    position,
                    problems,
                );
            }
            Fence::Check { id } => {
                let target = target(id);
                self.attachments.push(Attachment {
                    target,
                    position,
                    what: Attached::Check(Check {
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
            return None;
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
            return None;
        }
        match std::fs::read_to_string(self.source.folder.join(relative)) {
            Ok(code) => Some(code),
            Err(error) => {
                problems.push(self.problem(
                    position,
                    format!("cannot read `{from}`: {error}"),
                    format!(
                        "put the file at {}",
                        self.source.folder.join(relative).display()
                    ),
                ));
                None
            }
        }
    }

    fn add_exercise_file(
        &mut self,
        id: String,
        file: Option<String>,
        code: String,
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
        if let Some(draft) = self.exercises.iter_mut().find(|draft| draft.id == id) {
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
        self.exercises.push(Draft {
            id,
            position,
            files: vec![(SourceFile { name, code }, position)],
            checks: Vec::new(),
            solution: Vec::new(),
            hints: Vec::new(),
            others: Vec::new(),
        });
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
    pub fn finish(
        mut self,
        problems: &mut Vec<Diagnostic>,
    ) -> (Vec<Block>, Vec<Exercise>, Vec<OtherSolution>) {
        self.flush_prose();
        for attachment in std::mem::take(&mut self.attachments) {
            self.attach(attachment, problems);
        }
        let mut exercises = Vec::new();
        let mut others = Vec::new();
        for mut draft in std::mem::take(&mut self.exercises) {
            others.extend(other_solutions(
                &draft.id,
                std::mem::take(&mut draft.others),
            ));
            exercises.push(self.complete(draft, problems));
        }
        (self.blocks, exercises, others)
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
        let draft = self
            .exercises
            .iter_mut()
            .find(|draft| draft.id == id)
            .expect("the exercise exists");
        match attachment.what {
            Attached::Other(block) => {
                if let Err((message, help)) = add_other(draft, block, position) {
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
                    None if draft.files.len() == 1 => draft.files[0].0.name.clone(),
                    None => {
                        let names: Vec<_> = draft
                            .files
                            .iter()
                            .map(|(file, _)| file.name.clone())
                            .collect();
                        let problem = Diagnostic::new(self.source.file, position, format!("exercise `{id}` has several files; this solution does not say which it solves"))
                            .help(format!("add file= with one of {}", names.join(", ")));
                        problems.push(problem);
                        return;
                    }
                };
                if !draft
                    .files
                    .iter()
                    .any(|(existing, _)| existing.name == file)
                {
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

    fn complete(&self, draft: Draft, problems: &mut Vec<Diagnostic>) -> Exercise {
        let id = &draft.id;
        if draft.checks.is_empty() {
            problems.push(self.problem(draft.position, format!("exercise `{id}` has no check"), "add a ```python check block after it, with asserts that pass only when the exercise is done"));
        }
        if draft.solution.is_empty() {
            problems.push(self.problem(draft.position, format!("exercise `{id}` has no solution"), "add a ```python solution block after it; `glassbox check` proves it passes the checks"));
        }
        let files: Vec<SourceFile> = draft.files.into_iter().map(|(file, _)| file).collect();
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
        }
    }
}

/// Adds a wrong or alternative solution's block to its exercise: a new one, or another file of
/// the one with the same `id=`. The error is a message and its help.
fn add_other(
    draft: &mut Draft,
    block: OtherBlock,
    position: Position,
) -> Result<(), (String, String)> {
    let id = &draft.id;
    let noun = block.kind.noun();
    let file = match block.file {
        Some(file) => file,
        None if draft.files.len() == 1 => draft.files[0].0.name.clone(),
        None => {
            let names: Vec<_> = draft
                .files
                .iter()
                .map(|(file, _)| file.name.clone())
                .collect();
            return Err((
                format!(
                    "exercise `{id}` has several files; this {noun} does not say which it replaces"
                ),
                format!("add file= with one of {}", names.join(", ")),
            ));
        }
    };
    if !draft
        .files
        .iter()
        .any(|(existing, _)| existing.name == file)
    {
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
