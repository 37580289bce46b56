"""The exceptions of edca: errors as data (``.code``, ``.file``, ``.line``, ``.column``,
``.pointer``, ``.message`` of the first error; ``.errors()`` lists every one as a dict)."""

from __future__ import annotations

from typing import Any, Optional


class EdcaError(Exception):
    """Base class of every error edca raises."""

    code: str
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    pointer: Optional[str]
    message: str

    def __init__(self, message: str, errors: "list[dict[str, Any]] | None" = None) -> None:
        super().__init__(message)
        self._errors = list(errors or [])
        first = self._errors[0] if self._errors else {}
        self.code = first.get("code", "edca")
        self.file = first.get("file")
        self.line = first.get("line")
        self.column = first.get("column")
        self.pointer = first.get("pointer")
        self.message = message

    def errors(self) -> "list[dict[str, Any]]":
        """Every error, as dicts with ``code``, ``file``, ``line``, ``column``, ``pointer``,
        ``ocid``, ``release_id`` and ``message``."""
        return [dict(error) for error in self._errors]


class ReadError(EdcaError):
    """The input cannot be read: not JSON, not OCDS-shaped, a missing file..."""


class MergeError(EdcaError):
    """Processes that cannot be merged; ``.errors()`` has one entry per process and
    ``.results`` (for ``compile`` and ``record_package``) what the others gave."""

    results: Any = None


class ValidationError(EdcaError):
    """Raised by ``Report.raise_for_errors()``: one entry per group of errors."""


class ConfigError(EdcaError, ValueError):
    """An option, schema, profile, configuration or settings file that cannot be used."""


class MergeWarning(UserWarning):
    """Something the merge noticed and went on with (as the reference implementation warns)."""


class ReadWarning(UserWarning):
    """Something the reader read past (a member written twice) or skipped (a value that could
    not be read; the reader went on after it)."""
