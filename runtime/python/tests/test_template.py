"""glassbox.template: variables, filters, tags, inheritance, escaping and syntax errors."""

import datetime
import unittest

from glassbox.template import (Context, Engine, SafeString, Template, TemplateDoesNotExist,
                               TemplateSyntaxError, escape, format_date, mark_safe, tokenize)
from glassbox.trace import Trace


def render(source, context=None, **engine_options):
    return Engine(**engine_options).from_string(source).render(context or {})


class Question:
    def __init__(self, text, choices):
        self.text = text
        self.choices = choices

    def choice_count(self):
        return len(self.choices)


class LexerTest(unittest.TestCase):
    def test_tokens_and_lines(self):
        tokens = tokenize("a\n{{ b }}{% if c %}\n{# d #}")
        self.assertEqual([(t.kind, t.contents, t.line) for t in tokens], [
            ("text", "a\n", 1), ("variable", "b", 2), ("block", "if c", 2), ("text", "\n", 2),
            ("comment", "d", 3)])


class VariableTest(unittest.TestCase):
    def test_lookup_dict_attribute_index_and_method(self):
        question = Question("Best owl?", ["Barn", "Snowy"])
        context = {"q": question, "data": {"key": "value"}}
        self.assertEqual(render("{{ q.text }}|{{ q.choices.1 }}|{{ data.key }}|"
                                "{{ q.choice_count }}", context), "Best owl?|Snowy|value|2")

    def test_missing_names_render_empty(self):
        self.assertEqual(render("[{{ nothing }}][{{ q.nothing.deeper }}]", {"q": {}}), "[][]")

    def test_private_attributes_are_not_reachable(self):
        self.assertEqual(render("{{ q._secret }}", {"q": Question("x", [])}), "")

    def test_literals(self):
        self.assertEqual(render("{{ 'text' }} {{ 42 }} {{ 1.5 }}"), "text 42 1.5")


class AutoescapeTest(unittest.TestCase):
    def test_values_are_escaped(self):
        self.assertEqual(render("{{ name }}", {"name": "<script>alert('x')</script>"}),
                         "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")

    def test_safe_filter_and_mark_safe(self):
        self.assertEqual(render("{{ html|safe }}", {"html": "<b>hi</b>"}), "<b>hi</b>")
        self.assertEqual(render("{{ html }}", {"html": mark_safe("<b>hi</b>")}), "<b>hi</b>")

    def test_escape_does_not_double_escape(self):
        self.assertEqual(render("{{ name|escape }}", {"name": "&"}), "&amp;")
        self.assertIsInstance(escape("<"), SafeString)
        self.assertEqual(escape(escape("<")), "&lt;")

    def test_autoescape_can_be_turned_off(self):
        self.assertEqual(render("{{ name }}", {"name": "<b>"}, autoescape=False), "<b>")

    def test_template_text_itself_is_not_escaped(self):
        self.assertEqual(render("<p>{{ x }}</p>", {"x": "&"}), "<p>&amp;</p>")


class FilterTest(unittest.TestCase):
    def test_filters(self):
        context = {"name": "Ada", "empty": "", "items": ["a", "<b>"], "n": 3}
        cases = {
            "{{ name|upper }}": "ADA",
            "{{ name|lower }}": "ada",
            "{{ empty|default:'nobody' }}": "nobody",
            "{{ name|default:'nobody' }}": "Ada",
            "{{ items|length }}": "2",
            "{{ items|join:', ' }}": "a, &lt;b&gt;",
            "{{ name|lower|upper }}": "ADA",
            "{{ n|add:2 }}": "5",
            "{{ n }} item{{ n|pluralize }}": "3 items",
        }
        for source, expected in cases.items():
            with self.subTest(source=source):
                self.assertEqual(render(source, context), expected)

    def test_date_filter(self):
        when = datetime.datetime(2026, 3, 7, 14, 5, 9)
        self.assertEqual(render("{{ when|date:'Y-m-d H:i:s' }}", {"when": when}),
                         "2026-03-07 14:05:09")
        self.assertEqual(render("{{ when|date }}", {"when": when}), "Mar. 7, 2026")
        self.assertEqual(format_date(when, "l, j F \\Y"), "Saturday, 7 March Y")
        self.assertEqual(render("{{ nothing|date }}"), "")

    def test_filter_argument_from_a_variable(self):
        self.assertEqual(render("{{ x|default:fallback }}", {"fallback": "fb"}), "fb")

    def test_custom_filter(self):
        engine = Engine()
        engine.register_filter("shout", lambda value: str(value) + "!")
        self.assertEqual(engine.from_string("{{ 'hi'|shout }}").render(), "hi!")


