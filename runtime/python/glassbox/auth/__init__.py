"""glassbox.auth: who is asking, and how the server can be sure.

The building blocks, each telling one idea:

1. `hashers`          how a site stores a password without storing the password
2. `models`           the `User` table, and `AnonymousUser` for everybody else
3. `login`            `authenticate`, `login`, `logout`: a login remembered in the session
                      (`glassbox.sessions` holds the session itself)
4. `authentication`   the ways a request proves who it is: session, Bearer token, API key
5. `middleware`       `AuthenticationMiddleware`, which sets `request.user`
6. `csrf`             why a cookie is not enough for a POST, and the token that fixes it
7. `decorators`       `login_required`, `staff_member_required`: 401, 403, or the login page
8. `jwt`              a signed token that proves who you are without a database
9. `insecure_jwt`     a decoder that lets the token choose its algorithm (alg "none")
10. `tokens`          access and refresh tokens (simplejwt's shape), and `token_views`
11. `token_blacklist` taking a token back before it expires, and what that costs
12. `api_keys`        long random keys for programs, stored hashed
13. `permissions`     may this user do this, to this object? 401 or 403, and why
14. `impersonation`   staff seeing the site as a user: logged, and shown in a banner
15. `events`          every decision above, written into the trace as an "auth" event

Signing values in general (cookies, links in e-mails) lives next door in `glassbox.signing`.

As in Django, the login functions are here too: `from glassbox.auth import authenticate,
login, logout`.
"""

from glassbox.auth.login import (authenticate, get_user, login, logout,  # noqa: F401
                                 update_session_auth_hash)
