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
