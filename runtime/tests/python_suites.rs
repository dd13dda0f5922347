//! Runs each `runtime/python/tests/test_*.py` unittest suite inside the embedded interpreter.
//! The browser tests run the same files in the wasm build.

mod support;

use std::path::PathBuf;

use support::with_session;

fn suites() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python/tests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("runtime/python/tests exists")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("test_"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_python_suite_passes_in_the_embedded_interpreter() {
    let files = suites();
    assert!(!files.is_empty(), "no Python suites found");
    let mut failures = Vec::new();
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&file).expect("read suite");
        let code = format!(
            "import _glassbox_boot\n_glassbox_boot.run_tests({name:?}, {source:?})\n",
            source = source
        );
        let outcome = with_session(move |session| session.run(&code));
        println!("== {name} ==\n{}{}", outcome.stdout, outcome.stderr);
        if let Some(error) = outcome.error {
            failures.push(format!("{name}: {}\n{}", error.message, error.traceback));
        }
    }
    assert!(
        failures.is_empty(),
        "Python suites failed:\n{}",
        failures.join("\n")
    );
}
