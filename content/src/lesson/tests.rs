use std::path::Path;

use super::*;
use crate::model::{Block, OtherKind};

const FRAMEWORK: &[(&str, &str)] = &[(
    "glassbox/http.py",
    "class HttpResponse:\n    def __init__(self):\n        self.cookies = {}\n\n    def set_cookie(self, key, value):\n        self.cookies[key] = value\n",
)];

const FRONT: &str = "+++\ntitle = \"T\"\nsummary = \"S\"\nestimated_minutes = 5\n+++\n";

fn parse_text(text: &str) -> (Option<Lesson>, Vec<Diagnostic>) {
    let defaults = FrontMatter::default();
    let source = LessonSource {
        file: Path::new("l/lesson.md"),
        folder: Path::new("/nonexistent/l"),
        id: "01-p/01-l".into(),
        slug: "01-l".into(),
        text,
        defaults: &defaults,
        framework: FRAMEWORK,
    };
    let mut problems = Vec::new();
    let lesson = parse(&source, &mut problems);
    (lesson, problems)
}

fn lesson(body: &str) -> Lesson {
    let (lesson, problems) = parse_text(&format!("{FRONT}{body}"));
    assert!(
        problems.iter().all(|problem| !problem.is_error()),
        "{}",
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    lesson.expect("a lesson without problems")
}

/// Each problem as `line:column: message`.
fn problems(body: &str) -> Vec<String> {
    let (lesson, problems) = parse_text(&format!("{FRONT}{body}"));
    assert!(lesson.is_none() || problems.is_empty());
    problems
        .iter()
        .map(|problem| format!("{}:{}: {}", problem.line, problem.column, problem.message))
        .collect()
}

const EXERCISE: &str = "```python exercise\ndef f():\n    pass\n```\n\n```python check\nassert f() == 1, 'f should return 1'\n```\n\n```python solution\ndef f():\n    return 1\n```\n";

#[test]
fn prose_and_blocks_come_out_in_page_order() {
    let lesson = lesson(
        "# Title\n\nSome *text*.\n\n```python\nshown = True\n```\n\n```python run\nprint(1)\n```\n\nAfter.\n",
    );
    assert_eq!(lesson.title, "T");
    let kinds: Vec<&str> = lesson
        .blocks
        .iter()
        .map(|block| match block {
            Block::Prose { .. } => "prose",
            Block::Code { .. } => "code",
            Block::Run { .. } => "run",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["prose", "code", "run", "prose"]);
    assert_eq!(
        lesson.blocks[2],
        Block::Run {
            code: "print(1)\n".into(),
            raises: None,
            line: 15,
            output: None,
        }
    );
    let Block::Prose { html } = &lesson.blocks[0] else {
        panic!()
    };
    assert!(html.contains("<em>text</em>"), "{html}");
}

#[test]
fn an_exercise_gathers_its_check_solution_and_hints() {
    let lesson = lesson(&format!("{EXERCISE}\n```hint\nReturn **one**.\n```\n"));
    assert_eq!(lesson.exercises.len(), 1);
    let exercise = &lesson.exercises[0];
    assert_eq!(exercise.id, "main");
    assert_eq!(exercise.entry, "main.py");
    assert_eq!(exercise.line, 6);
    assert_eq!(exercise.checks[0].line, 12);
    assert_eq!(exercise.solution[0].name, "main.py");
    assert_eq!(
        exercise.hints,
        vec!["<p>Return <strong>one</strong>.</p>\n".to_owned()]
    );
    assert!(lesson.blocks.contains(&Block::Exercise {
        exercise: "main".into()
    }));
}

#[test]
fn a_multi_file_exercise_enters_at_app_py_and_solves_file_by_file() {
    let lesson = lesson(concat!(
        "```python exercise file=views.py\ndef home(): pass\n```\n\n",
        "```python exercise file=app.py\nimport views\n```\n\n",
        "```python check\nassert views.home()\n```\n\n",
        "```python solution file=views.py\ndef home(): return 1\n```\n",
    ));
    let exercise = &lesson.exercises[0];
    assert_eq!(exercise.entry, "app.py");
    let solved = exercise.solved_files();
    assert_eq!(solved[0].code, "def home(): return 1\n");
    assert_eq!(solved[1].code, "import views\n");
    let editors = lesson
        .blocks
        .iter()
        .filter(|block| matches!(block, Block::Exercise { .. }))
        .count();
    assert_eq!(editors, 1, "one editor, with a tab per file");
}

#[test]
fn an_include_quotes_the_framework() {
    let lesson =
        lesson("```python include file=glassbox/http.py name=HttpResponse.set_cookie\n```\n");
    assert_eq!(
        lesson.blocks,
        vec![Block::Source {
            file: "glassbox/http.py".into(),
            name: "HttpResponse.set_cookie".into(),
            code: "    def set_cookie(self, key, value):\n        self.cookies[key] = value\n"
                .into(),
            first_line: 5,
        }]
    );
}

#[test]
fn http_blocks_attach_to_the_exercise_above_and_notes_are_kept() {
    let lesson = lesson(&format!(
        "{EXERCISE}\n```http\nGET /polls/ HTTP/1.1\nAccept: text/html\n```\n\n```notes\nAsk the room.\n```\n"
    ));
    let request = lesson.blocks.iter().find_map(|block| match block {
        Block::Http {
            exercise, request, ..
        } => Some((exercise.clone(), request.target.clone())),
        _ => None,
    });
    assert_eq!(request, Some((Some("main".into()), "/polls/".into())));
    assert!(lesson.blocks.contains(&Block::Notes {
        html: "<p>Ask the room.</p>\n".into()
    }));
}

#[test]
fn html_in_a_lesson_cannot_run_script() {
    let lesson = lesson("<div onmouseover=\"steal()\">hi</div>\n\n<script>steal()</script>\n");
    let Block::Prose { html } = &lesson.blocks[0] else {
        panic!()
    };
    assert!(!html.contains("steal"), "{html}");
}

#[test]
fn an_unclosed_fence_is_reported_at_its_opening_line() {
    assert_eq!(
        problems("Text.\n\n```python run\nprint(1)\n\nMore text.\n"),
        ["8:1: this fence opened at 8:1 is never closed"]
    );
}

#[test]
fn an_unclosed_fence_that_swallows_the_next_block_is_reported_and_the_rest_still_read() {
    let text = "```python exercise
x = 1

```python check
assert x == 2
```

```python solution
x = 2
```
";
    assert_eq!(
        problems(text),
        ["6:1: this fence opened at 6:1 is never closed"]
    );
}

#[test]
fn a_missing_from_file_is_the_only_problem_reported() {
    let text = "```python exercise from=start/missing.py
```

```python check
assert x == 2
```

```python solution
x = 2
```
";
    assert_eq!(problems(text).len(), 1, "{:?}", problems(text));
}

#[test]
fn an_unknown_kind_is_reported_at_its_info_string() {
    assert_eq!(
        problems("\n```python excercise\nx = 1\n```\n"),
        ["7:4: unknown block kind `python excercise`"]
    );
}

#[test]
fn a_check_with_no_exercise_is_reported() {
    assert_eq!(
        problems("```python check\nassert True\n```\n"),
        ["6:4: a check with no exercise"]
    );
}

#[test]
fn two_exercise_blocks_with_the_same_file_are_reported() {
    let body = format!("{EXERCISE}\n```python exercise\nx = 1\n```\n");
    assert_eq!(
        problems(&body),
        ["20:4: exercise `main` already has a file `main.py` (line 6)"]
    );
}

#[test]
fn an_exercise_needs_a_check_and_a_solution() {
    assert_eq!(
        problems("```python exercise\nx = 1\n```\n"),
        [
            "6:4: exercise `main` has no check",
            "6:4: exercise `main` has no solution"
        ]
    );
}

#[test]
fn an_include_that_names_nothing_is_reported() {
    assert_eq!(
        problems("```python include file=glassbox/http.py name=HttpResponse.delete_cookie\n```\n"),
        ["6:4: `glassbox/http.py` has no function or class `HttpResponse.delete_cookie`"]
    );
}

#[test]
fn a_broken_link_is_reported() {
    assert_eq!(
        problems("See [the next lesson](../02-next/).\n"),
        ["6:5: the link `../02-next/` points at nothing"]
    );
}

#[test]
fn every_problem_is_collected_not_just_the_first() {
    let found = problems("```python frob\n```\n\n```python check\n```\n\n```http\nFETCH /\n```\n");
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn bad_front_matter_and_body_problems_are_reported_together() {
    let (lesson, problems) = parse_text("+++\ntitle = 3\n+++\n```python check\n```\n");
    assert!(lesson.is_none());
    let messages: Vec<_> = problems
        .iter()
        .map(|problem| (problem.line, problem.message.clone()))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(messages[0].0, 2);
    assert_eq!(messages[1], (4, "a check with no exercise".to_owned()));
}

#[test]
fn a_run_block_may_expect_an_exception() {
    let lesson = lesson("```python run raises=ZeroDivisionError\n1 / 0\n```\n");
    assert!(
        matches!(&lesson.blocks[0], Block::Run { raises: Some(kind), .. } if kind == "ZeroDivisionError")
    );
}

#[test]
fn interactive_blocks_inside_lists_are_refused_but_shown_code_is_fine() {
    assert_eq!(
        problems(
            "- step one\n\n  ```python run\n  print(1)\n  ```\n\n- step two\n\n  ```python\n  shown = 1\n  ```\n"
        ),
        ["8:3: the `python run` block is inside a list or a quote"]
    );
}

#[test]
fn from_may_not_leave_the_lesson_folder_or_join_inline_code() {
    assert_eq!(
        problems("```python exercise from=../other/start.py\n```\n")[..1],
        ["6:4: `from=../other/start.py` leaves the lesson's folder"]
    );
    assert_eq!(
        problems("```python exercise from=start.py\nx = 1\n```\n")[..1],
        ["6:4: this block has code and also `from=start.py`"]
    );
}

#[test]
fn a_solution_must_name_its_file_when_the_exercise_has_several() {
    let body = "```python exercise file=a.py\n```\n\n```python exercise file=b.py\n```\n\n```python check\n```\n\n```python solution\n```\n";
    assert_eq!(
        problems(body),
        [
            "6:4: exercise `main` has no solution",
            "15:4: exercise `main` has several files; this solution does not say which it solves"
        ]
    );
}

#[test]
fn named_attachments_must_name_an_existing_exercise() {
    let body = format!("{EXERCISE}\n```hint id=other\nNo.\n```\n");
    assert_eq!(
        problems(&body),
        ["20:4: this hint names exercise `other`, which does not exist"]
    );
}

#[test]
fn wrong_and_alternative_solutions_attach_to_the_exercise_above_and_get_default_ids() {
    let body = format!(
        "{EXERCISE}\n```python wrong why=\"Off by one\"\ndef f():\n    return 2\n```\n\n```python solution alt\ndef f():\n    return 2 - 1\n```\n\n```python wrong id=none\ndef f():\n    return None\n```\n\n```python wrong\ndef f():\n    return 0\n```\n"
    );
    let lesson = lesson(&body);
    let summary: Vec<_> = lesson
        .other_solutions
        .iter()
        .map(|other| {
            (
                other.kind,
                other.id.as_str(),
                other.exercise.as_str(),
                other.files[0].name.as_str(),
                other.line,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (OtherKind::Wrong, "wrong-1", "main", "main.py", 20),
            (OtherKind::Alternative, "alt-1", "main", "main.py", 25),
            (OtherKind::Wrong, "none", "main", "main.py", 30),
            (OtherKind::Wrong, "wrong-2", "main", "main.py", 35),
        ]
    );
    assert_eq!(lesson.other_solutions[0].why.as_deref(), Some("Off by one"));
    assert_eq!(lesson.other_solutions[0].column, 4);
}

#[test]
fn wrong_blocks_with_one_id_form_one_wrong_solution_that_keeps_the_other_solved_files() {
    let body = "```python exercise id=app file=views.py\ndef home(): return None\n```\n\n```python exercise id=app file=app.py\nimport views\n```\n\n```python check id=app\nassert views.home() == 'hi'\n```\n\n```python solution id=app file=views.py\ndef home(): return 'hi'\n```\n\n```python solution id=app file=app.py\nimport views\nready = True\n```\n\n```python wrong id=both file=views.py\ndef home(): return 'ho'\n```\n\n```python wrong exercise=app id=both file=app.py\nimport views\n```\n";
    let lesson = lesson(body);
    assert_eq!(lesson.other_solutions.len(), 1);
    let wrong = &lesson.other_solutions[0];
    assert_eq!(wrong.id, "both");
    assert_eq!(wrong.exercise, "app");
    let names: Vec<_> = wrong.files.iter().map(|file| file.name.as_str()).collect();
    assert_eq!(names, ["views.py", "app.py"]);
    let one_file = crate::model::SourceFile {
        name: "views.py".into(),
        code: "def home(): return 'ho'\n".into(),
    };
    let files = lesson.exercises[0].files_with(&[one_file]);
    let app = files.iter().find(|file| file.name == "app.py").unwrap();
    assert_eq!(
        app.code, "import views\nready = True\n",
        "files a wrong solution does not give are the solution's"
    );
}

#[test]
fn wrong_and_alternative_solutions_never_reach_the_json() {
    let body = format!(
        "{EXERCISE}\n```python wrong\nWRONG_CODE = 1\n```\n\n```python solution alt\nALTERNATIVE_CODE = 1\n```\n"
    );
    let lesson = lesson(&body);
    assert_eq!(lesson.other_solutions.len(), 2);
    let json = serde_json::to_string(&lesson).unwrap();
    assert!(!json.contains("WRONG_CODE"), "{json}");
    assert!(!json.contains("ALTERNATIVE_CODE"), "{json}");
    let read_back: Lesson = serde_json::from_str(&json).unwrap();
    assert!(read_back.other_solutions.is_empty());
}

#[test]
fn misplaced_and_misnamed_wrong_solutions_are_reported() {
    assert_eq!(
        problems("```python wrong\nx = 1\n```\n"),
        ["6:4: a wrong solution with no exercise"]
    );
    assert_eq!(
        problems(&format!(
            "{EXERCISE}\n```python wrong exercise=other\nx = 1\n```\n"
        )),
        ["20:4: this wrong solution names exercise `other`, which does not exist"]
    );
    assert_eq!(
        problems(&format!(
            "{EXERCISE}\n```python solution alt file=views.py\nx = 1\n```\n"
        )),
        ["20:4: exercise `main` has no file `views.py` for this alternative solution to replace"]
    );
    assert_eq!(
        problems(&format!(
            "{EXERCISE}\n```python wrong id=a\nx = 1\n```\n\n```python wrong id=a\nx = 2\n```\n"
        )),
        ["24:4: wrong solution `a` of exercise `main` already replaces `main.py` (line 20)"]
    );
    assert_eq!(
        problems(&format!(
            "{EXERCISE}\n```python wrong id=a\nx = 1\n```\n\n```python solution alt id=a\nx = 2\n```\n"
        )),
        ["24:4: exercise `main` already has a wrong solution named `a` (line 20)"]
    );
    assert_eq!(
        problems(&format!(
            "{EXERCISE}\n```python check why=\"no\"\nx = 1\n```\n"
        )),
        ["20:4: `python check` blocks have no `why=` attribute"]
    );
}

#[test]
fn a_wrong_solution_must_name_its_file_when_the_exercise_has_several() {
    let body = "```python exercise file=a.py\n```\n\n```python exercise file=b.py\n```\n\n```python check\n```\n\n```python solution file=a.py\n```\n\n```python wrong\n```\n";
    assert_eq!(
        problems(body),
        [
            "18:4: exercise `main` has several files; this wrong solution does not say which it replaces"
        ]
    );
}

const SETUP: &str = "```python setup file=models.py\nQUESTIONS = ['Why?']\n```\n\n";

#[test]
fn setup_files_are_shown_and_join_every_exercise_read_only() {
    let lesson = lesson(&format!("{SETUP}{EXERCISE}"));
    assert_eq!(lesson.setup[0].name, "models.py");
    assert!(matches!(&lesson.blocks[0], Block::Setup { file, .. } if file == "models.py"));
    let exercise = &lesson.exercises[0];
    let names: Vec<_> = exercise
        .files
        .iter()
        .map(|file| file.name.as_str())
        .collect();
    assert_eq!(names, ["main.py", "models.py"]);
    assert_eq!(exercise.read_only, ["models.py"]);
    assert!(!exercise.is_editable("models.py") && exercise.is_visible("models.py"));
    let hidden = super::tests::lesson(&format!(
        "```python setup file=seed.py hidden\nX = 1\n```\n\n{EXERCISE}"
    ));
    assert!(
        !hidden
            .blocks
            .iter()
            .any(|block| matches!(block, Block::Setup { .. }))
    );
    assert_eq!(hidden.exercises[0].hidden, ["seed.py"]);
}

#[test]
fn exercise_files_can_be_read_only_or_hidden() {
    let lesson = lesson(concat!(
        "```python exercise file=models.py read-only\nX = 1\n```\n\n",
        "```python exercise file=seed.py hidden\nY = 2\n```\n\n",
        "```python exercise file=main.py\nimport models\n```\n\n",
        "```python check\nassert Z\n```\n\n",
        "```python solution file=main.py\nZ = 1\n```\n",
    ));
    let exercise = &lesson.exercises[0];
    assert_eq!(exercise.read_only, ["models.py"]);
    assert_eq!(exercise.hidden, ["seed.py"]);
    assert!(exercise.is_editable("main.py"));
    assert_eq!(
        problems("```python exercise read-only hidden\nX = 1\n```\n"),
        ["6:4: a file cannot be both `read-only` and `hidden`"]
    );
    assert_eq!(
        problems("```python run read-only\nX = 1\n```\n"),
        ["6:4: `python run` blocks cannot be `read-only`"]
    );
}

#[test]
fn a_later_step_starts_from_the_solution_of_the_one_before() {
    let lesson = lesson(&format!(
        "{EXERCISE}\n```python exercise id=two after=main\n```\n\n```python check id=two\nassert f() == 2\n```\n\n```python solution id=two\ndef f():\n    return 2\n```\n"
    ));
    let two = &lesson.exercises[1];
    assert_eq!(two.after.as_deref(), Some("main"));
    assert_eq!(two.files[0].code, "def f():\n    return 1\n");
    assert_eq!(two.solved_files()[0].code, "def f():\n    return 2\n");
    assert_eq!(
        problems(
            "```python exercise id=two after=nothing\nX = 1\n```\n\n```python check\nassert X\n```\n\n```python solution\nX = 1\n```\n"
        ),
        ["6:4: exercise `two` comes after `nothing`, which does not exist"]
    );
}

#[test]
fn named_checks_keep_their_title() {
    let lesson = lesson(&EXERCISE.replace("python check", "python check title=\"f returns one\""));
    assert_eq!(
        lesson.exercises[0].checks[0].title.as_deref(),
        Some("f returns one")
    );
}

#[test]
fn an_output_block_belongs_to_the_example_right_above_it() {
    let lesson = lesson("```python run\nprint(1)\n```\n\n```output\n1\n```\n");
    assert!(
        matches!(&lesson.blocks[0], Block::Run { output: Some(output), .. } if output == "1\n")
    );
    assert_eq!(lesson.blocks.len(), 1);
    assert_eq!(
        problems("```python run\nprint(1)\n```\n\nWords.\n\n```output\n1\n```\n"),
        ["12:4: an output block must come right after the `python run` block it belongs to"]
    );
    let commented = super::tests::lesson(
        "```python run\nprint(1)\n```\n\n<!-- what it prints -->\n\n```output\n1\n```\n",
    );
    assert!(matches!(
        &commented.blocks[0],
        Block::Run {
            output: Some(_),
            ..
        }
    ));
}

#[test]
fn a_prediction_is_about_the_example_below_it() {
    let lesson = lesson(
        "```predict\nHow many?\n\n- [ ] 1\n- [x] 2\n```\n\nWords.\n\n```python run\nprint(2)\n```\n",
    );
    let Block::Predict(prediction) = &lesson.blocks[0] else {
        panic!("{:?}", lesson.blocks[0]);
    };
    assert_eq!(prediction.choices, ["1", "2"]);
    assert_eq!(prediction.answer, "2");
    assert!(matches!(
        lesson.blocks[prediction.example],
        Block::Run { .. }
    ));
    assert!(prediction.is_right("2") && !prediction.is_right("1"));
    let number = super::tests::lesson(
        "```predict answer=11\nHow many queries?\n```\n\n```python run\nprint(11)\n```\n",
    );
    let Block::Predict(prediction) = &number.blocks[0] else {
        panic!()
    };
    assert!(prediction.choices.is_empty() && prediction.is_right("11.0"));
    assert_eq!(
        problems("```predict\nHow many?\n\n- [ ] 1\n- [ ] 2\n```\n"),
        ["6:4: no choice of this prediction is ticked",]
    );
    assert_eq!(
        problems("```predict answer=2\nHow many?\n```\n"),
        ["6:4: this prediction has no `python run` block after it"]
    );
    assert_eq!(
        problems(
            "```predict answer=2\nHow many?\n```\n\n```python run\nprint(2)\n```\n\n```output\n2\n```\n"
        ),
        [
            "6:1: the example this prediction asks about shows its output (line 14), which gives the answer away"
        ]
    );
}

#[test]
fn the_new_blocks_survive_the_json_the_site_loads() {
    let lesson = lesson(&format!(
        "{SETUP}```predict\nWhich?\n\n- [ ] 1\n- [x] 2\n```\n\n```python run\nprint(2)\n```\n\n```python run\nprint(3)\n```\n\n```output\n3\n```\n\n{}\n```python exercise id=two after=main file=extra.py read-only\nZ = 1\n```\n\n```python check id=two title=\"Two\"\nassert f() == 2\n```\n\n```python solution id=two file=main.py\ndef f():\n    return 2\n```\n",
        EXERCISE
    ));
    let json = serde_json::to_string(&lesson).unwrap();
    let back: Lesson = serde_json::from_str(&json).unwrap();
    assert_eq!(back.blocks, lesson.blocks);
    assert_eq!(back.exercises, lesson.exercises);
    assert_eq!(back.setup, lesson.setup);
    assert!(json.contains("\"kind\":\"predict\""), "{json}");
}
