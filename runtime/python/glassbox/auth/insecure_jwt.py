"""DELIBERATELY INSECURE. A JWT decoder with the classic mistakes, for the lesson on attacks.

    !!! Never use this module to check a real token. It exists to be broken. !!!

Every mistake here has shipped in real libraries and real sites:

1. It lets the token choose its own algorithm, and accepts `"alg": "none"`: an attacker deletes
   the signature, writes "none" in the header, and any payload is believed.
2. It never checks the signature, so a payload edited by hand ("role": "admin") or signed with
   the wrong key is believed too.
3. It ignores `exp` and `nbf`, so a token stolen last year still works.

`glassbox.auth.jwt.decode` refuses all of these; the lesson (and `tests/test_jwt.py`) sends the
same forged tokens to both and compares.

    >>> token = forge({"sub": "mallory", "role": "admin"})
    >>> decode(token)["role"]
    'admin'
"""

from glassbox.auth.jwt import base64url_encode, compact_json, split_token


def decode(token, key=None, algorithms=None):
    """INSECURE: return the payload of `token` without checking anything.

    `key` and `algorithms` are accepted and ignored, which is exactly the bug: the code looks
    as if it verifies, and does not.
    """
    header, payload, signature, signing_input = split_token(token)
    return payload


def forge(payload, header=None):
    """An attacker's token: `"alg": "none"` and an empty signature (note the final dot).

    >>> forge({"sub": "x"})
    'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.'
    """
    header = {"alg": "none", "typ": "JWT", **(header or {})}
    parts = [base64url_encode(compact_json(header)), base64url_encode(compact_json(payload))]
    return ".".join(parts) + "."
