"""glassbox.http: requests, responses, cookies and the HTTP/1.1 wire format."""

import datetime
import unittest

from glassbox.http import (Headers, HttpRequest, HttpResponse, HttpResponseNotAllowed,
                           HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse,
                           QueryDict, RawPostDataException, parse_cookie, parse_request, redirect)


class QueryDictTest(unittest.TestCase):
    def test_repeated_keys_keep_every_value(self):
        query = QueryDict("tag=web&tag=python&page=2")
        self.assertEqual(query["tag"], "python")
        self.assertEqual(query.getlist("tag"), ["web", "python"])
        self.assertEqual(query.get("page"), "2")

    def test_missing_keys(self):
        query = QueryDict("a=1")
        self.assertIsNone(query.get("b"))
        self.assertEqual(query.get("b", "x"), "x")
        self.assertEqual(query.getlist("b"), [])
        with self.assertRaises(KeyError):
            query["b"]

    def test_blank_values_and_encoding(self):
        query = QueryDict("q=&name=Ada%20Lovelace&sym=%26")
        self.assertEqual(query["q"], "")
        self.assertEqual(query["name"], "Ada Lovelace")
        self.assertEqual(query["sym"], "&")

    def test_urlencode_round_trip(self):
        query = QueryDict.from_pairs({"tag": ["a", "b"], "n": 1})
        self.assertEqual(QueryDict(query.urlencode()).lists(), [("tag", ["a", "b"]), ("n", ["1"])])
        self.assertEqual(query.dict(), {"tag": "b", "n": "1"})


class HeadersTest(unittest.TestCase):
    def test_names_are_case_insensitive_but_keep_spelling(self):
        headers = Headers({"Content-Type": "text/html"})
        self.assertEqual(headers["content-type"], "text/html")
        self.assertIn("CONTENT-TYPE", headers)
        headers["content-type"] = "text/plain"
        self.assertEqual(len(headers), 1)
        self.assertEqual(list(headers), ["content-type"])

    def test_newline_in_value_is_refused(self):
        with self.assertRaisesRegex(ValueError, "header injection"):
            Headers()["X-Evil"] = "a\r\nSet-Cookie: x=1"


class RequestTest(unittest.TestCase):
    def test_basic_attributes(self):
        request = HttpRequest("get", "/search/", "q=owls",
                              {"Cookie": "theme=dark; sessionid=abc", "User-Agent": "test"})
        self.assertEqual(request.method, "GET")
        self.assertEqual(request.GET["q"], "owls")
        self.assertEqual(request.COOKIES, {"theme": "dark", "sessionid": "abc"})
        self.assertEqual(request.headers["user-agent"], "test")
        self.assertEqual(request.META["HTTP_USER_AGENT"], "test")
        self.assertEqual(request.META["QUERY_STRING"], "q=owls")
        self.assertEqual(request.get_full_path(), "/search/?q=owls")
        self.assertEqual(request.build_absolute_uri("/a/"), "http://testserver/a/")

    def test_form_body(self):
        request = HttpRequest("POST", "/vote/", headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
            body="choice=2&choice=3&note=hi+there")
        self.assertEqual(request.content_type, "application/x-www-form-urlencoded")
        self.assertEqual(request.POST.getlist("choice"), ["2", "3"])
        self.assertEqual(request.POST["note"], "hi there")

    def test_json_body(self):
        request = HttpRequest("POST", "/api/", headers={"Content-Type": "application/json"},
                              body=b'{"votes": [1, 2]}')
        self.assertEqual(request.json(), {"votes": [1, 2]})
        self.assertEqual(len(request.POST), 0, "a JSON body is not form data")

    def test_invalid_json_body_explains(self):
        request = HttpRequest("POST", "/api/", headers={"Content-Type": "text/plain"}, body="{")
        with self.assertRaisesRegex(RawPostDataException, "not valid JSON.*text/plain"):
            request.json()

    def test_each_request_has_its_own_trace(self):
        first, second = HttpRequest(), HttpRequest()
        first.trace.record("note", text="hello")
        self.assertEqual(len(first.trace), 1)
        self.assertEqual(len(second.trace), 0)


class ParseCookieTest(unittest.TestCase):
    def test_quoted_and_encoded_values(self):
        self.assertEqual(parse_cookie('a="x y"; b=1%202; bad; =c'), {"a": "x y", "b": "1 2"})


class ResponseTest(unittest.TestCase):
    def test_defaults(self):
        response = HttpResponse("héllo")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.reason_phrase, "OK")
        self.assertEqual(response["content-type"], "text/html; charset=utf-8")
        self.assertEqual(response.content, "héllo".encode("utf-8"))
        self.assertEqual(response.text, "héllo")

    def test_status_and_reason(self):
        self.assertEqual(HttpResponse(status=404).reason_phrase, "Not Found")
        self.assertEqual(HttpResponse(status=418).reason_phrase, "I'm a Teapot")
        self.assertEqual(HttpResponse(status=299).reason_phrase, "Unknown Status Code")
        self.assertEqual(HttpResponse(status=200, reason="Fine").reason_phrase, "Fine")

    def test_write_appends(self):
        response = HttpResponse("a")
        response.write("b")
        response.write(b"c")
        self.assertEqual(response.content, b"abc")

    def test_json_response(self):
        response = JsonResponse({"votes": 3})
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json(), {"votes": 3})
        with self.assertRaisesRegex(TypeError, "safe=False"):
            JsonResponse([1, 2])
        self.assertEqual(JsonResponse([1, 2], safe=False).json(), [1, 2])

    def test_json_of_html_explains(self):
        with self.assertRaisesRegex(ValueError, "not JSON.*text/html"):
            HttpResponse("<p>hi</p>").json()

    def test_redirects(self):
        response = redirect("/polls/")
        self.assertIsInstance(response, HttpResponseRedirect)
        self.assertEqual((response.status_code, response["Location"]), (302, "/polls/"))
        self.assertEqual(response.url, "/polls/")
        permanent = redirect("/new/", permanent=True)
        self.assertIsInstance(permanent, HttpResponsePermanentRedirect)
        self.assertEqual(permanent.status_code, 301)

    def test_not_allowed_lists_methods(self):
        response = HttpResponseNotAllowed(["get", "post"])
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, POST")


