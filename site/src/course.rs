//! The course, embedded at build time by `build.rs` from `lessons/`, and the playground's
//! starting project.

use std::rc::Rc;
use std::sync::OnceLock;

use glassbox_content::model::{Course, Exercise, Lesson, SourceFile};

static COURSE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/course.json"));

pub fn course() -> &'static Course {
    static COURSE: OnceLock<Course> = OnceLock::new();
    COURSE.get_or_init(|| serde_json::from_str(COURSE_JSON).expect("build.rs wrote a valid course"))
}

pub fn lesson(id: &str) -> Option<&'static Lesson> {
    course().lessons().find(|lesson| lesson.id == id)
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
    })
}
