"""glassbox.views: function views, class-based views and the method decorators."""

import unittest

from glassbox.app import Glassbox
from glassbox.http import HttpResponse, JsonResponse
from glassbox.test import Client
from glassbox.urls import path
from glassbox.views import (TemplateView, View, require_GET, require_http_methods,
                            require_POST)


class ItemView(View):
    label = "item"

    def get(self, request, item_id):
        return JsonResponse({"label": self.label, "id": item_id,
                             "same_request": self.request is request,
                             "kwargs": self.kwargs})

    def post(self, request, item_id):
        return HttpResponse(f"saved {item_id}", status=201)


@require_GET
def read_only(request):
    return HttpResponse("read")


@require_POST
def write_only(request):
    return HttpResponse("written")


@require_http_methods(["PUT", "DELETE"])
def put_or_delete(request):
    return HttpResponse(request.method)


class AboutView(TemplateView):
    template_name = "about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["team"] = ["Ada", "Grace"]
        return context


app = Glassbox(
    settings={"DEBUG": True},
    urls=[
        path("items/<int:item_id>/", ItemView.as_view()),
        path("things/<int:item_id>/", ItemView.as_view(label="thing")),
        path("read/", read_only), path("write/", write_only), path("pd/", put_or_delete),
        path("about/", AboutView.as_view()),
    ],
    templates={"about.html": "{% for name in team %}{{ name }} {% endfor %}"},
)


class ClassBasedViewTest(unittest.TestCase):
    def setUp(self):
        self.client = Client(app)

    def test_get_dispatches_with_url_kwargs(self):
        data = self.client.get("/items/4/").json()
        self.assertEqual(data, {"label": "item", "id": 4, "same_request": True,
                                "kwargs": {"item_id": 4}})

    def test_initkwargs_set_attributes(self):
        self.assertEqual(self.client.get("/things/4/").json()["label"], "thing")

    def test_post_dispatches(self):
        response = self.client.post("/items/9/")
        self.assertEqual((response.status_code, response.text), (201, "saved 9"))

    def test_undefined_method_is_405_with_allow(self):
        response = self.client.delete("/items/9/")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, POST, HEAD, OPTIONS")
        event, = response.trace.of_type("method_not_allowed")
        self.assertEqual(event["method"], "DELETE")

    def test_head_uses_get_without_body(self):
        response = self.client.head("/items/1/")
        self.assertEqual((response.status_code, response.content), (200, b""))
        self.assertEqual(response["Content-Type"], "application/json")

    def test_options_lists_methods(self):
        response = self.client.options("/items/1/")
        self.assertEqual(response["Allow"], "GET, POST, HEAD, OPTIONS")
        self.assertEqual((response.status_code, response.content), (200, b""))
        self.assertEqual(response["Content-Length"], "0")

    def test_own_head_wins_over_get(self):
        class Counted(View):
            def get(self, request):
                return HttpResponse("the whole page")

            def head(self, request):
                response = HttpResponse()
                response["X-Count"] = "3"
                return response

        app = Glassbox(urls=[path("counted/", Counted.as_view())])
        response = Client(app).head("/counted/")
        self.assertEqual(response["X-Count"], "3")
        self.assertEqual(response.content, b"")

    def test_fresh_instance_per_request(self):
        instances = []

        class Remember(View):
            def get(self, request):
                instances.append(self)
                return HttpResponse("ok")

        client = Client(Glassbox(urls=[path("", Remember.as_view())]))
        client.get("/")
        client.get("/")
        self.assertIsNot(instances[0], instances[1])

    def test_as_view_rejects_unknown_and_method_names(self):
        with self.assertRaisesRegex(TypeError, "not an attribute of ItemView"):
            ItemView.as_view(colour="red")
        with self.assertRaisesRegex(TypeError, "HTTP method name"):
            ItemView.as_view(get=None)

    def test_view_name_in_trace_is_the_class(self):
        response = self.client.get("/items/1/")
        self.assertEqual(response.trace.of_type("view")[0]["name"], "ItemView")

    def test_template_view(self):
        self.assertEqual(self.client.get("/about/").text, "Ada Grace ")


class DecoratorTest(unittest.TestCase):
    def setUp(self):
        self.client = Client(app)

    def test_require_get(self):
        self.assertEqual(self.client.get("/read/").text, "read")
        self.assertEqual(self.client.head("/read/").status_code, 200)
        response = self.client.post("/read/")
        self.assertEqual((response.status_code, response["Allow"]), (405, "GET, HEAD"))

    def test_require_post(self):
        self.assertEqual(self.client.post("/write/").text, "written")
        self.assertEqual(self.client.get("/write/")["Allow"], "POST")

    def test_require_http_methods(self):
        self.assertEqual(self.client.put("/pd/").text, "PUT")
        self.assertEqual(self.client.delete("/pd/").text, "DELETE")
        self.assertEqual(self.client.patch("/pd/").status_code, 405)

    def test_decorator_keeps_the_view_name(self):
        self.assertEqual(read_only.__name__, "read_only")

    def test_forgetting_the_list_explains(self):
        with self.assertRaisesRegex(TypeError, "list of methods"):
            @require_http_methods
            def view(request):
                pass


if __name__ == "__main__":
    unittest.main()