class IfTest(unittest.TestCase):
    def test_if_elif_else(self):
        source = "{% if n > 10 %}big{% elif n > 5 %}medium{% else %}small{% endif %}"
        self.assertEqual([render(source, {"n": n}) for n in (20, 7, 1)],
                         ["big", "medium", "small"])

    def test_boolean_operators_and_membership(self):
        cases = [
            ("{% if a and b %}y{% endif %}", {"a": 1, "b": 0}, ""),
            ("{% if a or b %}y{% endif %}", {"a": 0, "b": 1}, "y"),
            ("{% if not a %}y{% endif %}", {"a": []}, "y"),
            ("{% if 'x' in items %}y{% endif %}", {"items": ["x"]}, "y"),
            ("{% if 'x' not in items %}y{% endif %}", {"items": ["x"]}, ""),
            ("{% if a == 'ok' and not b or c %}y{% endif %}", {"a": "ok", "b": 0}, "y"),
            ("{% if items|length >= 2 %}y{% endif %}", {"items": [1, 2]}, "y"),
            ("{% if missing > 3 %}y{% else %}n{% endif %}", {}, "n"),
        ]
        for source, context, expected in cases:
            with self.subTest(source=source):
                self.assertEqual(render(source, context), expected)


class ForTest(unittest.TestCase):
    def test_loop_with_forloop_and_empty(self):
        source = ("{% for x in items %}{{ forloop.counter }}:{{ x }}{% if not forloop.last %},"
                  "{% endif %}{% empty %}none{% endfor %}")
        self.assertEqual(render(source, {"items": ["a", "b"]}), "1:a,2:b")
        self.assertEqual(render(source, {"items": []}), "none")
        self.assertEqual(render(source, {}), "none")

    def test_unpacking_reversed_and_nesting(self):
        self.assertEqual(render("{% for k, v in pairs %}{{ k }}={{ v }};{% endfor %}",
                                {"pairs": [("a", 1), ("b", 2)]}), "a=1;b=2;")
        self.assertEqual(render("{% for x in xs reversed %}{{ x }}{% endfor %}",
                                {"xs": [1, 2, 3]}), "321")
        self.assertEqual(render("{% for r in rows %}{% for c in r %}{{ forloop.parentloop.counter"
                                " }}{{ c }} {% endfor %}{% endfor %}",
                                {"rows": [["a"], ["b"]]}), "1a 2b ")

    def test_loop_variable_does_not_leak(self):
        self.assertEqual(render("{% for x in xs %}{% endfor %}[{{ x }}]", {"xs": [1]}), "[]")


class InheritanceTest(unittest.TestCase):
    def setUp(self):
        self.engine = Engine({
            "base.html": "<title>{% block title %}Site{% endblock %}</title>"
                         "<main>{% block content %}default{% endblock %}</main>"
                         "{% include 'footer.html' %}",
            "section.html": "{% extends 'base.html' %}"
                            "{% block title %}Section | {{ block.super }}{% endblock %}",
            "page.html": "{% extends 'section.html' %}\n"
                         "{% block content %}<p>{{ text }}</p>{% endblock %}",
            "footer.html": "<footer>{{ year|default:'2026' }}</footer>",
            "card.html": "<div>{% include 'footer.html' with year=1999 %}</div>",
        })

    def test_multi_level_extends_with_super(self):
        self.assertEqual(self.engine.render_to_string("page.html", {"text": "<hi>"}),
                         "<title>Section | Site</title><main><p>&lt;hi&gt;</p></main>"
                         "<footer>2026</footer>")

    def test_base_alone_uses_its_defaults(self):
        self.assertEqual(self.engine.render_to_string("base.html"),
                         "<title>Site</title><main>default</main><footer>2026</footer>")

    def test_include_with_extra_context(self):
        self.assertEqual(self.engine.render_to_string("card.html"),
                         "<div><footer>1999</footer></div>")

    def test_missing_template_lists_known_ones(self):
        with self.assertRaisesRegex(TemplateDoesNotExist, "'nope.html'.*base.html"):
            self.engine.get_template("nope.html")

    def test_include_loop_is_stopped(self):
        engine = Engine({"loop.html": "{% include 'loop.html' %}"})
        with self.assertRaisesRegex(TemplateSyntaxError, "includes itself"):
            engine.render_to_string("loop.html")

    def test_render_records_in_trace(self):
        class Request:
            trace = Trace()
        self.engine.render_to_string("base.html", {}, Request)
        event, = Request.trace.of_type("template")
        self.assertEqual(event["name"], "base.html")
        self.assertGreaterEqual(event["duration_ms"], 0)


class SyntaxErrorTest(unittest.TestCase):
    def assertSyntaxError(self, source, message, line):
        with self.assertRaises(TemplateSyntaxError) as caught:
            Engine({"page.html": source}).get_template("page.html")
        self.assertRegex(str(caught.exception), message)
        self.assertEqual(caught.exception.template_name, "page.html")
        self.assertEqual(caught.exception.line, line)
        self.assertIn(f"'page.html', line {line}", str(caught.exception))

    def test_errors_name_template_and_line(self):
        self.assertSyntaxError("a\nb\n{% if x %}\nnever closed", "never closed.*endif", 3)
        self.assertSyntaxError("\n{{ name|shout }}", "unknown filter 'shout'.*Known", 2)
        self.assertSyntaxError("{% bogus %}", "unknown tag.*Known tags", 1)
        self.assertSyntaxError("\n\n{% endfor %}", "does not close anything", 3)
        self.assertSyntaxError("x\n{{ name ", "never closed", 2)
        self.assertSyntaxError("{% for x %}{% endfor %}", "for item in items", 1)
        self.assertSyntaxError("{% if a == %}{% endif %}", "value is missing", 1)
        self.assertSyntaxError("{{ }}", "empty", 1)
        self.assertSyntaxError("{% block a %}{% endblock b %}", "must agree", 1)
        self.assertSyntaxError("{% block a %}{% endblock %}{% block a %}{% endblock %}",
                               "twice", 1)
        self.assertSyntaxError("hi {% extends 'base.html' %}", "first tag", 1)
        self.assertSyntaxError("{% extends 'base.html' %}\n{% if x %}{% endif %}",
                               "outside a {% block %}", 2)


