//! `glassbox serve [COURSE_DIR]`: the built app showing an educator's own course, live.
//!
//! The app in `dist/` loads its course from `course.json` at start. Here that file is made on
//! the fly from COURSE_DIR (parsed and validated, not run: `glassbox check` proves it), so a
//! course in any folder shows in the real app. A watcher looks at the course (and the built app)
//! a few times a second; when something changed, every open page hears of it through a
//! server-sent event and reloads. Problems show in the page, above the lessons that did load.

mod http;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use glassbox_content::course;
use glassbox_content::document::CourseDocument;

/// How often the watcher looks at the files; an edit shows in the page within about this long.
const WATCH_INTERVAL: Duration = Duration::from_millis(250);
/// A comment line sent on an idle event stream, so a closed page's thread notices and ends.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// What the open pages share: the current `course.json` and its version, bumped on every change.
struct Preview {
    current: Mutex<Published>,
    changed: Condvar,
}

struct Published {
    version: u64,
    json: Arc<String>,
}

pub fn run(course_dir: &Path, site_dir: &Path, port: u16) -> Result<ExitCode> {
    if !course_dir.is_dir() {
        bail!(
            "{} is not a folder: give the course folder (the one holding the NN-part folders)",
            course_dir.display()
        );
    }
    if !site_dir.join("index.html").is_file() {
        bail!(
            "no built app in {}: build it with `make dist` (or give --site DIR)",
            site_dir.display()
        );
    }
    let listener = TcpListener::bind(("127.0.0.1", port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{port} (try --port N)"))?;
    let address = listener.local_addr().context("the listening address")?;

    let preview = Arc::new(Preview {
        current: Mutex::new(Published {
            version: 1,
            json: Arc::new(compile(course_dir)),
        }),
        changed: Condvar::new(),
    });
    println!(
        "Previewing {} at http://{address}/ (the page reloads when a file changes; Ctrl-C stops)",
        course_dir.display()
    );
    watch(
        course_dir.to_path_buf(),
        site_dir.to_path_buf(),
        preview.clone(),
    );

    for stream in listener.incoming().flatten() {
        let preview = preview.clone();
        let site_dir = site_dir.to_path_buf();
        std::thread::spawn(move || answer(&stream, &site_dir, &preview));
    }
    Ok(ExitCode::SUCCESS)
}

/// The course as the site loads it, with its problems; prints a one-line summary and the
/// problems, so the terminal says what the page says.
fn compile(course_dir: &Path) -> String {
    let loaded = course::load(course_dir, glassbox_runtime::framework_sources());
    let document = CourseDocument::from_loaded(loaded);
    for problem in &document.problems {
        println!("{problem}\n");
    }
    println!(
        "course: {} lesson(s), {} problem(s)",
        document.course.lessons().count(),
        document.problems.len()
    );
    serde_json::to_string(&document).expect("a course serialises")
}

/// Polls both folders; on a change, recompiles the course and wakes every open event stream.
fn watch(course_dir: PathBuf, site_dir: PathBuf, preview: Arc<Preview>) {
    std::thread::spawn(move || {
        let mut seen = (fingerprint(&course_dir), fingerprint(&site_dir));
        loop {
            std::thread::sleep(WATCH_INTERVAL);
            let now = (fingerprint(&course_dir), fingerprint(&site_dir));
            if now == seen {
                continue;
            }
            let json = if now.0 == seen.0 {
                None
            } else {
                Some(Arc::new(compile(&course_dir)))
            };
            seen = now;
            let mut current = preview.current.lock().expect("not poisoned");
            current.version += 1;
            if let Some(json) = json {
                current.json = json;
            }
            preview.changed.notify_all();
        }
    });
}

/// A hash of every file's path, size and modification time under `dir` (hidden ones left out).
fn fingerprint(dir: &Path) -> u64 {
    fn walk(dir: &Path, hasher: &mut DefaultHasher) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
        paths.sort();
        for path in paths {
            if path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            path.hash(hasher);
            if path.is_dir() {
                walk(&path, hasher);
            } else if let Ok(metadata) = path.metadata() {
                metadata.len().hash(hasher);
                metadata.modified().ok().hash(hasher);
            }
        }
    }
    let mut hasher = DefaultHasher::new();
    walk(dir, &mut hasher);
    hasher.finish()
}

fn answer(stream: &TcpStream, site_dir: &Path, preview: &Preview) {
    let Some(request) = http::read_request(stream) else {
        return;
    };
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        http::respond(
            stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            false,
        );
        return;
    }
    match request.path.as_str() {
        "/course.json" => {
            let json = preview.current.lock().expect("not poisoned").json.clone();
            http::respond(
                stream,
                "200 OK",
                "application/json",
                json.as_bytes(),
                head_only,
            );
        }
        "/__glassbox/events" => stream_versions(stream, preview),
        "/__glassbox/live.js" => http::respond(
            stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            LIVE_RELOAD_SCRIPT.as_bytes(),
            head_only,
        ),
        "/sw.js" => http::respond(
            stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            NO_OFFLINE_COPY_WORKER.as_bytes(),
            head_only,
        ),
        path => serve_file(stream, site_dir, path, preview, head_only),
    }
}

