//! `glassbox new PART/LESSON`: a new lesson from the template, ready for `glassbox check`.
//!
//! It finds the course the way git finds its repository: from the current folder upwards, the
//! first folder that holds a part (an `NN-name/` folder with a `part.toml`, or with a lesson
//! folder `NN-name/lesson.md`) is the course; at each level, a `lessons/` folder that is a course
//! counts too, so it works from the repository's root, from `lessons/` and from inside a part or
//! a lesson. `--root DIR` names the course folder instead. With neither, the current folder
//! starts a new course.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use glassbox_content::course::{LESSON_FILE, PART_FILE, order_number};

const TEMPLATE: &str = include_str!("../../templates/lesson.md");

/// `root` is `--root`, if given.
pub fn run(root: Option<&Path>, name: &str) -> Result<ExitCode> {
    let root = match root {
        Some(root) => root.to_path_buf(),
        None => {
            let here = std::env::current_dir().context("cannot read the current folder")?;
            match find_course(&here) {
                Some(course) => relative_to(&course, &here),
                None => {
                    println!("no course in this folder or above it: starting one here");
                    PathBuf::from(".")
                }
            }
        }
    };
    let root = root.as_path();
    let Some((part, lesson)) = name.trim_end_matches('/').split_once('/') else {
        bail!("give the part and the lesson: glassbox new 01-http/03-cookies");
    };
    for folder in [part, lesson] {
        if order_number(folder).is_none() || folder.contains('/') {
            bail!(
                "`{folder}` must be a folder name like 03-cookies: a number for the order, a dash, then words"
            );
        }
    }
    let folder = root.join(part).join(lesson);
    if folder.exists() {
        bail!("{} already exists", folder.display());
    }
    if let Some(taken) = same_number(root, part) {
        bail!(
            "part {} is already `{taken}` in {}: did you mean `glassbox new {taken}/{lesson}`?",
            part.split('-').next().unwrap_or(part),
            root.display()
        );
    }
    if let Some(taken) = same_number(&root.join(part), lesson) {
        bail!(
            "lesson number {} is taken by `{taken}` in {}: the next free number is {:02}",
            lesson.split('-').next().unwrap_or(lesson),
            root.join(part).display(),
            next_free(&root.join(part))
        );
    }
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let file = folder.join(LESSON_FILE);
    let text = TEMPLATE.replace("{title}", &title(lesson));
    std::fs::write(&file, text).with_context(|| format!("cannot write {}", file.display()))?;
    println!("created {}", file.display());
    println!(
        "next: write the lesson (see lessons/AUTHORING.md), then run `glassbox check {}`",
        folder.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The course `start` is in: `start` or the nearest folder above it that holds a part, or a
/// `lessons/` folder beside one of them that does.
fn find_course(start: &Path) -> Option<PathBuf> {
    start.ancestors().find_map(|folder| {
        [folder.to_path_buf(), folder.join("lessons")]
            .into_iter()
            .find(|candidate| holds_a_part(candidate))
    })
}

/// Whether `folder` has an `NN-name/` subfolder that is a part: it has a `part.toml`, or a
/// lesson folder of its own.
fn holds_a_part(folder: &Path) -> bool {
    numbered_folders(folder).iter().any(|(_, part)| {
        part.join(PART_FILE).is_file()
            || numbered_folders(part)
                .iter()
                .any(|(_, lesson)| lesson.join(LESSON_FILE).is_file())
    })
}

/// The `NN-name` subfolders of `folder`, with their numbers.
fn numbered_folders(folder: &Path) -> Vec<(u32, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .filter_map(|path| {
            let number = order_number(&path.file_name()?.to_string_lossy())?;
            Some((number, path))
        })
        .collect()
}

/// Another folder in `parent` with the number `name` starts with (`03-` of `03-cookies`).
fn same_number(parent: &Path, name: &str) -> Option<String> {
    let number = order_number(name)?;
    numbered_folders(parent)
        .into_iter()
        .filter(|(taken, _)| *taken == number)
        .filter_map(|(_, path)| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .find(|taken| taken != name)
}

fn next_free(parent: &Path) -> u32 {
    numbered_folders(parent)
        .iter()
        .map(|(number, _)| number + 1)
        .max()
        .unwrap_or(1)
}

/// `course` as a path from `here` when it is `here` or above or below it, for short messages.
fn relative_to(course: &Path, here: &Path) -> PathBuf {
    if let Ok(below) = course.strip_prefix(here) {
        return if below.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            below.to_path_buf()
        };
    }
    match here.strip_prefix(course) {
        Ok(inside) => inside.components().map(|_| "..").collect(),
        Err(_) => course.to_path_buf(),
    }
}

/// `03-cookies-and-sessions` becomes `Cookies and sessions`.
fn title(slug: &str) -> String {
    let words = slug
        .split_once('-')
        .map_or(slug, |(_, rest)| rest)
        .replace('-', " ");
    let mut characters = words.chars();
    characters
        .next()
        .map(|first| first.to_uppercase().chain(characters).collect())
        .unwrap_or_default()
}
