//! The one place that knows how lessons use pulldown-cmark: which extensions are on, and how
//! markdown becomes HTML that is safe to put in the page.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser};

/// CommonMark plus tables, footnotes, task lists, strikethrough and admonitions
/// (`> [!NOTE]`, `> [!TIP]`, `> [!WARNING]`).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
}

/// Renders markdown text on its own (hints, speaker notes).
pub fn to_html(markdown: &str) -> String {
    events_to_html(Parser::new_ext(markdown, options()))
}

/// Renders parsed events, then sanitises the result.
pub fn events_to_html<'a>(events: impl IntoIterator<Item = Event<'a>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitize(&html)
}

/// Lessons may contain HTML, but nothing in them may run: an allow-list of tags and attributes,
/// no `script`, no event handlers, no `javascript:` URLs.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        // Task lists render checkboxes; footnotes link to ids.
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into())
        .add_allowed_classes(
            "blockquote",
            ["markdown-alert-note", "markdown-alert-tip", "markdown-alert-important", "markdown-alert-warning", "markdown-alert-caution"],
        )
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .add_allowed_classes("div", ["footnote-definition"]);
    builder
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed_but_markup_stays() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<b onclick=\"x()\">bold</b> [a](javascript:alert(1))\n",
        );
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("<b>bold</b>"), "{html}");
    }

    #[test]
    fn admonitions_tables_footnotes_and_task_lists_survive() {
        let html = to_html(
            "> [!TIP]\n> Try it.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note.\n\n- [x] done\n",
        );
        assert!(
            html.contains("<blockquote class=\"markdown-alert-tip\">"),
            "{html}"
        );
        assert!(
            html.contains("<th style=\"text-align:left\">")
                || html.contains("<th style=\"text-align: left\">"),
            "{html}"
        );
        assert!(html.contains("class=\"footnote-definition\""), "{html}");
        assert!(html.contains("<input"), "{html}");
    }
}
