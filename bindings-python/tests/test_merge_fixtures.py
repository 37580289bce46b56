"""The reference implementation's merge fixtures (../shared/fixtures/ocds-merge/, ocdsmerge's
own test data) through edca.compile: the fixture's expected output decides."""

import json
import warnings

import pytest

import edca
from conftest import same_order

CASES = [("1.1", "release-schema-1__1__4.json"), ("1.0", "release-schema-1__0__3.json"), ("schema", "schema.json")]


def cases(shared):
    root = shared / "fixtures" / "ocds-merge"
    for folder, schema in CASES:
        for path in sorted((root / folder).glob("*.json")):
            name = path.stem
            if any(name.endswith(s) for s in ("-compiled", "-versioned", "-append", "-by-position")):
                continue
            for kind in ("compiled", "versioned"):
                expected = root / folder / f"{name}-{kind}.json"
                if expected.exists():
                    yield root / schema, path, kind == "versioned", expected


def test_every_fixture(shared):
    count = 0
    for schema, path, versioned, expected in cases(shared):
        releases = json.loads(path.read_text())
        want = json.loads(expected.read_text())
        got = edca.compile(releases, schema=schema, versioned=versioned)
        assert len(got) == 1, path
        assert same_order(got[0], want), f"{path.name} versioned={versioned}\n{got[0]}\n{want}"
        count += 1
    assert count == 50


@pytest.mark.parametrize("strategy", ["append", "by-position"])
def test_array_overrides_equal_the_cli(shared, cli, tmp_path, strategy):
    """The reference's rule overrides for every array (`arrays=`, the CLI's `--arrays`): the
    CLI's output on the fixtures with duplicate and missing ids decides."""
    root = shared / "fixtures" / "ocds-merge" / "schema"
    for fixture in ("identifier-merge-duplicate-id.json", "identifier-merge-no-id.json"):
        path = tmp_path / fixture
        path.write_text(json.dumps(json.loads((root / fixture).read_text()) * 2))
        want = [json.loads(line) for line in cli("compile", "--arrays", strategy, "--schema", root.parent / "schema.json", path).stdout.splitlines()]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", edca.MergeWarning)
            got = edca.compile(path, schema=root.parent / "schema.json", arrays=strategy)
        assert got == want and want, fixture
