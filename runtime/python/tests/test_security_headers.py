"""glassbox.security: SecurityHeadersMiddleware's headers, HTTPS-only HSTS, and its trace."""

import unittest

from glassbox.app import Glassbox
from glassbox.http import HttpResponse
from glassbox.security import build_csp, hsts_value
from glassbox.conf import Settings
from glassbox.test import Client
from glassbox.urls import path

MIDDLEWARE = ["glassbox.security.SecurityHeadersMiddleware"]


def page(request):
    return HttpResponse("<h1>Hello</h1>")


def own_policy(request):
    return HttpResponse("<h1>Map</h1>", headers={"Content-Security-Policy": "default-src *"})


def make_app(**settings):
    return Glassbox(urls=[path("", page), path("map/", own_policy)], middleware=MIDDLEWARE,
                    **settings)


def https_client(app):
    client = Client(app)
    client.scheme = "https"
    return client


class BuildCspTest(unittest.TestCase):
    def test_directives_are_joined_with_semicolons(self):
        policy = {"default-src": ["'self'"], "img-src": ["'self'", "data:"],
                  "frame-ancestors": "'none'"}
        self.assertEqual(build_csp(policy),
                         "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")

    def test_flags_and_missing_directives(self):
        self.assertEqual(build_csp({"upgrade-insecure-requests": True, "script-src": None}),
                         "upgrade-insecure-requests")


class HstsValueTest(unittest.TestCase):
    def test_zero_seconds_means_no_header(self):
        self.assertIsNone(hsts_value(Settings()))

    def test_subdomains_and_preload(self):
        settings = Settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
                            SECURE_HSTS_PRELOAD=True)
        self.assertEqual(hsts_value(settings), "max-age=31536000; includeSubDomains; preload")


class SecurityHeadersMiddlewareTest(unittest.TestCase):
    def test_https_response_gets_every_header(self):
        app = make_app(SECURE_HSTS_SECONDS=3600, SECURE_CSP={"default-src": ["'self'"]})
        response = https_client(app).get("/")
        self.assertEqual(response["Strict-Transport-Security"], "max-age=3600")
        self.assertEqual(response["Content-Security-Policy"], "default-src 'self'")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        (event,) = response.trace.of_type("security_headers")
        self.assertEqual(set(event["added"]), {"Strict-Transport-Security",
                                               "Content-Security-Policy",
                                               "X-Content-Type-Options", "Referrer-Policy"})

    def test_no_hsts_over_plain_http_and_the_trace_says_why(self):
        app = make_app(SECURE_HSTS_SECONDS=3600)
        response = Client(app).get("/")
        self.assertNotIn("Strict-Transport-Security", response.headers)
        (event,) = response.trace.of_type("security_headers")
        self.assertIn("plain HTTP", event["skipped"]["Strict-Transport-Security"])

    def test_no_csp_without_a_policy(self):
        response = https_client(make_app()).get("/")
        self.assertNotIn("Content-Security-Policy", response.headers)
        self.assertNotIn("Strict-Transport-Security", response.headers)
        (event,) = response.trace.of_type("security_headers")
        self.assertEqual(event["skipped"]["Strict-Transport-Security"], "SECURE_HSTS_SECONDS is 0")

    def test_a_header_the_view_set_is_kept(self):
        app = make_app(SECURE_CSP={"default-src": ["'self'"]})
        response = Client(app).get("/map/")
        self.assertEqual(response["Content-Security-Policy"], "default-src *")
        (event,) = response.trace.of_type("security_headers")
        self.assertEqual(event["skipped"]["Content-Security-Policy"], "the view set it already")

    def test_settings_can_switch_headers_off(self):
        app = make_app(SECURE_CONTENT_TYPE_NOSNIFF=False, SECURE_REFERRER_POLICY=None)
        response = Client(app).get("/")
        self.assertNotIn("X-Content-Type-Options", response.headers)
        self.assertNotIn("Referrer-Policy", response.headers)


if __name__ == "__main__":
    unittest.main()
