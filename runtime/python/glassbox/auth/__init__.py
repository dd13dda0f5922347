"""glassbox.auth: the cryptographic building blocks of logging in.

Three small modules, each telling one idea:

1. `glassbox.auth.hashers`       how a site stores a password without storing the password
2. `glassbox.auth.jwt`           a signed token that proves who you are without a database
3. `glassbox.auth.insecure_jwt`  the same token read carelessly, for the lesson on attacks

Signing values in general (cookies, links in e-mails) lives next door in `glassbox.signing`.
"""
