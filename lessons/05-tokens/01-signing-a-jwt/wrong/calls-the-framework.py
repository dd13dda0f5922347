import base64

from glassbox.auth import jwt


def b64url(data):
    """bytes -> base64url text, as a JWT writes it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign(payload, key):
    return jwt.encode(payload, key)