class CookieTest(unittest.TestCase):
    def test_every_attribute(self):
        response = HttpResponse()
        response.set_cookie("sid", "a b", max_age=3600, path="/app/", domain="example.com",
                            secure=True, httponly=True, samesite="strict")
        self.assertEqual(response.cookies["sid"], "sid=a%20b; Max-Age=3600; Domain=example.com; "
                                                  "Path=/app/; Secure; HttpOnly; SameSite=Strict")

    def test_expires_datetime_is_an_http_date(self):
        response = HttpResponse()
        when = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
        response.set_cookie("a", "1", expires=when)
        self.assertIn("Expires=Wed, 02 Jan 2030 03:04:05 GMT", response.cookies["a"])

    def test_bad_samesite(self):
        with self.assertRaisesRegex(ValueError, "Lax"):
            HttpResponse().set_cookie("a", "1", samesite="sometimes")

    def test_delete_cookie_expires_it(self):
        response = HttpResponse()
        response.delete_cookie("sid")
        self.assertIn("Max-Age=0", response.cookies["sid"])
        self.assertIn("Expires=Thu, 01 Jan 1970 00:00:00 GMT", response.cookies["sid"])


class WireFormatTest(unittest.TestCase):
    def test_serialize_response(self):
        response = HttpResponse("Hi", content_type="text/plain", status=201)
        response.set_cookie("a", "1")
        self.assertEqual(response.serialize(),
                         b"HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\n"
                         b"Set-Cookie: a=1; Path=/\r\nContent-Length: 2\r\n\r\nHi")

    def test_content_length_counts_bytes_not_characters(self):
        self.assertIn(b"Content-Length: 2\r\n", HttpResponse("é").serialize())

    def test_parse_request(self):
        data = (b"POST /polls/1/vote/?next=%2Fhome HTTP/1.1\r\nHost: example.com\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 8\r\n"
                b"Cookie: sid=xyz\r\n\r\nchoice=2")
        request = parse_request(data)
        self.assertEqual((request.method, request.path), ("POST", "/polls/1/vote/"))
        self.assertEqual(request.GET["next"], "/home")
        self.assertEqual(request.POST["choice"], "2")
        self.assertEqual(request.COOKIES["sid"], "xyz")
        self.assertEqual(request.get_host(), "example.com")

    def test_request_serialize_round_trip(self):
        request = HttpRequest("POST", "/polls/caf\u00e9/", "a=1&a=2", {
            "Host": "example.com", "Content-Type": "application/x-www-form-urlencoded"},
            body="choice=2")
        data = request.serialize()
        self.assertTrue(data.startswith(b"POST /polls/caf%C3%A9/?a=1&a=2 HTTP/1.1\r\n"))
        self.assertIn(b"\r\nContent-Length: 8\r\n\r\nchoice=2", data)
        again = parse_request(data)
        self.assertEqual((again.method, again.path, again.GET.getlist("a"), again.POST["choice"]),
                         ("POST", "/polls/caf\u00e9/", ["1", "2"], "2"))

    def test_parse_request_honours_content_length(self):
        request = parse_request(b"PUT /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcdef")
        self.assertEqual(request.body, b"abc")

    def test_parse_request_without_length_has_no_body(self):
        # RFC 9112, section 6.3: neither Transfer-Encoding nor Content-Length means no body
        request = parse_request(b"POST /x HTTP/1.1\r\nHost: example.com\r\n\r\nstray bytes")
        self.assertEqual(request.body, b"")

    def test_parse_request_decodes_a_chunked_body(self):
        data = (b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n"
                b"4\r\nWiki\r\n5;note=x\r\npedia\r\n0\r\n\r\n")
        self.assertEqual(parse_request(data).body, b"Wikipedia")  # chunked wins over the length

    def test_parse_request_refuses_a_body_it_cannot_frame(self):
        with self.assertRaisesRegex(ValueError, "400 Bad Request"):
            parse_request(b"POST /x HTTP/1.1\r\nContent-Length: eight\r\n\r\nchoice=2")
        with self.assertRaisesRegex(ValueError, "does not end in 'chunked'"):
            parse_request(b"POST /x HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nxyz")
        with self.assertRaisesRegex(ValueError, "not a hexadecimal number"):
            parse_request(b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")

    def test_parse_request_errors_explain(self):
        with self.assertRaisesRegex(ValueError, "GET /path HTTP/1.1"):
            parse_request(b"hello\r\n\r\n")
        with self.assertRaisesRegex(ValueError, "Line 2.*not a header"):
            parse_request(b"GET / HTTP/1.1\r\nno colon here\r\n\r\n")


if __name__ == "__main__":
    unittest.main()
