"""edca: open contracting data (OCDS 1.1 and the Mexican profile EDCA-MX) for Python.

Merge releases into compiled releases and records, validate files, compute transparency
indicators, flatten datasets into tables and read spreadsheets back into releases; reports
and tables cross into pandas, polars, pyarrow and DuckDB as Arrow tables. The work
runs in Rust without holding the GIL, on a pool of worker threads.

>>> import edca
>>> releases = [
...     {"ocid": "ocds-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
...      "tender": {"title": "Papel", "value": {"amount": 10.5, "currency": "MXN"}}},
...     {"ocid": "ocds-1", "id": "2", "date": "2024-02-01T00:00:00Z", "tag": ["award"],
...      "awards": [{"id": "a1", "status": "active"}]},
... ]
>>> [compiled] = edca.compile(releases)
>>> compiled["id"], compiled["tender"]["value"]["amount"], compiled["awards"][0]["status"]
('ocds-1-2024-02-01T00:00:00Z', 10.5, 'active')
>>> edca.compile(releases, decimal=True)[0]["tender"]["value"]["amount"]
Decimal('10.5')

Fork safety: the worker threads do not survive ``os.fork()``. A child process that
``multiprocessing`` forks after edca ran in the parent gets worker threads of its own on its
first call, so it does not hang; the ``spawn`` start method avoids the question altogether.
"""

from __future__ import annotations

from ._errors import ConfigError, EdcaError, MergeError, MergeWarning, ReadError, ReadWarning, ValidationError
from ._native import (
    Indices,
    IndicesPartial,
    Profile,
    Report,
    Stream,
    Table,
    compile,
    flatten,
    indices,
    iter_compile,
    prepare,
    publish,
    read,
    record_package,
    stats,
    unflatten,
    validate,
)

__all__ = [
    "ConfigError",
    "EdcaError",
    "Indices",
    "IndicesPartial",
    "MergeError",
    "MergeWarning",
    "Profile",
    "ReadError",
    "ReadWarning",
    "Report",
    "Stream",
    "Table",
    "ValidationError",
    "compile",
    "flatten",
    "indices",
    "iter_compile",
    "prepare",
    "publish",
    "read",
    "record_package",
    "stats",
    "unflatten",
    "validate",
]
