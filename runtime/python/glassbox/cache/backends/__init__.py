"""Cache backends: where cached values live.

- `locmem.LocMemCache`     a dict in memory, with LRU eviction at MAX_ENTRIES (the default)
- `db.DatabaseCache`       a table in the SQLite database, so you can watch it with SQL
- `dummy.DummyCache`       nothing at all: caching switched off, operations still traced

`base.BaseCache` holds what they share: keys, versions, timeouts and the trace.
"""
