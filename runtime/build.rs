//! Freezes Python into the binary: the `glassbox` package (and the runtime's own helper modules)
//! from `python/`, and the part of the standard library listed in `stdlib-modules.txt`.
//!
//! We compile to bytecode here rather than with RustPython's `py_freeze!` so that we choose which
//! standard modules ship (the browser download is the budget) and so that cargo rebuilds when a
//! `.py` file changes.

use std::fs;
use std::path::{Path, PathBuf};

use rustpython_compiler::{CompileOpts, Mode, compile};
use rustpython_compiler_core::frozen::{FrozenCodeObject, FrozenLib, FrozenModule};
use rustpython_compiler_core::marshal;

struct Source {
    module: String,
    package: bool,
    /// The file name tracebacks show.
    display_path: String,
    path: PathBuf,
}

fn main() {
    // Read at run time, not with env!(): cargo shares one compiled build script between two
    // checkouts that build into the same target directory, and a path baked in at compile time
    // made one checkout freeze the other's Python (or fail once that checkout was deleted).
    let manifest_dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));

    let python_dir = manifest_dir.join("python");
    println!("cargo:rerun-if-changed={}", python_dir.display());
    let ours = collect_tree(&python_dir, &python_dir, "");
    // The framework keeps everything: its docstrings are lesson material (and doctests), and
    // column positions put ^^^ under the failing part of a traceback's line.
    write_frozen(
        &ours,
        &out_dir.join("glassbox.frozen"),
        CompileOpts {
            debug_ranges: true,
            ..CompileOpts::default()
        },
    );
    write_sources(&ours, &out_dir.join("glassbox_sources.rs"));
    write_suite_tests(&python_dir.join("tests"), &out_dir.join("python_suites.rs"));

    let list = manifest_dir.join("stdlib-modules.txt");
    println!("cargo:rerun-if-changed={}", list.display());
    let stdlib_dir = PathBuf::from(rustpython_pylib::LIB_PATH);
    let wanted = fs::read_to_string(&list).expect("read stdlib-modules.txt");
    let mut stdlib = Vec::new();
    for name in wanted
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let relative = name.replace('.', "/");
        let as_dir = stdlib_dir.join(&relative);
        let as_file = stdlib_dir.join(format!("{relative}.py"));
        if as_dir.is_dir() {
            stdlib.extend(collect_tree(&stdlib_dir, &as_dir, name));
        } else if as_file.is_file() {
            stdlib.push(Source {
                module: name.to_owned(),
                package: false,
                display_path: format!("<stdlib>/{relative}.py"),
                path: as_file,
            });
        } else {
            panic!("stdlib-modules.txt names `{name}`, which is not in RustPython's Lib");
        }
    }
    // The standard library is compiled as `python -OO` would: no docstrings and no asserts
    // (CPython's own stdlib is tested that way), and no column positions, which only serve the
    // ^^^ markers under a traceback's line; learners see those for their own code and the
    // framework's. Both cut the interpreter's download.
    write_frozen(
        &stdlib,
        &out_dir.join("stdlib.frozen"),
        CompileOpts {
            debug_ranges: false,
            optimize: 2,
            ..CompileOpts::default()
        },
    );
}

