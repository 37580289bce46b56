"""`edca.publish`: the CLI decides (`edca publish` with the same configuration and run time
writes the same files, byte for byte); Python objects and bytes publish like files; errors map
to `ReadError` / `ConfigError`."""

import json
import os
import subprocess

import pytest

import edca
from conftest import ROOT, cli_path

SAMPLE = ROOT / "examples" / "presupuesto-participativo"
NOW = "2026-01-15T12:00:00Z"


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_publish_writes_what_the_cli_writes(cli, tmp_path):
    env = {**os.environ, "EDCA_PUBLISH_NOW": NOW}
    run = subprocess.run(
        [str(cli_path()), "publish", "--config", SAMPLE / "edca.toml", "--out", tmp_path / "cli", SAMPLE / "releases.jsonl"],
        env=env, capture_output=True,
    )
    assert run.returncode in (0, 1), run.stderr.decode()
    summary = edca.publish(SAMPLE / "releases.jsonl", out=tmp_path / "py", config=SAMPLE / "edca.toml", now=NOW)
    want, got = tree(tmp_path / "cli" / "current"), tree(tmp_path / "py" / "current")
    assert sorted(got) == sorted(want)
    for name, data in want.items():
        if name != "index.json":  # it names the folder it indexes
            assert got[name] == data, name
    stdout = run.stdout.decode()
    assert f"procesos: {summary['processes']} publicados de {summary['processes_read']} leídos" in stdout
    assert summary["generation"] == 1 and summary["held_releases"] > 0
    assert json.loads((tmp_path / "py" / "current" / "index.json").read_text())["generation"] == 1


def test_objects_and_bytes_publish_like_files(tmp_path):
    lines = (SAMPLE / "releases.jsonl").read_text(encoding="utf-8").splitlines()
    releases = [json.loads(line) for line in lines if line.strip()]
    first = edca.publish(releases, out=tmp_path, now=NOW, lang="en")
    assert first["releases_read"] == len(releases)
    assert first["message"].startswith("published in")
    # As bytes, twice: the second time with one line unreadable, which is left out and
    # reported; every process is reused (its releases are the same bytes).
    data = "\n".join(lines).encode()
    second = edca.publish(data, out=tmp_path / "bytes", now=NOW)
    assert second["releases_read"] == len(releases)
    broken = "\n".join(lines[:5] + ['{"ocid": "ocds-x", nope}'] + lines[5:]).encode()
    third = edca.publish(broken, out=tmp_path / "bytes", now="2026-01-16T12:00:00Z")
    assert third["generation"] == 2
    assert third["left_out"] == 1
    assert third["reused"] == second["rewritten"] > 0
    assert [f["line"] for f in third["findings"] if f["code"].startswith("read.")] == [6]


def test_errors(tmp_path):
    with pytest.raises(edca.ReadError) as caught:
        edca.publish(b'{"releases": [{"ocid": "x", "id": ', out=tmp_path)
    assert caught.value.code == "publish.input"
    assert not (tmp_path / "current").exists()
    with pytest.raises(edca.ConfigError):
        edca.publish(SAMPLE / "releases.jsonl", out=tmp_path, config={"gate": "nonsense"})
