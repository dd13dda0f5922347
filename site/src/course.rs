//! The course, loaded once from `course.json` before the page mounts (see `main.rs`), and the
//! playground's starting project.

use std::rc::Rc;
use std::sync::OnceLock;

use glassbox_content::document::CourseDocument;
use glassbox_content::model::{Course, Exercise, Lesson, SourceFile};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

static DOCUMENT: OnceLock<CourseDocument> = OnceLock::new();

/// Fetches `course.json` (beside index.html; the service worker keeps it offline with the rest)
/// and keeps it for [`course`]. Called once, before the page mounts.
pub async fn load() -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let failed = |what: &str, error: wasm_bindgen::JsValue| {
        format!(
            "{what}: {}",
            error.as_string().unwrap_or_else(|| format!("{error:?}"))
        )
    };
    let response = JsFuture::from(window.fetch_with_str("course.json"))
        .await
        .map_err(|error| failed("course.json could not be fetched", error))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!(
            "course.json: the server answered {}",
            response.status()
        ));
    }
    let text = JsFuture::from(
        response
            .text()
            .map_err(|error| failed("course.json", error))?,
    )
    .await
    .map_err(|error| failed("course.json could not be read", error))?
    .as_string()
    .unwrap_or_default();
    let document: CourseDocument = serde_json::from_str(&text)
        .map_err(|error| format!("course.json is not a course this app can read: {error}"))?;
    let _ = DOCUMENT.set(document);
    Ok(())
}

pub fn course() -> &'static Course {
    &DOCUMENT
        .get()
        .expect("main.rs loads the course before mounting")
        .course
}

/// What `glassbox serve` found wrong in the course it previews (a published course has none).
pub fn problems() -> &'static [String] {
    DOCUMENT.get().map_or(&[], |document| &document.problems)
}

pub fn lesson(id: &str) -> Option<&'static Lesson> {
    course().lessons().find(|lesson| lesson.id == id)
}

/// A route as this course names it now: a lesson id from before a part was renumbered (an old
/// link or share) becomes the lesson's current id.
pub fn current(route: glassbox_site::route::Route) -> glassbox_site::route::Route {
    use glassbox_site::route::Route;
    match route {
        Route::Lesson(id) if lesson(&id).is_none() => {
            Route::Lesson(course().renamed(&id).unwrap_or(id))
        }
        route => route,
    }
}

/// The lessons before and after `id`, across parts.
pub fn neighbours(id: &str) -> (Option<&'static Lesson>, Option<&'static Lesson>) {
    let lessons: Vec<&Lesson> = course().lessons().collect();
    let Some(index) = lessons.iter().position(|lesson| lesson.id == id) else {
        return (None, None);
    };
    (
        index.checked_sub(1).map(|before| lessons[before]),
        lessons.get(index + 1).copied(),
    )
}

pub fn workspace_key(lesson: &str, exercise: &str) -> String {
    format!("{lesson}#{exercise}")
}

const PLAYGROUND_APP: &str = r#"# A blank project: a glassbox app you can send requests to from the Request tab.
from glassbox.app import Glassbox
from glassbox.http import HttpResponse, JsonResponse
from glassbox.urls import path


def home(request):
    return HttpResponse("<h1>Hello from glassbox</h1>")


def hello(request, name):
    return JsonResponse({"hello": name})


app = Glassbox(
    settings={"DEBUG": True},
    urls=[
        path("", home, name="home"),
        path("hello/<str:name>/", hello, name="hello"),
    ],
    middleware=["glassbox.middleware.TimingMiddleware"],
)
print("The app is ready: try GET /hello/ada/ in the Request tab.")
"#;

/// The playground (and lessons without exercises): a free project with no checks.
pub fn playground_exercise(id: &str) -> Rc<Exercise> {
    Rc::new(Exercise {
        id: id.to_owned(),
        line: 0,
        files: vec![SourceFile {
            name: "app.py".into(),
            code: PLAYGROUND_APP.into(),
        }],
        entry: "app.py".into(),
        checks: Vec::new(),
        solution: Vec::new(),
        hints: Vec::new(),
        ..Exercise::default()
    })
}
