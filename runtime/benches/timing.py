"""The one way every benchmark here times its work.

Browsers coarsen their clock (Chromium: 0.1 ms steps), which is coarser than one small call
takes, so each sample times a batch of calls and divides; the result is the median of the
samples, in milliseconds, after `warmup` untimed calls.

`glassbox run runtime/benches/NAME.py` finds this file beside the benchmark; in the browser,
`tests/e2e/bench.mjs` installs it as the module `timing` before running each benchmark.
"""

import statistics
import time


def median_ms(function, rounds=20, batch=1, warmup=1):
    """The median time of one call of `function`, in milliseconds.

    >>> median_ms(lambda: None, rounds=3, batch=10) < 1
    True
    """
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(batch):
            function()
        samples.append((time.perf_counter() - started) / batch)
    return statistics.median(samples) * 1000
