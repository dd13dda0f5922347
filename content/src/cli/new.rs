//! `glassbox new PART/LESSON`: a new lesson from the template, ready for `glassbox check`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use glassbox_content::course::{LESSON_FILE, order_number};

const TEMPLATE: &str = include_str!("../../templates/lesson.md");

pub fn run(root: &Path, name: &str) -> Result<ExitCode> {
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
