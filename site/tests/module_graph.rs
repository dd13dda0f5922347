//! The site's modules import each other without cycles, so each can be read (and changed) on its
//! own: `app` puts the page together from the others, and nothing imports `app` back.
//!
//! Reads `src/**/*.rs`, finds every `crate::module` path (in `use` lines and in code), and builds
//! the import graph of each crate root: the library (`lib.rs`) and the page (`main.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// The top-level module a file belongs to: `state.rs` and `state/tests.rs` are both `state`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("a file under src/");
    let first = relative
        .components()
        .next()
        .expect("a path")
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.trim_end_matches(".rs").to_owned()
}

/// The code of a file without its comments (doc comments mention modules too).
fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(start) => &line[..start],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first segment of each path in a `{a, b::c, d::{e, f}}` group, from just after its `{`.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let (mut depth, mut item) = (0, String::new());
    for character in group.chars() {
        match character {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => heads.push(std::mem::take(&mut item)),
            _ if depth == 0 => item.push(character),
            _ => {}
        }
    }
    heads.push(item);
    heads
        .iter()
        .map(|item| identifier(item.trim()))
        .filter(|head| !head.is_empty() && head != "self")
        .collect()
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|character| character.is_alphanumeric() || *character == '_')
        .collect()
}

/// Every module `code` names as `crate::module`.
fn imports(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (start, _) in code.match_indices("crate::") {
        let before = code[..start].chars().last();
        if before.is_some_and(|character| character.is_alphanumeric() || character == '_') {
            continue; // part of a longer name, such as `other_crate::`
        }
        let rest = &code[start + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            found.extend(group_heads(group));
        } else {
            found.insert(identifier(rest));
        }
    }
    found
}

/// The modules a crate root declares (`mod name;` / `pub mod name;`).
fn declared(root: &str) -> BTreeSet<String> {
    without_comments(root)
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("pub ").unwrap_or(line);
            line.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(str::trim)
                .map(str::to_owned)
        })
        .collect()
}

fn graph_of(src: &Path, modules: &BTreeSet<String>) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let module = module_of(src, &file);
        if !modules.contains(&module) {
            continue;
        }
        let code = without_comments(&fs::read_to_string(&file).expect("a readable file"));
        let edges = graph.entry(module.clone()).or_default();
        for import in imports(&code) {
            assert!(
                modules.contains(&import),
                "{} imports crate::{import}, which its crate does not declare",
                file.display()
            );
            if import != module {
                edges.insert(import);
            }
        }
    }
    graph
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        module: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|seen| seen == module) {
            let mut cycle = path[start..].to_vec();
            cycle.push(module.to_owned());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_owned());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|module| visit(module, graph, &mut Vec::new(), &mut done))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn crate_graphs() -> Vec<(&'static str, Graph)> {
    let src = src();
    ["lib.rs", "main.rs"]
        .into_iter()
        .map(|root| {
            let modules = declared(&fs::read_to_string(src.join(root)).expect("a crate root"));
            (root, graph_of(&src, &modules))
        })
        .collect()
}

#[test]
fn no_module_imports_itself_through_others() {
    for (root, graph) in crate_graphs() {
        assert!(graph.len() > 5, "{root}: found only {graph:?}");
        if let Some(cycle) = find_cycle(&graph) {
            panic!(
                "{root}: the modules import each other in a cycle: {}",
                cycle.join(" -> ")
            );
        }
    }
}

#[test]
fn only_the_entry_point_imports_app() {
    let (_, page) = crate_graphs()
        .into_iter()
        .find(|(root, _)| *root == "main.rs")
        .expect("the page's graph");
    let importers: Vec<&String> = page
        .iter()
        .filter(|(_, imports)| imports.contains("app"))
        .map(|(module, _)| module)
        .collect();
    assert!(
        importers.is_empty(),
        "these modules import app: {importers:?}"
    );
}

#[test]
fn the_reader_finds_grouped_and_inline_imports_and_cycles() {
    let code = without_comments(
        "use crate::{a, b::{c, d}, self};\nuse crate::e::F;\nfn x() { crate::g::h(); } // crate::z",
    );
    let expected: BTreeSet<String> = ["a", "b", "e", "g"].map(String::from).into();
    assert_eq!(imports(&code), expected);
    let mut graph = Graph::new();
    graph.insert("a".into(), ["b".to_owned()].into());
    graph.insert("b".into(), ["c".to_owned()].into());
    graph.insert("c".into(), BTreeSet::new());
    assert_eq!(find_cycle(&graph), None);
    graph.get_mut("c").unwrap().insert("a".into());
    assert_eq!(find_cycle(&graph).unwrap().len(), 4);
}
