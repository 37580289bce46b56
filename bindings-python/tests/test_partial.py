"""`edca.IndicesPartial`: shares of a dataset, compiled and scored apart at their places, combine
into the report `edca.indices` gives on the whole (which the CLI and the reference oracles decide
elsewhere); bytes round-trip; wrong input raises `ConfigError` naming what is wrong."""

import json

import pytest

import edca
from conftest import ROOT

DATA = ROOT / "examples" / "data"
CONFIG = DATA / "inputs" / "indices.toml"


def placed_releases(files):
    """(place, ocid, text) of every release, in the order edca reads the files."""
    out = []
    for n, path in enumerate(files):
        for position, text in enumerate(edca.read(path, text=True)):
            out.append((n << 32 | position, json.loads(text)["ocid"], text))
    return out


def share(releases, config):
    partial = edca.IndicesPartial(config)
    places = {}
    for place, ocid, _ in releases:
        places.setdefault(ocid, place)
    merged = partial.compile("\n".join(text for _, _, text in releases).encode(), places)
    return partial, merged


def test_shares_combine_into_the_whole():
    files = sorted((DATA / "jalisco").glob("*.json")) + sorted((DATA / "cdmx").glob("OCDS-*.json"))
    releases = placed_releases(files)
    ocids = sorted({ocid for _, ocid, _ in releases})
    assert len(ocids) == 4
    left, merged_left = share([r for r in releases if r[1] in ocids[::2]], CONFIG)
    right, merged_right = share([r for r in releases if r[1] in ocids[1::2]], CONFIG)
    assert sorted(o for o, _, _ in merged_left + merged_right) == ocids
    compiled = {o: json.loads(c) for o, c, _ in merged_left + merged_right}
    assert compiled == {r["ocid"]: r for r in edca.compile(files)}
    # Through bytes, combined in the other order.
    combined = edca.IndicesPartial.from_bytes(right.to_bytes(), CONFIG)
    combined.combine(edca.IndicesPartial.from_bytes(left.to_bytes(), CONFIG))
    assert combined.processes == 4 and left.processes == 2
    assert combined.finish().to_dict() == edca.indices(files, config=CONFIG).to_dict()


def test_add_reads_releases_and_records_at_their_places():
    records = [r for r in edca.read(DATA / "nuevo-leon")]
    partial = edca.IndicesPartial()
    for place, record in reversed(list(enumerate(records))):
        partial.add(json.dumps(record), place=place)
    assert partial.finish().to_dict() == edca.indices(DATA / "nuevo-leon").to_dict()
    assert edca.IndicesPartial.is_process({"ocid": "x", "tag": ["compiled"]})
    assert not edca.IndicesPartial.is_process('{"ocid": "x", "tag": ["tender"]}')


def test_a_process_that_cannot_be_merged_costs_only_itself():
    lines = [
        # Text, then an object: the reference refuses this process too.
        {"ocid": "ocds-a", "id": "1", "date": "2024-01-01", "tag": ["tender"], "tender": "x"},
        {"ocid": "ocds-a", "id": "2", "date": "2024-02-01", "tag": ["tender"], "tender": {"title": "t"}},
        {"ocid": "ocds-b", "id": "1", "date": "2024-01-01", "tag": ["tender"], "tender": {"id": "t"}},
    ]
    partial = edca.IndicesPartial(lang="en")
    merged = partial.compile([dict(line) for line in lines], {"ocds-a": 0, "ocds-b": 2})
    assert [ocid for ocid, _, _ in merged] == ["ocds-b"]
    [failed] = partial.failed
    assert failed["ocid"] == "ocds-a" and failed["pointer"] == "/tender"
    assert partial.processes == 1


def test_wrong_input_is_a_config_error():
    partial = edca.IndicesPartial()
    with pytest.raises(edca.ConfigError, match="no place for ocid"):
        partial.compile([{"ocid": "ocds-z", "id": "1", "date": "2024-01-01", "tag": ["tender"]}], {})
    assert partial.processes == 0
    with pytest.raises(edca.ConfigError, match="not partial indices"):
        edca.IndicesPartial.from_bytes(b"{not json")
    only_budget = {"families": ["budget"]}
    with pytest.raises(edca.ConfigError, match="families"):
        edca.IndicesPartial.from_bytes(edca.IndicesPartial(only_budget).to_bytes())
    with pytest.raises(edca.ConfigError, match="families"):
        partial.combine(edca.IndicesPartial(only_budget))
