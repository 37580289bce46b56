"""The docstrings' examples run (edca's module docstring and README's walk-through)."""

import doctest

import edca


def test_module_docstring():
    result = doctest.testmod(edca, verbose=False)
    assert result.attempted >= 3 and result.failed == 0
