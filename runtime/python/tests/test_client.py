"""glassbox.test.Client: requests of every method, data, headers, cookies and redirects."""

import unittest

from glassbox.app import Glassbox
from glassbox.http import HttpResponse, JsonResponse, redirect
from glassbox.test import Client
from glassbox.urls import path


def echo(request):
    return JsonResponse({
        "method": request.method, "path": request.path, "GET": dict(request.GET.lists()),
        "POST": dict(request.POST.lists()), "content_type": request.content_type,
        "body": request.body.decode(), "cookies": request.COOKIES,
        "agent": request.headers.get("User-Agent"),
    })


def login(request):
    response = HttpResponse("logged in")
    response.set_cookie("sessionid", "abc 123", httponly=True)
    return response


def logout(request):
    response = HttpResponse("logged out")
    response.delete_cookie("sessionid")
    return response


def step(request, number):
    if number < 3:
        return redirect(f"/step/{number + 1}/")
    return HttpResponse(f"arrived at {number}")


def keep_method(request):
    return HttpResponse(status=307, headers={"Location": "/echo/"})


APP = Glassbox(urls=[
    path("echo/", echo), path("login/", login), path("logout/", logout),
    path("step/<int:number>/", step), path("keep/", keep_method),
    path("loop/", lambda request: redirect("/loop/")),
])


class MethodsTest(unittest.TestCase):
    def setUp(self):
        self.client = Client(APP)

    def test_get_with_query(self):
        data = self.client.get("/echo/", {"q": "owls", "tag": ["a", "b"]}).json()
        self.assertEqual(data["GET"], {"q": ["owls"], "tag": ["a", "b"]})
        self.assertEqual(data["method"], "GET")

    def test_query_in_path_and_data_combine(self):
        data = self.client.get("/echo/?a=1", {"b": 2}).json()
        self.assertEqual(data["GET"], {"a": ["1"], "b": ["2"]})

    def test_post_form(self):
        data = self.client.post("/echo/", {"choice": ["1", "2"], "name": "Ada"}).json()
        self.assertEqual(data["POST"], {"choice": ["1", "2"], "name": ["Ada"]})
        self.assertEqual(data["content_type"], "application/x-www-form-urlencoded")

    def test_json_body(self):
        for method in ("post", "put", "patch", "delete"):
            with self.subTest(method=method):
                data = getattr(self.client, method)("/echo/", json={"votes": 1}).json()
                self.assertEqual(data["method"], method.upper())
                self.assertEqual(data["content_type"], "application/json")
                self.assertEqual(data["body"], '{"votes": 1}')

    def test_raw_body_with_content_type(self):
        data = self.client.put("/echo/", "plain words", content_type="text/plain").json()
        self.assertEqual((data["body"], data["content_type"]), ("plain words", "text/plain"))

    def test_head_and_options(self):
        self.assertEqual(self.client.head("/echo/").content, b"")
        self.assertEqual(self.client.options("/echo/").json()["method"], "OPTIONS")

    def test_headers(self):
        client = Client(APP, headers={"User-Agent": "default-agent"})
        self.assertEqual(client.get("/echo/").json()["agent"], "default-agent")
        self.assertEqual(client.get("/echo/", headers={"User-Agent": "x"}).json()["agent"], "x")

    def test_response_exposes_trace_and_text(self):
        response = self.client.get("/echo/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["content-type"], "application/json")
        self.assertIn('"method": "GET"', response.text)
        self.assertEqual(response.trace.of_type("request")[0]["path"], "/echo/")


class CookieJarTest(unittest.TestCase):
    def test_cookies_persist_and_are_deleted(self):
        client = Client(APP)
        client.get("/login/")
        self.assertEqual(client.get("/echo/").json()["cookies"], {"sessionid": "abc 123"})
        client.get("/logout/")
        self.assertEqual(client.get("/echo/").json()["cookies"], {})

    def test_cookies_per_request(self):
        client = Client(APP)
        data = client.get("/echo/", cookies={"theme": "dark"}).json()
        self.assertEqual(data["cookies"], {"theme": "dark"})
        self.assertEqual(client.get("/echo/").json()["cookies"], {}, "not kept in the jar")

    def test_separate_clients_have_separate_jars(self):
        first, second = Client(APP), Client(APP)
        first.get("/login/")
        self.assertEqual(second.get("/echo/").json()["cookies"], {})


class RedirectTest(unittest.TestCase):
    def test_not_followed_by_default(self):
        response = Client(APP).get("/step/1/")
        self.assertEqual((response.status_code, response["Location"]), (302, "/step/2/"))
        self.assertEqual(response.redirect_chain, [])

    def test_follow(self):
        response = Client(APP).get("/step/1/", follow=True)
        self.assertEqual(response.text, "arrived at 3")
        self.assertEqual(response.redirect_chain, [("/step/2/", 302), ("/step/3/", 302)])

    def test_post_redirect_becomes_get(self):
        response = Client(APP).post("/step/2/", {"a": "1"}, follow=True)
        self.assertEqual(response.request.method, "GET")

    def test_307_keeps_method_and_body(self):
        data = Client(APP).post("/keep/", {"a": "1"}, follow=True).json()
        self.assertEqual((data["method"], data["POST"]), ("POST", {"a": ["1"]}))

    def test_redirect_loop_is_reported(self):
        with self.assertRaisesRegex(RuntimeError, "loop"):
            Client(APP).get("/loop/", follow=True)


if __name__ == "__main__":
    unittest.main()
