import base64
import hashlib
import hmac
import json


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign(payload, key):
    header = {"alg": "HS256", "typ": "JWT"}
    parts = [b64url(json.dumps(part).encode()) for part in (header, payload)]
    signing_input = ".".join(parts)
    return signing_input + "." + b64url(hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest())
