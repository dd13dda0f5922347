from glassbox.auth import jwt
from glassbox.auth.authentication import AuthenticationFailed
from glassbox.auth.models import User
from glassbox.http import JsonResponse

KEY = "a-long-random-key-for-this-lesson"  # this server signs its tokens with it, HS256


def authenticate(request):
    """The user a Bearer token names: None if no Bearer token was sent, a User if the token
    is good, AuthenticationFailed (with the reason) if a token was sent and is not good."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    try:
        claims = jwt.decode(header[len("Bearer "):].strip(), KEY, algorithms=["HS256"])
    except jwt.InvalidTokenError as error:
        raise AuthenticationFailed(f"the token was refused: {error}") from None
    user = User.objects.filter(pk=claims.get("user_id")).first()
    if user is None:
        raise AuthenticationFailed("the token names no user we know")
    if not user.is_active:
        raise AuthenticationFailed(f"{user.username!r} is not active")
    return user


def unauthorized(reason=None):
    """401 with a challenge; `reason` says why a sent token was refused (None: none was sent)."""
    challenge = 'Bearer realm="api"'
    if reason is None:
        body = {"detail": "Authentication credentials were not provided."}
    else:
        description = reason.replace("\\", "/").replace('"', "'")
        challenge += f', error="invalid_token", error_description="{description}"'
        body = {"detail": reason}
    response = JsonResponse(body, status=401)
    response["WWW-Authenticate"] = challenge
    return response
