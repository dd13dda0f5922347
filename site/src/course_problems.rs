//! In a preview (`glassbox serve`), what is wrong with the course, at the top of every page, in
//! the words `glassbox check` uses. A published course has no problems, so this shows nothing.

use yew::prelude::*;

use crate::course;

#[function_component(CourseProblems)]
pub fn course_problems() -> Html {
    let problems = course::problems();
    if problems.is_empty() {
        return html! {};
    }
    let summary = match problems.len() {
        1 => "This course has a problem".to_owned(),
        count => format!("This course has {count} problems"),
    };
    html! {
        <section class="course-problems" role="alert" aria-label="Problems in this course">
            <h2>{ summary }</h2>
            <p>{ "Lessons with a problem are left out until it is fixed; this page reloads when you save." }</p>
            { for problems.iter().map(|problem| html! { <pre>{ problem }</pre> }) }
        </section>
    }
}

/// When even `course.json` could not be loaded: say so where the page would be.
pub fn show_load_failure(problem: &str) {
    let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("app"))
    else {
        return;
    };
    root.set_inner_html(
        "<main class=\"outline-page\"><section class=\"course-problems\" role=\"alert\">\
         <h2>The course could not be loaded</h2><pre></pre>\
         <p>Reload the page to try again.</p></section></main>",
    );
    if let Some(pre) = root.query_selector("pre").ok().flatten() {
        pre.set_text_content(Some(problem)); // as text: never as HTML
    }
}
