"""Outputs equal json.loads of the CLI's output on a sample of the shared corpus (compile,
compile --versioned, compile --package, validate --format json, indices, stats): the CLI,
itself checked against ocdskit, libcoveocds and Cardinal by tests/oracle, decides."""

import json
import warnings

import pytest

import edca
from conftest import corpus_sample, jsonl, same_order


@pytest.fixture(scope="module")
def sample(shared):
    files = corpus_sample(shared, {"release package", "release", "record package"}, 24)
    assert files
    return files


def test_compile(cli, sample):
    checked = 0
    for path in sample:
        for flags in ([], ["--versioned"]):
            done = cli("compile", *flags, path)
            if done.returncode != 0:
                with pytest.raises(edca.EdcaError):
                    edca.compile(path, versioned=bool(flags))
                continue
            want = jsonl(done.stdout.decode())
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                got = edca.compile(path, versioned=bool(flags))
            assert len(got) == len(want), path
            assert all(same_order(g, w) for g, w in zip(got, want)), path
            assert [*edca.iter_compile(path, versioned=bool(flags))] == got, path
            checked += 1
    assert checked >= len(sample)


def test_record_package(cli, sample):
    for path in sample[:8]:
        done = cli("compile", "--package", "--linked-releases", "--versioned", path)
        if done.returncode != 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = edca.record_package(path, linked_releases=True, versioned=True)
        assert same_order(got, json.loads(done.stdout)), path


def test_validate(cli, sample):
    for path in sample[:10]:
        for lang in ("es", "en"):
            want = json.loads(cli("validate", "--format", "json", "--lang", lang, path).stdout)
            report = edca.validate(path, lang=lang)
            assert report.to_dict() == want, path
            assert report.valid == want["valid"]
            assert report.summary == want["summary"]
            assert json.loads(report.to_json()) == want


def test_indices_and_stats(cli, sample):
    for path in sample[:6]:
        done = cli("indices", path)
        want = json.loads(done.stdout)
        got = edca.indices(path)
        assert got.to_dict() == want, path
        csv_rows = done_csv = cli("indices", "--format", "csv", path).stdout.decode().splitlines()[1:]
        assert len(got) == len(done_csv), path
        assert edca.stats(path) == json.loads(cli("stats", "--format", "json", path).stdout), path
        del csv_rows
