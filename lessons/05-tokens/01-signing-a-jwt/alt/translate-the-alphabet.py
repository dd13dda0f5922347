import base64
import hmac
import json


def b64url(data):
    """bytes -> base64url text, as a JWT writes it."""
    text = base64.b64encode(data).decode("ascii")
    return text.replace("+", "-").replace("/", "_").rstrip("=")


def sign(payload, key):
    """A compact HS256 JWT for the dict `payload`, signed with the text `key`."""
    header = {"alg": "HS256", "typ": "JWT"}
    head = b64url(json.dumps(header, separators=(",", ":")).encode("utf-8"))
    body = b64url(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    signature = hmac.digest(key.encode("utf-8"), f"{head}.{body}".encode("ascii"), "sha256")
    return f"{head}.{body}.{b64url(signature)}"
