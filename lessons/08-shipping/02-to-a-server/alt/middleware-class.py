from glassbox.app import Glassbox
from glassbox.http import HttpResponse
from glassbox.middleware import Middleware
from glassbox.urls import path

POLICY = "default-src 'self'; img-src 'self' data:"
A_YEAR = 31536000


class SecurityHeaders(Middleware):
    def process_response(self, request, response):
        headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
                   "Content-Security-Policy": POLICY}
        if request.scheme == "https":
            headers["Strict-Transport-Security"] = f"max-age={A_YEAR}; includeSubDomains"
        for name, value in headers.items():
            if name not in response.headers:
                response[name] = value
        return response


def home(request):
    return HttpResponse("<h1>The shop</h1>")


def widget(request):
    # Partners show this page in a frame on their sites, so it sets its own policy.
    return HttpResponse("<p>Our bestsellers</p>",
                        headers={"Content-Security-Policy": "frame-ancestors https://partner.example"})


app = Glassbox(urls=[path("", home), path("widget/", widget)], middleware=[SecurityHeaders])
