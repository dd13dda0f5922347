//! The course itself: every lesson in `lessons/` parses and validates, and the complete example
//! in `lessons/AUTHORING.md` passes `glassbox check`. (`make test` proves the whole course with
//! `glassbox check lessons/` right after these tests, printing its table; running it here too
//! would double the slowest step of the native tests.)

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn lessons() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../lessons")
}

fn glassbox(arguments: &[&str]) -> (String, bool) {
    let output = Command::new(env!("CARGO_BIN_EXE_glassbox"))
        .args(arguments)
        .output()
        .expect("run glassbox");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (text, output.status.success())
}

/// How long this takes is printed, not asserted: a timed assertion flakes on a busy machine.
#[test]
fn every_lesson_parses_and_validates() {
    let started = Instant::now();
    let loaded = glassbox_content::course::load(&lessons(), glassbox_runtime::framework_sources());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert!(loaded.course.lessons().count() >= 2);
    eprintln!(
        "parsed and validated {} lessons in {:?}",
        loaded.course.lessons().count(),
        started.elapsed()
    );
}

/// A renumbered part keeps its old lesson ids working (`formerly` in part.toml): links and saved
/// code from before the realtime part was added still find the shipping lessons.
#[test]
fn a_renumbered_part_answers_to_its_former_name() {
    let loaded = glassbox_content::course::load(&lessons(), glassbox_runtime::framework_sources());
    let course = &loaded.course;
    let shipping = course
        .parts
        .iter()
        .find(|part| part.formerly.iter().any(|name| name == "07-shipping"))
        .expect("the shipping part says it was 07-shipping");
    let lesson = &shipping.lessons[0];
    let old_id = format!("07-shipping/{}", lesson.slug);
    assert_eq!(course.renamed(&old_id), Some(lesson.id.clone()));
    assert_eq!(
        course.renamed(&lesson.id),
        None,
        "a current id is not renamed"
    );
    assert_eq!(course.renamed("07-shipping/99-no-such-lesson"), None);
    let json = serde_json::to_string(course).expect("the course serialises");
    assert!(
        json.contains("\"formerly\":[\"07-shipping\"]"),
        "the site needs `formerly`"
    );
}

#[test]
fn the_complete_example_in_the_authoring_guide_passes_check() {
    let guide = std::fs::read_to_string(lessons().join("AUTHORING.md")).expect("AUTHORING.md");
    let example = guide
        .split_once("## A complete lesson")
        .and_then(|(_, rest)| rest.split_once("````markdown\n"))
        .and_then(|(_, rest)| rest.split_once("\n````"))
        .map(|(example, _)| example)
        .expect("AUTHORING.md has a complete lesson in a ````markdown block");
    let root = std::env::temp_dir().join(format!("glassbox-authoring-{}", std::process::id()));
    let folder = root.join("01-example/01-status-codes");
    std::fs::create_dir_all(&folder).expect("a temporary folder");
    std::fs::write(folder.join("lesson.md"), format!("{example}\n")).expect("write the example");
    let (output, success) = glassbox(&["check", &root.display().to_string()]);
    std::fs::remove_dir_all(&root).ok();
    assert!(success, "{output}");
    assert!(output.contains("1/1"), "{output}");
}
