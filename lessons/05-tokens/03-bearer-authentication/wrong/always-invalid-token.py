from glassbox.auth import jwt
from glassbox.auth.authentication import AuthenticationFailed
from glassbox.auth.models import User
from glassbox.http import JsonResponse

KEY = "a-long-random-key-for-this-lesson"


def authenticate(request):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    try:
        claims = jwt.decode(header[len("Bearer "):].strip(), KEY, algorithms=["HS256"])
    except jwt.InvalidTokenError as error:
        raise AuthenticationFailed(str(error)) from None
    user = User.objects.filter(pk=claims.get("user_id")).first()
    if user is None or not user.is_active:
        raise AuthenticationFailed("the token's user is unknown or inactive")
    return user


def unauthorized(reason=None):
    response = JsonResponse({"detail": reason or "Authentication credentials were not provided."}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api", error="invalid_token"'
    return response
