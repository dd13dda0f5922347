//! `course.json`: the one file the site loads at start to know its course. `make dist` writes it
//! beside the built site; `glassbox serve` answers it live, with the problems found so far, so a
//! single build of the app can show any course.

use serde::{Deserialize, Serialize};

use crate::model::Course;

/// The course, and what is wrong with it. A published site has no problems (`make dist` refuses
/// a broken course); a preview shows its problems in the page, above the lessons that did load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseDocument {
    pub course: Course,
    /// Each problem as `glassbox check` prints it: `file:line:column: error: …` and its help.
    #[serde(default)]
    pub problems: Vec<String>,
}

#[cfg(feature = "parse")]
impl CourseDocument {
    /// The document for what `course::load` found.
    pub fn from_loaded(loaded: crate::course::Loaded) -> Self {
        CourseDocument {
            problems: loaded.problems.iter().map(ToString::to_string).collect(),
            course: loaded.course,
        }
    }
}

/// Every `.py` file of the framework under `dir` (tests and caches left out), as
/// (path relative to `dir`, source): what `python include` blocks quote. The `glassbox` command
/// has these frozen into its interpreter; a build without the interpreter reads them here.
#[cfg(feature = "parse")]
pub fn read_framework(dir: &std::path::Path) -> std::io::Result<Vec<(String, String)>> {
    fn walk(
        base: &std::path::Path,
        dir: &std::path::Path,
        out: &mut Vec<(String, String)>,
    ) -> std::io::Result<()> {
        let mut paths = std::fs::read_dir(dir)?
            .map(|entry| entry.map(|entry| entry.path()))
            .collect::<std::io::Result<Vec<_>>>()?;
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if path.is_dir() {
                if name != "tests" && name != "__pycache__" && !name.starts_with('.') {
                    walk(base, &path, out)?;
                }
            } else if name.ends_with(".py") {
                let relative = path.strip_prefix(base).unwrap_or(&path);
                let relative = relative.to_string_lossy().replace('\\', "/");
                out.push((relative, std::fs::read_to_string(&path)?));
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found)?;
    Ok(found)
}
