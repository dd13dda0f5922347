//! Two jobs, both for the browser build:
//!
//! - The interpreter worker needs a bigger stack than wasm's default 1 MiB: each Python call
//!   recurses through several Rust frames, and ~150 Python frames would overflow it and trap.
//!   16 MiB holds the recursion limit set in `_glassbox_boot.py` (1000) with room to spare, so
//!   runaway recursion raises RecursionError instead of killing the worker.
//! - The course is read from `lessons/` here and embedded in the UI as JSON, so a lesson's text
//!   shows the moment the (small) UI wasm starts, before the interpreter has downloaded. A
//!   broken lesson fails the build with the same `file:line:col` messages as `glassbox check`.

use std::path::{Path, PathBuf};

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("wasm32") {
        return;
    }
    println!("cargo:rustc-link-arg-bin=glassbox-worker=-zstack-size=16777216");

    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
            .join("..");
    let lessons = root.join("lessons");
    let python = root.join("runtime/python");
    println!("cargo:rerun-if-changed={}", lessons.display());
    println!(
        "cargo:rerun-if-changed={}",
        python.join("glassbox").display()
    );

    let mut sources = Vec::new();
    collect_python(&python, &python, &mut sources);
    let framework: Vec<(&str, &str)> = sources
        .iter()
        .map(|(path, code)| (path.as_str(), code.as_str()))
        .collect();
    let loaded = glassbox_content::course::load(&lessons, &framework);
    if !loaded.problems.is_empty() {
        let report: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        panic!(
            "the lessons have {} problem(s); `make check-lessons` says more:\n\n{}",
            report.len(),
            report.join("\n\n")
        );
    }
    let json = serde_json::to_string(&loaded.course).expect("the course serialises");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("course.json");
    std::fs::write(&out, json).unwrap_or_else(|error| panic!("write {}: {error}", out.display()));
}

/// Every `.py` file under `dir` (tests excluded) as (path relative to `base`, source).
fn collect_python(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|name| name != "tests" && name != "__pycache__")
            {
                collect_python(base, &path, out);
            }
        } else if path.extension().is_some_and(|extension| extension == "py") {
            let relative = path
                .strip_prefix(base)
                .expect("under base")
                .to_string_lossy()
                .replace('\\', "/");
            let code = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("read {}: {error}", path.display()));
            out.push((relative, code));
        }
    }
}
