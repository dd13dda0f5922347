import base64
import hashlib
import hmac
import json
import time


class InvalidToken(Exception):
    pass


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(token, key):
    header_part, payload_part, signature_part = token.split(".")
    header = json.loads(b64url_decode(header_part))
    if header.get("alg") != "HS256":
        raise InvalidToken("HS256 only")
    expected = hmac.new(key.encode(), (header_part + "." + payload_part).encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, b64url_decode(signature_part)):
        raise InvalidToken("bad signature")
    payload = json.loads(b64url_decode(payload_part))
    if "exp" in payload and time.time() >= payload["exp"]:
        raise InvalidToken("expired")
    return payload
