"""glassbox: a miniature, readable web framework shaped like Django.

Every part of it is meant to be read. Start with `glassbox.http` (what a request and a response
are), then `glassbox.urls` (how a path finds its view) and `glassbox.middleware` (the onion
around every view).
"""

__version__ = "0.1.0"
