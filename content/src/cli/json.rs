//! `glassbox json [PATH]`: the course as the site loads it (`course.json`).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

pub fn run(path: &Path) -> Result<ExitCode> {
    let loaded = glassbox_content::course::load(path, glassbox_runtime::framework_sources());
    if !loaded.problems.is_empty() {
        for problem in &loaded.problems {
            eprintln!("{problem}\n");
        }
        bail!(
            "{} problem(s) in the lessons; `glassbox check {}` says more",
            loaded.problems.len(),
            path.display()
        );
    }
    let document = glassbox_content::document::CourseDocument::from_loaded(loaded);
    let json = serde_json::to_string_pretty(&document).context("serialise the course")?;
    println!("{json}");
    Ok(ExitCode::SUCCESS)
}
