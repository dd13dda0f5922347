from glassbox import clock
from glassbox.auth.token_blacklist import BlacklistedToken, as_naive_utc
from glassbox.cache import cache


def key_for(jti):
    return f"revoked:{jti}"


def seconds_left(exp):
    return max(1, int(exp - clock.time()))


def is_revoked(jti, exp):
    """Is the token `jti` (which expires at `exp`) revoked?"""
    answer = cache.get(key_for(jti))
    if answer is None:  # not known yet: ask the table, once
        answer = "yes" if BlacklistedToken.objects.filter(jti=jti).exists() else "no"
        cache.set(key_for(jti), answer, timeout=None)
    return answer == "yes"


def revoke(jti, exp):
    """Refuse the token `jti` from now on."""
    BlacklistedToken.objects.create(jti=jti, expires_at=as_naive_utc(exp))
    cache.set(key_for(jti), "yes", timeout=seconds_left(exp))  # the cache learns it now