/// A file of the built app; `index.html` (and any path without a file, as the app routes in
/// its `#fragment`) gets the live-reload script.
fn serve_file(stream: &TcpStream, site_dir: &Path, path: &str, preview: &Preview, head_only: bool) {
    let relative = path.trim_start_matches('/');
    let relative = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    // Only plain names below the site folder: no `..`, no absolute paths.
    let safe = Path::new(&relative)
        .components()
        .all(|component| matches!(component, Component::Normal(_)));
    let file = site_dir.join(&relative);
    let Some(body) = safe.then(|| std::fs::read(&file).ok()).flatten() else {
        http::respond(
            stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            head_only,
        );
        return;
    };
    if relative == "index.html" {
        let version = preview.current.lock().expect("not poisoned").version;
        let page = with_live_reload(&String::from_utf8_lossy(&body), version);
        http::respond(
            stream,
            "200 OK",
            http::content_type(&relative),
            page.as_bytes(),
            head_only,
        );
    } else {
        http::respond(
            stream,
            "200 OK",
            http::content_type(&relative),
            &body,
            head_only,
        );
    }
}

/// The page with the preview's marker (which also keeps the app from making an offline copy) and
/// the live-reload script, just before `</head>`.
fn with_live_reload(page: &str, version: u64) -> String {
    let tags = format!(
        "<script>window.glassboxPreview = {{ version: {version} }};</script>\
         <script src=\"__glassbox/live.js\" defer></script>\n"
    );
    match page.find("</head>") {
        Some(at) => format!("{}{tags}{}", &page[..at], &page[at..]),
        None => format!("{tags}{page}"),
    }
}

/// Sends the current version at once, then each new one, until the page goes away.
fn stream_versions(stream: &TcpStream, preview: &Preview) {
    use std::io::Write;
    if http::start_event_stream(stream).is_err() {
        return;
    }
    let mut writer = stream;
    let mut sent = 0;
    let mut current = preview.current.lock().expect("not poisoned");
    loop {
        let message = if current.version != sent {
            sent = current.version;
            format!("event: version\ndata: {sent}\n\n")
        } else {
            ": still here\n\n".to_owned()
        };
        drop(current);
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
        current = preview.current.lock().expect("not poisoned");
        if current.version == sent {
            current = preview
                .changed
                .wait_timeout(current, KEEPALIVE)
                .expect("not poisoned")
                .0;
        }
    }
}

/// Reloads the page when the server says the course (or the app) changed since it loaded.
const LIVE_RELOAD_SCRIPT: &str = r#"// glassbox serve: reload when a file of the course changes.
(() => {
  const loaded = window.glassboxPreview.version;
  const events = new EventSource("__glassbox/events");
  events.addEventListener("version", (event) => {
    if (Number(event.data) !== loaded) location.reload();
  });
})();
"#;

/// A preview is never kept offline: this replaces (and removes) any offline copy that a
/// published build registered at the same address.
const NO_OFFLINE_COPY_WORKER: &str = r#"// glassbox serve: no offline copy in a preview.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.registration.unregister()));
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_gets_the_preview_marker_before_its_head_ends() {
        let page = with_live_reload("<html><head><title>x</title></head><body></body></html>", 7);
        assert!(
            page.contains(
                "<title>x</title><script>window.glassboxPreview = { version: 7 };</script>"
            )
        );
        assert!(page.contains("__glassbox/live.js\" defer></script>\n</head>"));
    }

    #[test]
    fn a_changed_file_changes_the_fingerprint() {
        let dir = std::env::temp_dir().join(format!("glassbox-fingerprint-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.md"), "one").unwrap();
        let before = fingerprint(&dir);
        assert_eq!(before, fingerprint(&dir));
        std::fs::write(dir.join("a.md"), "three").unwrap();
        assert_ne!(before, fingerprint(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
