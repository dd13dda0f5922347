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
            Some(("lesson", id)) if !id.is_empty() => Route::Lesson(id.trim_end_matches('/').to_owned()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip_through_the_fragment() {
        for route in [Route::Outline, Route::Playground, Route::Lesson("01-http/01-what-http-is".into()), Route::Share("1.abcdef.eyJ9".into())] {
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
