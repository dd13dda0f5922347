//! Where the app is, as the URL's fragment: `#/lesson/01-http/01-what-http-is`, `#/playground`,
//! or `#/` for the course outline. A fragment never reaches the server, so every page is one
//! static `index.html`, and the site works under any sub-path.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Outline,
    /// A lesson by its id, `part/lesson`.
    Lesson(String),
    Playground,
    /// A share link: `1.<hash>.<data>` (see `share`).
    Share(String),
}

impl Route {
    /// Reads `location.hash` (with or without its `#`). Anything unknown is the outline.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        if let Some(data) = path.strip_prefix("share/") {
            return Route::Share(data.to_owned());
        }
        let path = path.split('?').next().unwrap_or_default();
        match path.split_once('/') {
            Some(("lesson", id)) if !id.is_empty() => {
                Route::Lesson(id.trim_end_matches('/').to_owned())
            }
            Some(("share", data)) => Route::Share(data.to_owned()),
            _ if path == "playground" => Route::Playground,
            _ => Route::Outline,
        }
    }

    pub fn to_hash(&self) -> String {
        match self {
            Route::Outline => "#/".to_owned(),
            Route::Lesson(id) => format!("#/lesson/{id}"),
            Route::Playground => "#/playground".to_owned(),
            Route::Share(data) => format!("#/share/{data}"),
        }
    }
}

/// Where a relative link in lesson `current` (an id like `01-http/03-through`) points, as a
/// lesson id: lessons link to each other as folders (`../02-requests/`, `../../02-part/01-x/`).
/// `None` for absolute links, anchors, and links that leave the course.
pub fn resolve_lesson_link(current: &str, href: &str) -> Option<String> {
    if href.is_empty()
        || href.starts_with('#')
        || href.starts_with('/')
        || href.contains("://")
        || href.starts_with("mailto:")
    {
        return None;
    }
    let path = href.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = current.split('/').collect(); // the lesson's folder is the base
    for segment in path.split('/') {
        match segment {
            "" | "." | "lesson.md" => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    (parts.len() == 2).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lesson_links_resolve_like_folders() {
        let here = "01-http/03-through-the-framework";
        assert_eq!(
            resolve_lesson_link(here, "../02-requests-and-responses/").as_deref(),
            Some("01-http/02-requests-and-responses")
        );
        assert_eq!(
            resolve_lesson_link(here, "../../02-the-onion/01-middleware/lesson.md").as_deref(),
            Some("02-the-onion/01-middleware")
        );
        assert_eq!(resolve_lesson_link(here, "https://example.org/"), None);
        assert_eq!(resolve_lesson_link(here, "#section"), None);
        assert_eq!(resolve_lesson_link(here, "../../../outside/"), None);
    }

    #[test]
    fn routes_round_trip_through_the_fragment() {
        for route in [
            Route::Outline,
            Route::Playground,
            Route::Lesson("01-http/01-what-http-is".into()),
            Route::Share("1.abcdef.eyJ9".into()),
        ] {
            assert_eq!(Route::parse(&route.to_hash()), route);
        }
    }

    #[test]
    fn unknown_or_empty_fragments_show_the_outline() {
        assert_eq!(Route::parse(""), Route::Outline);
        assert_eq!(Route::parse("#/nowhere"), Route::Outline);
        assert_eq!(Route::parse("#/lesson/"), Route::Outline);
        assert_eq!(Route::parse("#/lesson/a/b/"), Route::Lesson("a/b".into()));
    }
}
