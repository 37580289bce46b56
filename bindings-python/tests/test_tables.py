"""Tables through the Arrow PyCapsule interface: shapes and dtypes in pyarrow, pandas and
polars (the report's own rows decide: the CSV of `edca indices` has as many rows)."""

import pytest

import edca
from conftest import SAMPLES


@pytest.fixture(scope="module")
def indices():
    return edca.indices(SAMPLES, config=SAMPLES / "inputs" / "indices.toml")


@pytest.fixture(scope="module")
def report():
    return edca.validate(SAMPLES, lang="en")


def test_pyarrow(indices, report):
    pa = pytest.importorskip("pyarrow")
    table = pa.table(indices)
    assert table.num_rows == len(indices)
    assert table.schema.names == ["family", "level", "id", "indicator", "value", "text"]
    assert table.schema.field("value").type == pa.float64()
    buyers = pa.table(indices.table("competition", "buyer"))
    assert buyers.num_rows > 0 and set(buyers.column("level").to_pylist()) == {"buyer"}
    findings = pa.table(report)
    assert findings.num_rows == len(report.groups())
    assert findings.schema.field("count").type == pa.uint64()


def test_pandas(indices, report):
    pytest.importorskip("pandas")
    frame = indices.table(level="buyer").to_pandas()
    assert list(frame.columns) == ["family", "level", "id", "indicator", "value", "text"]
    assert str(frame["value"].dtype) == "float64"
    assert (frame["level"] == "buyer").all()
    findings = report.findings().to_pandas()
    assert len(findings) == len(report.groups())
    assert findings["count"].sum() == sum(report.summary.values())


def test_polars(indices):
    pl = pytest.importorskip("polars")
    frame = indices.table().to_polars()
    assert frame.shape == (len(indices), 6)
    assert frame.schema["value"] == pl.Float64
    assert pl.DataFrame(indices).shape == frame.shape


def test_without_third_party_packages(indices, report):
    columns = indices.table().to_pydict()
    assert len(columns["family"]) == len(indices)
    assert "<pre>" in report._repr_html_()
    assert "<table>" in indices._repr_html_()
    assert report.findings().column_names[:3] == ["section", "code", "severity"]


def test_profile():
    profile = edca.Profile()
    assert profile.version == "1.1" and profile.extensions
    assert edca.Profile("ocds-1.0").version == "1.0"
    assert "properties" in profile.release_schema()
