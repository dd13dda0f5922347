from glassbox.auth import jwt
from glassbox.auth.authentication import AuthenticationFailed
from glassbox.auth.models import User
from glassbox.http import JsonResponse

KEY = "a-long-random-key-for-this-lesson"


def authenticate(request):
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        claims = jwt.decode(token.strip(), KEY, algorithms=["HS256"], options={"require": ["exp"]})
        user = User.objects.get(pk=claims["user_id"])
    except (jwt.InvalidTokenError, KeyError, User.DoesNotExist) as error:
        raise AuthenticationFailed(f"refused: {type(error).__name__}") from None
    if not user.is_active:
        raise AuthenticationFailed("inactive user")
    return user


def unauthorized(reason=None):
    parameters = ['realm="glassbox"']
    if reason:
        parameters = [f'error_description="{reason}"', 'error="invalid_token"'] + parameters
    response = JsonResponse({"error": reason or "login required"}, status=401)
    response["WWW-Authenticate"] = "Bearer " + ", ".join(parameters)
    return response
