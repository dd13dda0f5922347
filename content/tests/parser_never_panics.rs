//! Whatever an educator types, the parser answers with a lesson or with problems: never a panic.

use std::path::Path;

use glassbox_content::front_matter::FrontMatter;
use glassbox_content::include;
use glassbox_content::lesson::{self, LessonSource};
use proptest::prelude::*;

const FRAMEWORK: &[(&str, &str)] = &[(
    "glassbox/http.py",
    "class HttpResponse:\n    def set_cookie(self):\n        pass\n",
)];

/// Pieces that reach the parser's corners: fences of every kind, front matter, lists, quotes.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+++\n".to_owned()),
        Just("title = \"T\"\nsummary = \"S\"\nestimated_minutes = 5\n".to_owned()),
        Just("```".to_owned()),
        Just("~~~~".to_owned()),
        Just("```python run raises=ValueError\n".to_owned()),
        Just("```python exercise file=views.py\n".to_owned()),
        Just("```python exercise id=\"a b\n".to_owned()),
        Just("```python check\n".to_owned()),
        Just("```python solution from=../x.py\n".to_owned()),
        Just("```python include file=glassbox/http.py name=HttpResponse.set_cookie\n".to_owned()),
        Just("```http\nGET / HTTP/1.1\nHost\n".to_owned()),
        Just("```hint\n".to_owned()),
        Just("```notes\n".to_owned()),
        Just("- item\n  ```python check\n".to_owned()),
        Just("> [!WARNING]\n> ```python run\n".to_owned()),
        Just("[link](../x/) ![img](a.png) [^1]\n\n[^1]: note\n".to_owned()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_owned()),
        Just("<script>x</script>\n".to_owned()),
        Just("\n".to_owned()),
        "\\PC{0,12}",
        any::<String>(),
    ]
}

fn parse(text: &str) {
    let defaults = FrontMatter::default();
    let source = LessonSource {
        file: Path::new("lesson.md"),
        folder: Path::new("/nonexistent"),
        id: "01-p/01-l".into(),
        slug: "01-l".into(),
        text,
        defaults: &defaults,
        framework: FRAMEWORK,
    };
    let mut problems = Vec::new();
    let lesson = lesson::parse(&source, &mut problems);
    assert!(
        lesson.is_none() || problems.is_empty(),
        "a lesson is only returned without problems"
    );
    for problem in &problems {
        assert!(
            problem.line <= text.lines().count() + 1,
            "{problem} is past the end of the text"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        parse(&text);
    }

    #[test]
    fn lesson_shaped_text_never_panics(pieces in prop::collection::vec(fragment(), 0..24)) {
        parse(&pieces.concat());
    }

    #[test]
    fn quoting_from_arbitrary_python_never_panics(source in "(\\PC|\n| |\\(|\\)|\"|'|#|:|def |class ){0,200}", name in "[a-z_.]{0,12}") {
        let _ = include::find(&source, &name);
    }
}
