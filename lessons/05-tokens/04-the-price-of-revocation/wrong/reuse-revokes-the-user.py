from glassbox.auth import token_blacklist
from glassbox.http import JsonResponse

from tokens import TokenError, issue_pair, verified_claims


def refresh_view(request):
    try:
        claims = verified_claims(request.json().get("refresh", ""))
    except TokenError as error:
        return JsonResponse({"detail": str(error)}, status=401)
    family, jti, exp = claims["family"], claims["jti"], claims["exp"]
    if token_blacklist.is_blacklisted(f"user-{claims['user_id']}"):
        return JsonResponse({"detail": "this login was revoked"}, status=401)
    if token_blacklist.is_blacklisted(jti):
        # Used before: two parties hold this token. Stop the whole family.
        token_blacklist.blacklist(f"user-{claims['user_id']}", exp)
        return JsonResponse({"detail": "refresh token reused: this login is revoked"},
                            status=401)
    token_blacklist.blacklist(jti, exp)  # rotation: this token works once
    return JsonResponse(issue_pair(claims["user_id"], family))