class ContextTest(unittest.TestCase):
    def test_push_and_pop(self):
        context = Context({"a": 1})
        context.push({"a": 2, "b": 3})
        self.assertEqual((context["a"], context["b"]), (2, 3))
        context.pop()
        self.assertEqual(context["a"], 1)
        self.assertNotIn("b", context)

    def test_template_renders_many_times(self):
        template = Template("{{ n }}")
        self.assertEqual([template.render({"n": n}) for n in range(3)], ["0", "1", "2"])


if __name__ == "__main__":
    unittest.main()


class UrlTagTest(unittest.TestCase):
    def setUp(self):
        calls = []

        def reverse(name, args=None, kwargs=None):
            calls.append((name, args, kwargs))
            return f"/{name}/{'/'.join(map(str, args))}{''.join(map(str, kwargs.values()))}"

        self.calls = calls
        self.engine = Engine(reverse=reverse)

    def test_positional_and_keyword_arguments(self):
        text = self.engine.from_string('{% url "polls:detail" q.id %}|'
                                       '{% url "polls:vote" question_id=q.id %}').render(
            {"q": {"id": 7}})
        self.assertEqual(text, "/polls:detail/7|/polls:vote/7")
        self.assertEqual(self.calls, [("polls:detail", [7], {}),
                                      ("polls:vote", [], {"question_id": 7})])

    def test_quoted_values_with_spaces_stay_whole(self):
        self.engine.from_string('{% url "search" term="owls and bats" %}').render()
        self.assertEqual(self.calls, [("search", [], {"term": "owls and bats"})])

    def test_without_a_url_conf_explains(self):
        with self.assertRaisesRegex(TemplateSyntaxError, "application's engine"):
            Engine().from_string('{% url "home" %}').render()

    def test_mixing_order_is_an_error(self):
        with self.assertRaisesRegex(TemplateSyntaxError, "comes after key=value"):
            self.engine.from_string('{% url "a" x=1 2 %}')


class RenderTraceTest(unittest.TestCase):
    """A render written in the trace: each template loaded, each block and whose it is."""

    TEMPLATES = {
        "base.html": "<title>{% block title %}Site{% endblock %}</title>"
                     "{% block content %}{% endblock %}{% include 'footer.html' %}",
        "page.html": "{% extends 'base.html' %}{% block title %}{{ block.super }} - Page"
                     "{% endblock %}{% block content %}<p>{{ text }}</p>{% endblock %}",
        "footer.html": "<footer>bye</footer>",
    }

    class Request:
        def __init__(self):
            self.trace = Trace()

    def test_templates_loaded_and_blocks_chosen(self):
        engine = Engine(self.TEMPLATES)
        request = self.Request()
        html = engine.render_to_string("page.html", {"text": "<hi>"}, request)
        self.assertEqual(html, "<title>Site - Page</title><p>&lt;hi&gt;</p>"
                               "<footer>bye</footer>")
        loads = request.trace.of_type("template_load")
        self.assertEqual([(e["name"], e["cached"], e["extends"]) for e in loads],
                         [("page.html", False, "base.html"), ("base.html", False, None),
                          ("footer.html", False, None)])
        self.assertEqual(loads[0]["blocks"], ["title", "content"])
        self.assertEqual(loads[0]["tokens"], len(tokenize(self.TEMPLATES["page.html"])))
        blocks = [(e["name"], e["template"], e["overrides"])
                  for e in request.trace.of_type("template_block")]
        self.assertEqual(blocks, [("title", "page.html", ["base.html"]),
                                  ("content", "page.html", ["base.html"])])
        self.assertEqual(request.trace.types()[-1], "template")

    def test_the_second_render_comes_from_the_cache(self):
        engine = Engine(self.TEMPLATES)
        engine.render_to_string("footer.html", {}, self.Request())
        request = self.Request()
        engine.render_to_string("footer.html", {}, request)
        (load,) = request.trace.of_type("template_load")
        self.assertTrue(load["cached"])

    def test_the_tree_of_nodes(self):
        template = Engine(self.TEMPLATES).get_template("page.html")
        self.assertEqual(template.tree().splitlines(), [
            "ExtendsNode 'base.html'",
            "BlockNode title",
            "  VariableNode block.super",
            "  TextNode ' - Page'",
            "BlockNode content",
            "  TextNode '<p>'",
            "  VariableNode text",
            "  TextNode '</p>'",
        ])
