"""`edca.flatten` and `edca.unflatten`: the CLI decides (`edca flatten` / `edca unflatten`, which
tests/oracle/compare_flatten.py holds equal to flatten-tool 0.28.0): the same tables, columns and
cells, the same releases and the same issues; then the DataFrame side and the bad inputs."""

import csv
import json
from decimal import Decimal

import pytest

import edca
from conftest import SAMPLES


def read_csv_folder(folder):
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        tables[path.stem] = (rows[0], rows[1:])
    return tables


def cell_text(value):
    """A cell of the binding as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return value


@pytest.mark.parametrize("headers", ["path", "es"])
def test_flatten_equals_the_cli(cli, tmp_path, headers):
    cli("flatten", "-o", tmp_path / "csv", "--headers", headers, SAMPLES)
    expected = read_csv_folder(tmp_path / "csv")
    tables = edca.flatten(SAMPLES, headers=headers)
    assert sorted(tables) == sorted(expected)
    for name, (head, rows) in expected.items():
        table = tables[name]
        assert table.column_names == head, name
        assert table.num_rows == len(rows), name
        columns = table.to_pydict()
        for n, header in enumerate(head):
            ours = columns[header]
            theirs = [row[n] if n < len(row) else "" for row in rows]
            if all(isinstance(v, float) or v is None for v in ours) and any(v is not None for v in ours):
                # A numeric column: the same numbers (the CSV keeps them as written).
                assert ours == [float(v) if v != "" else None for v in theirs], (name, header)
            else:
                assert [cell_text(v) for v in ours] == theirs, (name, header)


def test_cli_parquet_equals_its_csv(cli, tmp_path):
    """`edca flatten --format parquet`, read by pyarrow (an independent Parquet reader), holds
    the CSV's tables and cells: numbers typed int64/float64 only where nothing is rounded."""
    pq = pytest.importorskip("pyarrow.parquet")
    cli("flatten", "-o", tmp_path / "csv", SAMPLES)
    cli("flatten", "-o", tmp_path / "pq", "--format", "parquet", SAMPLES)
    expected = read_csv_folder(tmp_path / "csv")
    files = {p.stem: p for p in (tmp_path / "pq").glob("*.parquet")}
    assert sorted(files) == sorted(expected)
    kinds = set()
    for name, (head, rows) in expected.items():
        table = pq.read_table(files[name])
        assert table.column_names == head, name
        assert table.num_rows == len(rows), name
        for n, column in enumerate(table.columns):
            kind = str(column.type)
            kinds.add(kind)
            theirs = [row[n] if n < len(row) else "" for row in rows]
            ours = column.to_pylist()
            if kind in ("int64", "double"):
                # The CSV keeps the number as written; the typed column is that number exactly.
                parse = int if kind == "int64" else float
                assert ours == [parse(v) if v != "" else None for v in theirs], (name, head[n])
                if kind == "double":
                    # Nothing rounded: the double prints back as the value written (1.50 → 1.5).
                    assert all(v == "" or Decimal(v) == Decimal(repr(float(v))) for v in theirs), (name, head[n])
            else:
                assert kind in ("string", "large_string", "bool"), (name, head[n], kind)
                assert [cell_text(v) for v in ours] == theirs, (name, head[n])
    assert {"int64", "double", "string"} <= kinds, kinds


def test_flatten_compiled_gives_one_main_row_per_ocid(cli):
    tables = edca.flatten(SAMPLES, compiled=True)
    ocids = {line.strip() for line in cli("compile", SAMPLES).stdout.decode().splitlines() if line.strip()}
    assert tables["main"].num_rows == len(ocids)


def test_tables_are_dataframes():
    pd = pytest.importorskip("pandas")
    tables = edca.flatten(SAMPLES)
    frame = tables["main"].to_pandas()
    assert list(frame.columns) == tables["main"].column_names
    amounts = [c for c in frame.columns if c.endswith("/amount")]
    assert amounts and all(pd.api.types.is_float_dtype(frame[c]) for c in amounts)


def test_unflatten_equals_the_cli(cli, tmp_path):
    folder = tmp_path / "csv"
    cli("flatten", "-o", folder, SAMPLES)
    done = cli("unflatten", "--package", "--json-report", folder)
    package, issues = edca.unflatten(folder, package=True)
    assert package == json.loads(done.stdout)
    expected = [json.loads(line) for line in done.stderr.decode().splitlines() if line.startswith("{")]
    assert issues.num_rows == len(expected)
    releases, _ = edca.unflatten(folder)
    assert releases == package["releases"]


def test_unflatten_reports_each_normalised_cell(tmp_path):
    folder = tmp_path / "typed"
    folder.mkdir()
    (folder / "main.csv").write_text(
        "ocid,id,date,tender/value/amount,buyer/name\n"
        "ocds-1,1,15/01/2024,\"$1,500.50\",  Municipio  \n",
        encoding="utf-8",
    )
    [release], issues = edca.unflatten(folder, utc_offset="-06:00", lang="en")
    assert release["tender"]["value"]["amount"] == 1500.5
    assert release["date"] == "2024-01-15T00:00:00-06:00"
    rows = issues.to_pydict()
    assert set(rows["sheet"]) == {"main"} and set(rows["severity"]) == {"warning"}
    assert {"C", "D", "E"} <= set(rows["column"])
    assert all(rows["message"])


def test_bad_inputs_are_typed_errors(tmp_path):
    with pytest.raises(edca.EdcaError) as caught:
        edca.unflatten(tmp_path / "missing.xlsx")
    assert caught.value.code.startswith("tables.")
    with pytest.raises(edca.ConfigError):
        edca.unflatten(tmp_path, utc_offset="-6")
    with pytest.raises(edca.ConfigError):
        edca.flatten(SAMPLES, headers="titles")
    bad = tmp_path / "bad.jsonl"
    good = '{"ocid": "ocds-%d", "id": "1", "date": "2024-01-01T00:00:00Z"}\n'
    bad.write_text(good % 1 + '{"ocid": }\n' + good % 2)
    with pytest.raises(edca.ReadError) as caught:
        edca.flatten(bad)
    # The good releases are not lost: their tables come with the error, which says where.
    assert caught.value.results["main"].num_rows == 2
    assert caught.value.errors()[0]["line"] == 2
