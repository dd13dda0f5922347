import random
import string

from headparser import parse_head

ALPHABET = string.ascii_letters + string.digits + string.punctuation + " "  # the characters the generated values are made of


def random_value(rng):
    """A header value: 1 to 12 characters of ALPHABET, with no spaces at either end."""
    value = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12)))
    return value.strip() or "x"


def request_with(value):
    """The bytes of a request that carries the header `X-Note: <value>`."""
    return f"GET / HTTP/1.1\r\nHost: testserver\r\nX-Note: {value}\r\n\r\n".encode("latin-1")


def holds(parse, value):
    """The property: parsing a request that carries `X-Note: value` gives that value back."""
    try:
        return parse(request_with(value))[2]["x-note"] == value
    except Exception:
        return False


def fuzz(parse, runs=300, seed=0):
    """The first value for which the property fails, or None if it held every time."""
    rng = random.Random(seed)
    for _ in range(runs):
        value = random_value(rng)
        if not holds(parse, value):
            return value
    return None


print("counterexample:", repr(fuzz(parse_head)))
