from glassbox.app import Glassbox
from glassbox.http import HttpResponse
from glassbox.urls import path

POLICY = "default-src 'self'; img-src 'self' data:"
A_YEAR = 31536000


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response["Content-Security-Policy"] = POLICY
        if request.is_secure():
            response.headers.setdefault("Strict-Transport-Security", f"max-age={A_YEAR}")
        return response

    return middleware


def home(request):
    return HttpResponse("<h1>The shop</h1>")


def widget(request):
    # Partners show this page in a frame on their sites, so it sets its own policy.
    return HttpResponse("<p>Our bestsellers</p>",
                        headers={"Content-Security-Policy": "frame-ancestors https://partner.example"})


app = Glassbox(urls=[path("", home), path("widget/", widget)], middleware=[security_headers])
