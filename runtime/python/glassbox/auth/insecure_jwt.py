"""DELIBERATELY INSECURE. A JWT decoder with one classic mistake, for the lesson on attacks.

    !!! Never use this module to check a real token. It exists to be broken. !!!

The mistake: it lets the token choose how it is checked. `decode` reads the algorithm from the
token's own header, and the caller's `algorithms` list is accepted and ignored. The header is
written by whoever made the token, so an attacker writes `"alg": "none"` (an unsigned token,
RFC 7519 section 6), leaves the signature empty, and any payload is believed.

Everything else is done properly, exactly as `glassbox.auth.jwt.decode` does it: an HS256
token is checked with the key (a changed payload or a wrong key is refused), in constant time,
and `exp`, `nbf`, `iat`, `aud` and `iss` are checked. So the one thing that differs between
the two decoders is the one thing the lesson is about: who chooses the algorithm.

    >>> from glassbox.auth import jwt
    >>> decode(forge({"sub": "mallory", "role": "admin"}), "secret")["role"]
    'admin'
    >>> decode(jwt.encode({"role": "admin"}, "guessed key"), "secret")
    Traceback (most recent call last):
      ...
    glassbox.auth.jwt.InvalidSignatureError: Signature verification failed: the token was changed or signed with another key.
"""

import hmac

from glassbox.auth.jwt import (HASHES, InvalidAlgorithmError, InvalidSignatureError,
                               base64url_encode, check_claims, compact_json, sign, split_token)


def decode(token, key, algorithms=None, audience=None, issuer=None, leeway=0):
    """INSECURE: check `token` with the algorithm its own header names; return the payload.

    `algorithms` is accepted and ignored, which is exactly the bug: the code looks as if the
    caller decides, and the token decides.
    """
    header, payload, signature, signing_input = split_token(token)
    algorithm = header.get("alg")  # THE MISTAKE: the token says how to check the token
    if algorithm == "none":
        expected = b""  # an unsigned token has an empty signature, and so it "matches"
    elif algorithm in HASHES:
        expected = sign(signing_input, key, algorithm)
    else:
        raise InvalidAlgorithmError(f"The algorithm {algorithm!r} is not supported here.")
    if not hmac.compare_digest(signature, expected):
        raise InvalidSignatureError("Signature verification failed: the token was changed or "
                                    "signed with another key.")
    check_claims(payload, audience, issuer, leeway, {"verify_signature": True})
    return payload


def forge(payload, header=None):
    """An attacker's token: `"alg": "none"` and an empty signature (note the final dot).

    >>> forge({"sub": "x"})
    'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.'
    """
    header = {"alg": "none", "typ": "JWT", **(header or {})}
    parts = [base64url_encode(compact_json(header)), base64url_encode(compact_json(payload))]
    return ".".join(parts) + "."
