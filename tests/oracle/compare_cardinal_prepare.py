"""Differential test: `edca prepare` against Cardinal's `ocdscardinal prepare` (cardinal-rs b04158a),
byte for byte: the corrected JSON lines and the issues CSV.

Inputs: the compiled releases of every file under `shared/data/real` (`edca compile`, file by
file), and 5,000 generated releases that exercise each rule (number ids, objects for arrays,
zero and placeholder amounts, unknown codes, auctions, contracts' statuses, odd types). Each runs
with no settings, every `prepare` setting, and a few. Generated `ocid`s are text or absent, and
bids and awards objects: on other values Cardinal stops or panics (see docs/indices.md).

Cardinal is not on a registry: build it from its source (`cargo build --release
--no-default-features --bin ocdscardinal` in a checkout of open-contracting/cardinal-rs) and pass
the binary with --cardinal or CARDINAL=...; without it this script says so and skips.

usage: python tests/oracle/compare_cardinal_prepare.py [--cardinal PATH] [--edca target/debug/edca] [--shared ../shared]
Exits non-zero on any difference.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SETTINGS = {
    "none": None,
    "every": """[defaults]
currency = USD
item_classification_scheme = UNSPSC
bid_status = valid
award_status = active
party_roles = true
[redactions]
amount = 0|99999999
organization_id = placeholder|0
[corrections]
award_status_by_contract_status = true
[modifications]
move_auctions = true
prefix_buyer_or_procuring_entity_id = DO-UC-
prefix_tenderer_or_supplier_id = DO-RPE-
split_procurement_method_details = -
[codelists.bid_status]
Qualified = valid
InTreatment = pending
[codelists.award_status]
Active = active
""",
    "some": """[codelists.bid_status]
