//! The `glassbox` command's output, as an educator sees it, checked with snapshots.

use std::path::Path;
use std::process::Command;

/// Runs `glassbox` in the crate's folder; returns what it printed and its exit code.
fn glassbox(arguments: &[&str]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_glassbox"))
        .args(arguments)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run glassbox");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (text, output.status.code().unwrap_or(-1))
}

/// Times change from run to run; the framework's list of names changes as it grows, and so do
/// the lines of the runtime's own Python that tracebacks pass through.
macro_rules! snapshot {
    ($name:expr, $output:expr) => {
        insta::with_settings!({filters => vec![
            (r" *\d+ ms", " [ms]"),
            (r"names defined there: .*", "names defined there: [...]"),
            (r"the framework's files are: .*", "the framework's files are: [...]"),
            (r#"File "_glassbox_boot.py", line \d+"#, r#"File "_glassbox_boot.py", line [n]"#),
            (r#"File "glassbox/([^"]+)", line \d+"#, r#"File "glassbox/$1", line [n]"#),
        ]}, {
            insta::assert_snapshot!($name, $output);
        });
    };
}

#[test]
fn a_good_course_passes_with_a_table() {
    let (output, code) = glassbox(&["check", "tests/fixtures/good"]);
    snapshot!("check_good", output);
    assert_eq!(code, 0);
}

#[test]
fn validating_without_running_python_is_fast_and_quiet() {
    let (output, code) = glassbox(&["check", "tests/fixtures/good", "--no-run"]);
    snapshot!("check_good_no_run", output);
    assert_eq!(code, 0);
}

#[test]
fn verbose_check_says_which_check_caught_each_wrong_solution() {
    let (output, code) = glassbox(&["check", "tests/fixtures/good", "-v"]);
    snapshot!("check_good_verbose", output);
    assert_eq!(code, 0);
}

#[test]
fn each_kind_of_broken_lesson_is_rejected_with_file_line_and_column() {
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let mut cases: Vec<String> = std::fs::read_dir(&broken)
        .expect("the broken fixtures")
        .map(|entry| {
            entry
                .expect("a fixture")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{cases:?}");
    for case in cases {
        let (output, code) = glassbox(&["check", &format!("tests/fixtures/broken/{case}")]);
        let expected_location = format!("tests/fixtures/broken/{case}/lesson.md:");
        assert!(output.starts_with(&expected_location), "{case}: {output}");
        snapshot!(format!("broken_{case}"), output);
        assert_eq!(code, 1, "{case}");
    }
}

#[test]
fn a_badly_laid_out_course_reports_every_folder_problem() {
    let (output, code) = glassbox(&["check", "tests/fixtures/broken-course"]);
    snapshot!("check_broken_course", output);
    assert_eq!(code, 1);
}

#[test]
fn json_is_the_model_the_site_loads() {
    let (output, code) = glassbox(&["json", "tests/fixtures/good"]);
    assert_eq!(code, 0, "{output}");
    let document: serde_json::Value = serde_json::from_str(&output).expect("JSON");
    assert_eq!(document["problems"], serde_json::json!([]));
    let lesson = &document["course"]["parts"][0]["lessons"][0];
    assert_eq!(lesson["id"], "01-basics/01-hello");
    assert_eq!(lesson["estimated_minutes"], 10, "from the part's defaults");
    assert_eq!(
        lesson["exercises"][0]["checks"].as_array().map(Vec::len),
        Some(2)
    );
    let kinds: Vec<&str> = lesson["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|block| block["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["prose", "code", "run", "run", "http", "exercise", "notes"]
    );
    assert!(
        !output.contains("WRONG_SOLUTION_CODE") && !output.contains("ALTERNATIVE_SOLUTION_CODE"),
        "wrong and alternative solutions never reach the site: {output}"
    );
    assert!(!output.contains("squares"), "nor their ids: {output}");
    let model: glassbox_content::document::CourseDocument =
        serde_json::from_str(&output).expect("the JSON reads back as the model");
    assert_eq!(
        serde_json::to_value(&model).expect("JSON"),
        document,
        "nothing is lost on the way"
    );
}

#[test]
fn new_scaffolds_a_lesson_that_passes_check() {
    let root = std::env::temp_dir().join(format!("glassbox-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let root_text = root.display().to_string();
    let (output, code) = glassbox(&["new", "01-first/01-hello-world", "--root", &root_text]);
    assert_eq!(code, 0, "{output}");
    let lesson = std::fs::read_to_string(root.join("01-first/01-hello-world/lesson.md"))
        .expect("the new lesson");
    assert!(lesson.contains("title = \"Hello world\""), "{lesson}");
    let (output, code) = glassbox(&["check", &root_text]);
    assert_eq!(code, 0, "{output}");
    let (output, code) = glassbox(&["new", "01-first/01-hello-world", "--root", &root_text]);
    assert_eq!(code, 2);
    assert!(output.contains("already exists"), "{output}");
    let (output, code) = glassbox(&["new", "first/hello"]);
    assert_eq!(code, 2);
    assert!(
        output.contains("must be a folder name like 03-cookies"),
        "{output}"
    );
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn unknown_commands_and_options_explain_themselves() {
    let (output, code) = glassbox(&["chekc"]);
    assert_eq!(code, 2);
    assert!(
        output.starts_with("glassbox: unknown command `chekc`"),
        "{output}"
    );
    let (output, code) = glassbox(&["check", "--fast"]);
    assert_eq!(code, 2);
    assert!(
        output.starts_with("glassbox: unknown option `--fast`"),
        "{output}"
    );
}

#[test]
fn warnings_are_printed_with_their_position_but_do_not_fail_the_check() {
    let (output, code) = glassbox(&["check", "tests/fixtures/warnings"]);
    snapshot!("check_warnings", output);
    assert_eq!(code, 0);
}

/// Runs `glassbox` in `folder`; what it printed and its exit code.
fn glassbox_in(folder: &Path, arguments: &[&str]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_glassbox"))
        .args(arguments)
        .current_dir(folder)
        .output()
        .expect("run glassbox");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (text, output.status.code().unwrap_or(-1))
}

#[test]
fn new_finds_the_course_like_git_and_refuses_a_taken_number() {
    let root = std::env::temp_dir().join(format!("glassbox-new-root-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("a course folder");
    let (started, code) = glassbox_in(&root, &["new", "01-first/01-hello"]);
    assert_eq!(code, 0, "{started}");
    // From inside a lesson, and from a `lessons/` folder's parent, the course is found.
    let (inside, code) = glassbox_in(
        &root.join("01-first/01-hello"),
        &["new", "01-first/02-next"],
    );
    assert_eq!(code, 0, "{inside}");
    assert!(
        root.join("01-first/02-next/lesson.md").is_file(),
        "{inside}"
    );
    let outer = root.join("outer");
    std::fs::create_dir_all(&outer).expect("a folder");
    std::fs::rename(root.join("01-first"), outer.join("lessons")).ok();
    std::fs::create_dir_all(outer.join("lessons/01-first")).expect("a part");
    for lesson in ["01-hello", "02-next"] {
        std::fs::rename(
            outer.join("lessons").join(lesson),
            outer.join("lessons/01-first").join(lesson),
        )
        .expect("move the lesson");
    }
    let (beside, code) = glassbox_in(&outer, &["new", "01-first/03-third"]);
    assert_eq!(code, 0, "{beside}");
    assert!(
        outer.join("lessons/01-first/03-third/lesson.md").is_file(),
        "{beside}"
    );
    let (taken, code) = glassbox_in(&outer.join("lessons"), &["new", "01-first/02-again"]);
    assert_eq!(code, 2);
    let (part_taken, code) = glassbox_in(&outer.join("lessons"), &["new", "01-frist/04-fourth"]);
    assert_eq!(code, 2);
    snapshot!(
        "new_finds_the_course",
        format!("{started}\n{inside}\n{beside}\n{taken}\n{part_taken}")
    );
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn run_imports_the_files_beside_the_script() {
    let folder = std::env::temp_dir().join(format!("glassbox-run-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a folder");
    std::fs::write(folder.join("helper.py"), "GREETING = 'hello from beside'\n").expect("write");
    std::fs::write(
        folder.join("script.py"),
        "import helper\nprint(helper.GREETING)\n",
    )
    .expect("write");
    // Run from elsewhere: the script's folder, not the current one, is on the import path.
    let script = folder.join("script.py").display().to_string();
    let (output, code) = glassbox(&["run", &script]);
    assert_eq!((output.as_str(), code), ("hello from beside\n", 0));
    std::fs::remove_dir_all(&folder).ok();
}
