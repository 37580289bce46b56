"""An analyst's path through a publisher's bulk data, from files to a chart.

    python examples/python/analista.py [DATA_FOLDER] [OUT_FOLDER]

1. reads the bulk files (release packages, record packages, a folder of them);
2. merges them into one record per contracting process (a record package);
3. validates the files: findings as a table;
4. computes the indicators and takes competition per buyer as a DataFrame;
5. saves a bar chart of the direct-award share per buyer (PNG, if matplotlib is installed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import edca

ROOT = Path(__file__).resolve().parents[2]


def main(data: Path, out: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)

    # 1-2. Records: one per process, its releases and its compiled release.
    package = edca.record_package(data)
    records: list[dict[str, Any]] = package["records"]
    print(f"{len(records)} procesos; primer ocid: {records[0]['ocid']}")

    # 3. Validation: one row per group of findings (Spanish messages by default).
    report = edca.validate(data)
    print(f"válido: {report.valid}; resumen: {report.summary}")
    findings = report.findings()
    try:
        table = findings.to_pandas()  # pandas is optional
        print(table[["severity", "code", "path", "count"]].head(10).to_string(index=False))
    except ImportError:
        print(findings.to_pydict()["code"][:10])

    # 4. Indicators per buyer.
    indices = edca.indices(data, config=data / "inputs" / "indices.toml")
    buyers = indices.table("competition", "buyer")
    columns = buyers.to_pydict()
    shares = {
        buyer: value
        for buyer, indicator, value in zip(columns["id"], columns["indicator"], columns["value"])
        if indicator == "direct_share_count.value" and value is not None
    }
    print(f"compradores con participación de adjudicación directa: {len(shares)}")

    # 5. A chart, if matplotlib is there.
    chart = None
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib no está instalado: sin gráfica")
    else:
        figure, axes = plt.subplots(figsize=(6, 3))
        axes.barh(list(shares), list(shares.values()))
        axes.set_xlabel("adjudicaciones directas / procesos")
        axes.set_xlim(0, 1)
        figure.tight_layout()
        chart = out / "adjudicacion-directa.png"
        figure.savefig(chart)
        print(f"gráfica: {chart}")
    return {"records": len(records), "valid": report.valid, "buyers": len(shares), "chart": chart}


if __name__ == "__main__":
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "data"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "target" / "analista"
    result = main(data, out)
    if result["records"] == 0 or result["buyers"] == 0:
        sys.exit("no records or no buyers: the example data did not go through")
