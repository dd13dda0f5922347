//! `glassbox-course [COURSE_DIR] [OUT_FILE]`: writes the `course.json` a built site loads.
//!
//! `make dist` runs it after building the app, so one build of the app serves any course. It is
//! the `glassbox` command's course compiler without the interpreter (which takes minutes to
//! build): `python include` blocks quote the framework's files from `runtime/python/` on disk.
//! A course with problems writes nothing and exits with 1, printing them as `glassbox check`
//! does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use glassbox_content::course;
use glassbox_content::document::{CourseDocument, read_framework};

const USAGE: &str =
    "usage: glassbox-course [COURSE_DIR] [OUT_FILE]   (defaults: lessons/, standard output)";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if arguments.iter().any(|argument| argument.starts_with('-')) || arguments.len() > 2 {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let course_dir = PathBuf::from(arguments.first().map_or("lessons", String::as_str));
    let framework_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/python");
    let framework = match read_framework(&framework_dir) {
        Ok(framework) => framework,
        Err(error) => {
            eprintln!(
                "glassbox-course: cannot read the framework at {}: {error}",
                framework_dir.display()
            );
            return ExitCode::from(2);
        }
    };
    let framework: Vec<(&str, &str)> = framework
        .iter()
        .map(|(path, code)| (path.as_str(), code.as_str()))
        .collect();
    let document = CourseDocument::from_loaded(course::load(&course_dir, &framework));
    if !document.problems.is_empty() {
        for problem in &document.problems {
            eprintln!("{problem}\n");
        }
        eprintln!(
            "glassbox-course: {} problem(s) in {}: nothing written (`glassbox check {}` says more)",
            document.problems.len(),
            course_dir.display(),
            course_dir.display()
        );
        return ExitCode::FAILURE;
    }
    let json = serde_json::to_string(&document).expect("a course serialises");
    match arguments.get(1) {
        None => println!("{json}"),
        Some(out) => {
            if let Err(error) = std::fs::write(out, json) {
                eprintln!("glassbox-course: cannot write {out}: {error}");
                return ExitCode::from(2);
            }
            let lessons = document.course.lessons().count();
            eprintln!("{out}: {lessons} lessons from {}", course_dir.display());
        }
    }
    ExitCode::SUCCESS
}
