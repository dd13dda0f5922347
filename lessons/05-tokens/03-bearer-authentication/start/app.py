import functools

from glassbox.app import Glassbox
from glassbox.auth.models import User, create_auth_tables
from glassbox.db import connection
from glassbox.http import JsonResponse
from glassbox.urls import path

from auth import AuthenticationFailed, authenticate, unauthorized

create_auth_tables(connection)
User.objects.create_user("ada", password="lovelace1815")


def bearer_required(view):
    """Only requests with a good Bearer token reach `view`; the others get a 401."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            user = authenticate(request)
        except AuthenticationFailed as refusal:
            return unauthorized(str(refusal))
        if user is None:
            return unauthorized()
        request.user = user
        return view(request, *args, **kwargs)

    return wrapped


@bearer_required
def me(request):
    return JsonResponse({"username": request.user.username})


app = Glassbox(urls=[path("api/me/", me)])
