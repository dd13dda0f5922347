"""glassbox.urls: routes, converters, include() with namespaces, reverse() and the 404."""

import unittest
import uuid

from glassbox.exceptions import ImproperlyConfigured
from glassbox.trace import Trace
from glassbox.urls import (NoReverseMatch, Resolver404, include, path, register_converter,
                           resolve, reverse)


def index(request):
    return "index"


def detail(request, **kwargs):
    return "detail"


BLOG = [
    path("", index, name="index"),
    path("<slug:slug>/", detail, name="post"),
]

URLS = [
    path("", index, name="home"),
    path("polls/<int:question_id>/", detail, name="detail"),
    path("users/<str:username>/", detail, name="user"),
    path("items/<uuid:key>/", detail, name="item"),
    path("files/<path:rest>", detail, name="file"),
    path("blog/", include(BLOG, namespace="blog")),
    path("about/", detail, {"page": "about"}, name="about"),
]


class ResolveTest(unittest.TestCase):
    def test_converters_turn_text_into_values(self):
        self.assertEqual(resolve("/polls/7/", URLS).kwargs, {"question_id": 7})
        self.assertEqual(resolve("/users/ada/", URLS).kwargs, {"username": "ada"})
        key = uuid.UUID("075194d3-6885-417e-a8a8-6c931e272f00")
        self.assertEqual(resolve(f"/items/{key}/", URLS).kwargs, {"key": key})
        self.assertEqual(resolve("/files/a/b/c.txt", URLS).kwargs, {"rest": "a/b/c.txt"})

    def test_match_knows_its_view_and_names(self):
        match = resolve("/blog/hello-world/", URLS)
        self.assertIs(match.func, detail)
        self.assertEqual(match.kwargs, {"slug": "hello-world"})
        self.assertEqual((match.url_name, match.namespace), ("post", "blog"))
        self.assertEqual(match.view_name, "blog:post")
        self.assertEqual(match.route, "blog/<slug:slug>/")

    def test_extra_kwargs_are_passed(self):
        self.assertEqual(resolve("/about/", URLS).kwargs, {"page": "about"})

    def test_int_does_not_match_letters_and_str_does_not_cross_slashes(self):
        for bad in ["/polls/seven/", "/users/a/b/", "/polls/7", "/polls/7/extra/"]:
            with self.subTest(path=bad), self.assertRaises(Resolver404):
                resolve(bad, URLS)

    def test_404_lists_patterns_tried(self):
        with self.assertRaises(Resolver404) as caught:
            resolve("/nowhere/", URLS)
        self.assertEqual(caught.exception.path, "/nowhere/")
        self.assertIn("polls/<int:question_id>/", caught.exception.tried)
        self.assertIn("blog/<slug:slug>/", caught.exception.tried)
        self.assertIn("'/nowhere/'", str(caught.exception))

    def test_trace_records_each_attempt_in_order(self):
        trace = Trace()
        resolve("/users/ada/", URLS, trace)
        tried = [(e["pattern"], e["matched"]) for e in trace.of_type("url_tried")]
        self.assertEqual(tried, [("", False), ("polls/<int:question_id>/", False),
                                 ("users/<str:username>/", True)])

    def test_urlconf_may_be_a_module_like_object(self):
        class Module:
            urlpatterns = URLS
        self.assertEqual(resolve("/polls/1/", Module).kwargs, {"question_id": 1})

    def test_include_by_dotted_module_name(self):
        urls = [path("site/", include("examples.polls.urls"))]
        self.assertEqual(resolve("/site/3/results/", urls).view_name, "polls:results")

    def test_view_names_in_matches_are_short(self):
        def make_view():
            def inner_view(request):
                return None
            return inner_view
        urls = [path("", make_view())]
        self.assertEqual(resolve("/", urls).view_name, "inner_view")

    def test_include_uses_app_name_as_namespace(self):
        class BlogUrls:
            app_name = "journal"
            urlpatterns = BLOG
        urls = [path("j/", include(BlogUrls))]
        self.assertEqual(resolve("/j/x/", urls).view_name, "journal:post")
        self.assertEqual(reverse("journal:post", urls, args=["x"]), "/j/x/")


class ReverseTest(unittest.TestCase):
    def test_reverse_with_kwargs_and_args(self):
        self.assertEqual(reverse("home", URLS), "/")
        self.assertEqual(reverse("detail", URLS, kwargs={"question_id": 12}), "/polls/12/")
        self.assertEqual(reverse("detail", URLS, args=[12]), "/polls/12/")
        self.assertEqual(reverse("blog:post", URLS, kwargs={"slug": "hi"}), "/blog/hi/")
        self.assertEqual(reverse("blog:index", URLS), "/blog/")

    def test_reverse_checks_values_against_the_converter(self):
        with self.assertRaisesRegex(NoReverseMatch, "exists"):
            reverse("detail", URLS, kwargs={"question_id": "abc"})
        with self.assertRaisesRegex(NoReverseMatch, "exists"):
            reverse("detail", URLS, kwargs={"id": 1})

    def test_unknown_name_lists_known_names(self):
        with self.assertRaisesRegex(NoReverseMatch, "'post'.*blog:post"):
            reverse("post", URLS)


class RouteErrorsTest(unittest.TestCase):
    def test_unclosed_parameter(self):
        with self.assertRaisesRegex(ImproperlyConfigured, "never closed"):
            path("polls/<int:id", index)

    def test_unknown_converter_lists_the_known_ones(self):
        with self.assertRaisesRegex(ImproperlyConfigured, "'integer'.*int, path, slug, str"):
            path("polls/<integer:id>/", index)

    def test_parameter_name_must_be_identifier(self):
        with self.assertRaisesRegex(ImproperlyConfigured, "identifier"):
            path("polls/<int:question id>/", index)

    def test_leading_slash(self):
        with self.assertRaisesRegex(ImproperlyConfigured, "'polls/'"):
            path("/polls/", index)

    def test_class_instead_of_as_view(self):
        class SomeView:
            pass
        with self.assertRaisesRegex(ImproperlyConfigured, "as_view"):
            path("x/", SomeView)

    def test_non_pattern_in_list(self):
        with self.assertRaisesRegex(ImproperlyConfigured, "path\\(\\) or include\\(\\)"):
            resolve("/", [index])


class CustomConverterTest(unittest.TestCase):
    def test_register_converter(self):
        class FourDigitYear:
            regex = "[0-9]{4}"

            def to_python(self, value):
                return int(value)

            def to_url(self, value):
                return "%04d" % value

        register_converter(FourDigitYear, "yyyy")
        urls = [path("archive/<yyyy:year>/", index, name="archive")]
        self.assertEqual(resolve("/archive/2026/", urls).kwargs, {"year": 2026})
        self.assertEqual(reverse("archive", urls, args=[987]), "/archive/0987/")
        with self.assertRaises(Resolver404):
            resolve("/archive/26/", urls)

    def test_converter_may_refuse_a_value(self):
        class Even:
            regex = "[0-9]+"

            def to_python(self, value):
                if int(value) % 2:
                    raise ValueError("odd")
                return int(value)

            def to_url(self, value):
                return str(value)

        register_converter(Even, "even")
        urls = [path("n/<even:n>/", index)]
        self.assertEqual(resolve("/n/4/", urls).kwargs, {"n": 4})
        with self.assertRaises(Resolver404):
            resolve("/n/3/", urls)


if __name__ == "__main__":
    unittest.main()
