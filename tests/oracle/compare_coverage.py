"""Differential test: the field coverage of `edca indices` (families = ["coverage"]) against
`ocdscardinal.coverage()` (ocdscardinal 0.0.8, Python bindings of OCP's Cardinal) on the compiled
releases of every file of the shared corpus.

Each file of the corpus (release and record packages, releases, records, arrays of them) is
compiled by `edca compile`; its compiled releases, one JSON line each, are written to a file
that both sides read: Cardinal counts the lines of that file, edca reads the same file through
its reader. The two dictionaries of path → count are compared whole. Files that `edca compile`
refuses (two OCDS examples whose releases have no `date`) are counted and listed, as are files
that compile to no release (records that only link their releases, where Cardinal must then
count nothing); neither has counts to compare.

Every file of the corpus is compared (no subset): a file takes two short runs of edca, so the
files are spread over a pool of workers, one per core.

usage: python tests/oracle/compare_coverage.py [--edca target/debug/edca] [--shared ../shared]
Exits non-zero on any difference.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ocdscardinal

from corpus import manifest

ROOT = Path(__file__).resolve().parents[2]


def compare(edca, config, work, index, path):
    """None when edca and Cardinal agree on `path`'s compiled releases, else what differs."""
    compiled = Path(work) / f"{index}.jsonl"
    with open(compiled, "wb") as out:
        result = subprocess.run([edca, "compile", str(path)], stdout=out, stderr=subprocess.PIPE)
    if result.returncode != 0:
        return "refused", result.stderr.decode(errors="replace").strip()
    if compiled.stat().st_size == 0:
        # Nothing to merge (records that only link their releases): edca reads an empty input as
        # an error, Cardinal as no counts; there are no counts to compare.
        theirs = ocdscardinal.coverage(str(compiled))
        return ("empty", None) if theirs == {} else ("difference", f"no compiled release, cardinal {theirs}")
    result = subprocess.run([edca, "indices", "--config", str(config), str(compiled)], capture_output=True)
    if result.returncode != 0:
        return "difference", f"edca indices failed: {result.stderr.decode(errors='replace').strip()}"
    mine = json.loads(result.stdout)["coverage"]
    theirs = ocdscardinal.coverage(str(compiled))
    compiled.unlink()
    if mine == theirs:
        return None
    paths = sorted(mine.keys() | theirs.keys())
    differing = [f"{p}: edca {mine.get(p)}, cardinal {theirs.get(p)}" for p in paths if mine.get(p) != theirs.get(p)]
    return "difference", f"{len(differing)} paths differ, e.g. " + "; ".join(differing[:3])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edca", default=str(ROOT / "target" / "debug" / "edca"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args()
    corpus = manifest(args.shared)
    if corpus is None:
        return 0
    data, rows = corpus
    paths = [data / row["path"] for row in rows]
    with tempfile.TemporaryDirectory() as work:
        config = Path(work) / "coverage.toml"
        config.write_text('families = ["coverage"]\n')
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            outcomes = list(pool.map(lambda job: compare(args.edca, config, work, *job), enumerate(paths)))
    refused = [(p, o[1]) for p, o in zip(paths, outcomes) if o and o[0] == "refused"]
    empty = [p for p, o in zip(paths, outcomes) if o and o[0] == "empty"]
    differences = [(p, o[1]) for p, o in zip(paths, outcomes) if o and o[0] == "difference"]
    compared = len(paths) - len(refused) - len(empty)
    print(f"ocdscardinal.coverage vs edca indices (coverage): {compared} files compared, "
          f"{len(refused)} refused by edca compile, {len(empty)} compiled to no release, "
          f"{len(differences)} differences")
    for path, reason in refused[:20]:
        print(f"  refused {path.relative_to(data)}: {reason[:300]}")
    for path, reason in differences[:50]:
        print(f"  {path.relative_to(data)}: {reason[:500]}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
