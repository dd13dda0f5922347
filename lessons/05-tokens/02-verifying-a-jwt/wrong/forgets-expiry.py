import base64
import hashlib
import hmac
import json


class InvalidToken(Exception):
    pass


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(token, key):
    try:
        header_part, payload_part, signature_part = token.split(".")
        header = json.loads(b64url_decode(header_part))
        payload = json.loads(b64url_decode(payload_part))
        signature = b64url_decode(signature_part)
    except ValueError:
        raise InvalidToken("not a JWT") from None
    if header.get("alg") != "HS256":
        raise InvalidToken("HS256 only")
    expected = hmac.new(key.encode(), (header_part + "." + payload_part).encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        raise InvalidToken("bad signature")
    return payload
