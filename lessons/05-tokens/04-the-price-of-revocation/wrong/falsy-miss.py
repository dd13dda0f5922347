from glassbox import clock
from glassbox.auth.token_blacklist import BlacklistedToken, as_naive_utc
from glassbox.cache import cache


def key_for(jti):
    return f"revoked:{jti}"


def seconds_left(exp):
    return max(1, int(exp - clock.time()))


def is_revoked(jti, exp):
    """Is the token `jti` (which expires at `exp`) revoked?"""
    revoked = cache.get(key_for(jti))
    if not revoked:  # not known yet: ask the table
        revoked = BlacklistedToken.objects.filter(jti=jti).exists()
        cache.set(key_for(jti), revoked, timeout=seconds_left(exp))
    return revoked


def revoke(jti, exp):
    """Refuse the token `jti` from now on."""
    BlacklistedToken.objects.create(jti=jti, expires_at=as_naive_utc(exp))
    cache.set(key_for(jti), True, timeout=seconds_left(exp))  # the cache learns it now
