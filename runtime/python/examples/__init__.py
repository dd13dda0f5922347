"""Example applications built with glassbox, small enough to read in one sitting.

`examples.polls` is a polls site (like the one in Django's tutorial) that uses every part of
the framework: URLs with converters and a namespace, function and class-based views, templates
with inheritance, middleware, cookies, redirects and JSON.
"""
