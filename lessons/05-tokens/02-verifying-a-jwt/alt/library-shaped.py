import hashlib
import hmac
import time

from glassbox.auth import jwt


class InvalidToken(Exception):
    """The token must not be trusted; the message says why."""


ALLOWED = {"HS256": hashlib.sha256}


def verify(token, key, algorithms=("HS256",)):
    try:
        header, payload, signature, signing_input = jwt.split_token(token)
    except jwt.DecodeError as error:
        raise InvalidToken(str(error)) from None
    algorithm = header.get("alg")
    if algorithm not in algorithms or algorithm not in ALLOWED:
        raise InvalidToken(f"algorithm {algorithm!r} is not allowed")
    expected = hmac.new(key.encode(), signing_input, ALLOWED[algorithm]).digest()
    if not hmac.compare_digest(signature, expected):
        raise InvalidToken("bad signature")
    expires = payload.get("exp")
    if expires is not None and not time.time() < expires:
        raise InvalidToken("expired")
    return payload