/// One `#[test]` per `python/tests/test_*.py` for `tests/python_suites.rs` to include, so that
/// `cargo test test_jwt` runs one suite and a new suite needs no Rust.
fn write_suite_tests(tests_dir: &Path, out: &Path) {
    println!("cargo:rerun-if-changed={}", tests_dir.display());
    let mut names: Vec<String> = fs::read_dir(tests_dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", tests_dir.display()))
        .filter_map(|entry| {
            let name = entry.expect("dir entry").file_name();
            let name = name.to_str()?;
            let stem = name.strip_suffix(".py")?;
            stem.starts_with("test_").then(|| stem.to_owned())
        })
        .collect();
    names.sort();
    let tests: String = names
        .iter()
        .map(|name| format!("#[test]\nfn {name}() {{\n    run_suite({name:?});\n}}\n\n"))
        .collect();
    fs::write(out, tests).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
}

/// Every `.py` file under `dir`, named as a module relative to `root`; `tests` folders are skipped.
fn collect_tree(root: &Path, dir: &Path, package: &str) -> Vec<Source> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .collect();
    entries.sort();
    let mut sources = Vec::new();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 file name");
        if path.is_dir() {
            if name == "tests" || name == "__pycache__" {
                continue;
            }
            let child = if package.is_empty() {
                name.to_owned()
            } else {
                format!("{package}.{name}")
            };
            sources.extend(collect_tree(root, &path, &child));
        } else if let Some(stem) = name.strip_suffix(".py") {
            let is_init = stem == "__init__";
            let module = match (is_init, package.is_empty()) {
                (true, _) => package.to_owned(),
                (false, true) => stem.to_owned(),
                (false, false) => format!("{package}.{stem}"),
            };
            let relative = path
                .strip_prefix(root)
                .expect("under root")
                .display()
                .to_string();
            let display_path = if root.ends_with("python") {
                relative
            } else {
                format!("<stdlib>/{relative}")
            };
            sources.push(Source {
                module,
                package: is_init,
                display_path,
                path,
            });
        }
    }
    sources
}

fn write_frozen(sources: &[Source], out: &Path, options: CompileOpts) {
    let compiled: Vec<(String, FrozenModule<Vec<u8>>)> = sources
        .iter()
        .map(|source| {
            let text = fs::read_to_string(&source.path)
                .unwrap_or_else(|e| panic!("read {}: {e}", source.path.display()));
            let code = compile(&text, Mode::Exec, &source.display_path, options.clone())
                .unwrap_or_else(|e| panic!("compile {}: {e}", source.path.display()));
            let mut bytecode = Vec::new();
            marshal::serialize_code(&mut bytecode, &code);
            let frozen = FrozenModule {
                code: FrozenCodeObject {
                    bytes: lz4_stored(&bytecode),
                },
                package: source.package,
            };
            (source.module.clone(), frozen)
        })
        .collect();
    let lib = FrozenLib::encode(compiled.iter().map(|(name, module)| {
        (
            name.as_str(),
            FrozenModule {
                code: FrozenCodeObject {
                    bytes: &module.code.bytes[..],
                },
                package: module.package,
            },
        )
    }));
    fs::write(out, lib.bytes).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
}

/// RustPython reads frozen code as an LZ4 block. LZ4 would shrink it ~2x, but its output barely
/// compresses further, while the plain bytecode compresses ~4x under the brotli/gzip that web
/// servers apply to the wasm. So we store it as one LZ4 block of literals (valid LZ4 that is not
/// compressed): a smaller download, and nothing to decompress but a copy.
fn lz4_stored(data: &[u8]) -> Vec<u8> {
    let mut block = Vec::with_capacity(data.len() + data.len() / 255 + 8);
    block.extend_from_slice(
        &u32::try_from(data.len())
            .expect("module under 4 GiB")
            .to_le_bytes(),
    );
    if data.len() < 15 {
        block.push((data.len() as u8) << 4);
    } else {
        block.push(0xF0);
        let mut remaining = data.len() - 15;
        while remaining >= 255 {
            block.push(255);
            remaining -= 255;
        }
        block.push(remaining as u8);
    }
    block.extend_from_slice(data);
    block
}

/// The framework's source text, so the app can show learners the code they are running.
fn write_sources(sources: &[Source], out: &Path) {
    let mut rust = String::from(
        "/// (path, source) of every frozen file under `runtime/python/`.\npub static SOURCES: &[(&str, &str)] = &[\n",
    );
    for source in sources {
        rust.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            source.display_path,
            source.path.display().to_string()
        ));
    }
    rust.push_str("];\n");
    fs::write(out, rust).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
}
