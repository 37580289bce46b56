"""Errors as data: every error kind maps to its edca exception with code, file, line, column,
pointer and message; every file of ../shared/fixtures/bad-input/ behaves as the CLI does (the
CLI's exit status decides); processes that cannot be merged are reported one by one."""

import json

import pytest

import edca


def test_syntax_error_has_a_position(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"releases": [\n  {"ocid": "o", "date": "2024",}\n]}')
    with pytest.raises(edca.ReadError) as caught:
        edca.compile(path)
    error = caught.value
    assert error.code == "read.syntax"
    assert error.file == str(path)
    assert error.line == 2 and error.column and error.column > 1
    assert error.errors()[0]["code"] == "read.syntax"
    assert isinstance(error, edca.EdcaError)


def test_missing_file_and_empty_input(tmp_path):
    with pytest.raises(edca.ReadError) as caught:
        edca.compile(tmp_path / "missing.json")
    assert caught.value.code == "read.io"
    with pytest.raises(edca.ReadError) as caught:
        edca.compile(b"   ")
    assert caught.value.code == "read.empty"


def test_a_release_without_date_is_left_out_and_reported():
    """As the CLI does (keep going): the release is left out, the others merged, the finding raised."""
    with pytest.raises(edca.EdcaError, match="date") as caught:
        edca.compile([{"ocid": "o", "id": "1", "date": "2024"}, {"ocid": "o", "id": "2"}])
    assert [r["id"] for r in caught.value.results] == ["o-2024"]
    assert caught.value.errors()[0]["release_id"] == "2"


def test_not_a_release():
    with pytest.raises(edca.EdcaError) as caught:
        edca.compile([{"id": "x"}], lang="en")
    assert "neither a release" in caught.value.message
    assert caught.value.results == []


def test_a_process_that_cannot_merge_costs_no_other():
    """Decided by the merge rules (and ocdsmerge's TypeError): an `id` that is an object cannot
    identify an array entry."""
    releases = [
        {"ocid": "good-1", "id": "1", "date": "2024-01-01", "tender": {"title": "A"}},
        {"ocid": "bad", "id": "1", "date": "2024-01-01"},
        {"ocid": "bad", "id": "2", "date": "2024-01-02", "awards": [{"id": {"n": 1}}]},
        {"ocid": "good-2", "id": "1", "date": "2024-01-02"},
    ]
    with pytest.raises(edca.MergeError) as caught:
        edca.compile(releases)
    error = caught.value
    assert [r["ocid"] for r in error.results] == ["good-1", "good-2"]
    assert [e["ocid"] for e in error.errors()] == ["bad"]
    assert error.code == "merge.unhashable_id"
    assert error.pointer == "/awards/0"
    streamed = []
    with pytest.raises(edca.MergeError) as caught:
        for compiled in edca.iter_compile(releases):
            streamed.append(compiled["ocid"])
    assert streamed == ["good-1", "good-2"]
    assert caught.value.errors()[0]["release_id"] == "2"


def test_inconsistent_type_names_the_pointer():
    releases = [
        {"ocid": "o", "id": "1", "date": "2024-01-01", "tender": {"title": "A"}},
        {"ocid": "o", "id": "2", "date": "2024-01-02", "tender": "not an object"},
        {"ocid": "o", "id": "3", "date": "2024-01-03", "tender": {"title": {"x": 1}}},
    ]
    try:
        edca.compile(releases)
    except edca.MergeError as error:
        assert error.code.startswith("merge.")
        assert error.errors()[0]["ocid"] == "o"


def test_config_errors(tmp_path):
    with pytest.raises(edca.ConfigError):
        edca.compile([], arrays="sideways")
    with pytest.raises(edca.ConfigError):
        edca.validate(b"{}", lang="fr")
    with pytest.raises(edca.ConfigError) as caught:
        edca.indices(b'{"ocid": "o"}', config={"no_such_family": {}})
    assert caught.value.code == "config.invalid"
    with pytest.raises(edca.ConfigError):
        edca.indices(b'{"ocid": "o"}', config=tmp_path / "missing.toml")
    with pytest.raises(edca.ConfigError):
        edca.Profile("ocds-9")
    with pytest.raises(edca.ConfigError):
        edca.Profile(extensions=["https://example.com/unknown/extension.json"])
    assert isinstance(edca.ConfigError("x"), ValueError)


def test_validation_error_lists_the_error_groups():
    report = edca.validate({"version": "1.1", "releases": [{"ocid": "o"}]}, lang="en")
    assert not report.valid
    with pytest.raises(edca.ValidationError) as caught:
        report.raise_for_errors()
    codes = {e["code"] for e in caught.value.errors()}
    assert "schema.required" in codes


def test_bad_input_fixtures(shared, cli):
    folder = shared / "fixtures" / "bad-input"
    files = sorted(p for p in folder.iterdir() if p.suffix == ".json")
    assert files
    for path in files:
        done = cli("compile", path, check=False)
        if done.returncode == 0:
            assert edca.compile(path) == [json.loads(line) for line in done.stdout.splitlines()], path
        else:
            with pytest.raises(edca.EdcaError) as caught:
                edca.compile(path)
            assert caught.value.file is None or caught.value.file.endswith(path.name), path
            assert caught.value.message, path
        # Validation never raises on bad data: it reports (the CLI's report decides).
        want = json.loads(cli("validate", "--format", "json", path, check=False).stdout)
        assert edca.validate(path).to_dict() == want, path
