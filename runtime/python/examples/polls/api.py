"""The polls API for programs: tokens instead of a session, and API keys.

Get a pair of tokens, then send the access token with each request:

    POST /api/token/                  {"username": "ada", "password": "lovelace1815"}
                                      -> {"access": "eyJ...", "refresh": "eyJ..."}
    GET  /api/me/                     Authorization: Bearer <access>
    POST /api/questions/1/vote/       Authorization: Bearer <access>   {"choice": 2}
    POST /api/token/refresh/          {"refresh": ...} -> a new access token (every 5 minutes)
    POST /api/token/blacklist/        {"refresh": ...} -> logged out: the refresh token is dead

A script that runs unattended uses an API key instead (made by a logged-in user, shown once):

    POST /api/keys/                   -> {"key": "gbk_...", "prefix": "gbk_..."}
    GET  /api/me/                     X-API-Key: gbk_...

Without a credential these answer 401 with `WWW-Authenticate: Bearer`, and a refused token
says why ("the token expired at ..."). A Bearer request needs no CSRF token: no other site
can make a browser add that header.
"""

from glassbox.auth import api_keys
from glassbox.auth.decorators import login_required
from glassbox.auth.token_views import (TokenBlacklistView, TokenObtainPairView,
                                       TokenRefreshView, TokenVerifyView)
from glassbox.db.models import F
from glassbox.http import Http404, JsonResponse
from glassbox.urls import path
from glassbox.views import require_GET, require_http_methods, require_POST

from examples.polls.models import Question


@require_GET
@login_required(api=True)
def me(request):
    """Who the credential belongs to, and which kind of credential it was."""
    user = request.user
    credential = type(request.auth).__name__ if request.auth is not None else "session"
    return JsonResponse({"username": user.username, "is_staff": user.is_staff,
                         "authenticated_by": credential})


@require_POST
@login_required(api=True)
def vote(request, question_id):
    """Vote with JSON: {"choice": <choice id>}."""
    question = Question.objects.filter(pk=question_id).first()
    if question is None:
        raise Http404(f"No question has id {question_id}.")
    payload = request.json()
    choice_id = payload.get("choice") if isinstance(payload, dict) else None
    if not question.choices.filter(pk=choice_id).exists():
        return JsonResponse({"detail": f"Question {question_id} has no choice {choice_id!r}."},
                            status=400)
    question.choices.filter(pk=choice_id).update(votes=F("votes") + 1)
    return JsonResponse({"question": question.as_dict(), "voted_by": request.user.username})


@require_http_methods(["GET", "POST"])
@login_required(api=True)
def keys(request):
    """GET lists your API keys (prefixes only); POST makes one and shows it, once."""
    if request.method == "POST":
        try:
            row, key = api_keys.create_key(request.user, name=request.GET.get("name", ""))
        except api_keys.TooManyKeys as error:
            return JsonResponse({"detail": str(error)}, status=409)
        return JsonResponse({"key": key, "prefix": row.prefix,
                             "note": "Store the key now: only its hash is kept."}, status=201)
    rows = api_keys.APIKey.objects.filter(user=request.user).order_by("id")
    return JsonResponse({"keys": [{"prefix": row.prefix, "name": row.name,
                                   "revoked": row.revoked} for row in rows]})


urlpatterns = [
    path("api/token/", TokenObtainPairView.as_view(), name="token_obtain_pair"),
    path("api/token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
    path("api/token/verify/", TokenVerifyView.as_view(), name="token_verify"),
    path("api/token/blacklist/", TokenBlacklistView.as_view(), name="token_blacklist"),
    path("api/me/", me, name="api_me"),
    path("api/questions/<int:question_id>/vote/", vote, name="api_vote"),
    path("api/keys/", keys, name="api_keys"),
]