Qualified = valid
[redactions]
amount = 99999999
organization_id = placeholder
[modifications]
prefix_tenderer_or_supplier_id = DO-RPE-
""",
}


def generated(count, seed=7):
    rng = random.Random(seed)
    pick = rng.choice

    def ident():
        return pick([1, 2, "1", "2", "DO-RPE-1", "DO-UC-2", 0, "0", "placeholder", 3.0, "x,y", None])

    def ref():
        out = {"id": ident()} if rng.random() < 0.9 else {}
        if rng.random() < 0.3:
            out["name"] = "n"
        return out

    def refs():
        return pick([[ref() for _ in range(rng.randint(0, 3))], ref(), "x", None])

    def items():
        def classification():
            out = {"id": pick([1, "10", 2.5, "42000000"])}
            if rng.random() < 0.4:
                out["scheme"] = "UNSPSC"
            return out

        return [pick([{"classification": classification()}, {"id": 1}, {"classification": "x"}, {}]) for _ in range(rng.randint(0, 2))]

    def value():
        out = {}
        if rng.random() < 0.2:
            out["x"] = 1
        if rng.random() < 0.8:
            out["amount"] = pick([0, 0.0, 1, 99999999, 99999999.0, 5.5, "3", -0.0])
        if rng.random() < 0.5:
            out["currency"] = pick(["USD", "MXN", None])
        return out

    def bid():
        out = {}
        if rng.random() < 0.3:
            out["id"] = pick([1, "b"])
        if rng.random() < 0.7:
            out["value"] = pick([value(), value(), "x"])
        if rng.random() < 0.4:
            out["items"] = items()
        if rng.random() < 0.7:
            out["status"] = pick(["valid", "Qualified", "InTreatment", "bogus", "disqualified", None, 3, 'a,"b"'])
        if rng.random() < 0.7:
            out["tenderers"] = refs()
        return out

    def award():
        out = {}
        if rng.random() < 0.8:
            out["id"] = pick([1, 2, "1", "2", "a"])
        if rng.random() < 0.7:
            out["status"] = pick(["active", "Active", "cancelled", "bogus", None, ""])
        if rng.random() < 0.5:
            out["items"] = items()
        if rng.random() < 0.7:
            out["suppliers"] = refs()
        return out

    def party():
        out = {"id": ident()} if rng.random() < 0.9 else {}
        if rng.random() < 0.6:
            out["roles"] = pick([["buyer"], ["custom", "tenderer"], [], [1, "supplier"], "x"])
        return out

    for i in range(count):
        release = {}
        if rng.random() < 0.9:
            release["ocid"] = pick([f"ocds-{i}", f"ocds,{i}", f'o"q{i}', None])
        if rng.random() < 0.7:
            release["parties"] = pick([[party() for _ in range(rng.randint(0, 4))], party()])
        if rng.random() < 0.6:
            release["buyer"] = ref()
        if rng.random() < 0.7:
            tender = {}
            if rng.random() < 0.6:
                tender["procuringEntity"] = ref()
            if rng.random() < 0.6:
                tender["procurementMethodDetails"] = pick(["first - second", "alone", "a-b-c", 5])
            release["tender"] = tender
        if rng.random() < 0.3:
            stages = [pick([{"id": s, "bids": [bid(), bid()]}, {"id": s}, {"bids": "x"}]) for s in range(2)]
            release["auctions"] = [{"stages": stages}]
        if rng.random() < 0.6:
            release["bids"] = pick([{"details": [bid() for _ in range(rng.randint(0, 4))]}, {"details": "x"}, []])
        if rng.random() < 0.7:
            release["awards"] = [award() for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.5:
            contracts = [{"awardID": pick([1, 2, "1", "2", "a"]), "status": pick(["cancelled", "active", None])}]
            release["contracts"] = contracts * rng.randint(0, 2)
        yield json.dumps(release, separators=(",", ":"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cardinal", default=os.environ.get("CARDINAL"))
    parser.add_argument("--edca", default=str(ROOT / "target" / "debug" / "edca"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args()
    if not args.cardinal:
        print("skipped: no Cardinal binary (pass --cardinal or set CARDINAL)")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs = {"generated": tmp / "generated.jsonl"}
        inputs["generated"].write_text("".join(line + "\n" for line in generated(5000)))
        real = Path(args.shared) / "data" / "real"
        if real.is_dir():
            inputs["real"] = tmp / "real.jsonl"
            with inputs["real"].open("wb") as out:
                for path in sorted(p for p in real.rglob("*") if p.suffix in {".json", ".jsonl", ".gz"}):
                    out.write(subprocess.run([args.edca, "compile", str(path)], capture_output=True).stdout)
        runs = failures = 0
        for name, data in inputs.items():
            for label, text in SETTINGS.items():
                cardinal = [args.cardinal, "prepare", "-o", str(tmp / "c.out"), "-e", str(tmp / "c.csv")]
                edca = [args.edca, "prepare", "--output-issues", str(tmp / "e.csv")]
                if text is not None:
                    (tmp / "settings.ini").write_text(text)
                    cardinal += ["-s", str(tmp / "settings.ini")]
                    edca += ["--settings", str(tmp / "settings.ini")]
                subprocess.run(cardinal + [str(data)], check=True, capture_output=True, env={**os.environ, "RAYON_NUM_THREADS": "1"})
                with (tmp / "e.out").open("wb") as out:
                    subprocess.run(edca + [str(data)], check=True, stdout=out, stderr=subprocess.DEVNULL)
                same_out = (tmp / "c.out").read_bytes() == (tmp / "e.out").read_bytes()
                same_csv = (tmp / "c.csv").read_bytes() == (tmp / "e.csv").read_bytes()
                lines = (tmp / "e.out").read_bytes().count(b"\n")
                rows = (tmp / "e.csv").read_bytes().count(b"\n")
                print(f"{name:9} {label:5} {lines:6} releases {'same' if same_out else 'DIFFERENT'}, "
                      f"{rows:6} issues {'same' if same_csv else 'DIFFERENT'}")
                runs += 1
                failures += not (same_out and same_csv)
    print(f"{runs - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
