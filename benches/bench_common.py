"""What the comparison scripts share: timing a command with its peak RSS (GNU time), best of N,
and the generated bulk-download package of issue 11.

The big package: `edca-generate --bulk --processes 20000 --package` (one release package, one
`releases` array of about 67,000 releases of 20,000 processes, 1–6 releases each, repeated ids,
ids mixing numbers and strings, nulls that delete fields: about 82 MB), the same releases as JSON
lines (`big.jsonl`), and the variant libcoveocds can read (`--no-mixed-ids`).
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"  # GNU time (Debian package `time`)
# The release binaries: `cargo build --release -p edca-cli -p edca-benches` puts them in
# target/release; scripts/test-all's build (host triple named) sets EDCA_BIN_DIR to its folder.
RELEASE = Path(os.environ.get("EDCA_BIN_DIR", ROOT / "target" / "release"))
GENERATE = RELEASE / "edca-generate"


def need_gnu_time():
    if not os.access(TIME, os.X_OK):
        sys.exit(f"{TIME} is needed to measure peak memory (apt-get install time)")


def run(command, stdin_path=None, env=None, ok=(0,)):
    """Runs a command, returns (seconds, peak RSS in MiB, standard output as bytes).

    The peak RSS is read by GNU time: a child of this Python process would report at least this
    process's own RSS (Linux keeps the high-water mark across fork and exec).
    """
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss, \
            open(stdin_path or os.devnull, "rb") as stdin:
        start = time.perf_counter()
        result = subprocess.run([TIME, "-f", "%M", "-o", rss.name, *map(str, command)], stdin=stdin, stdout=out,
                                stderr=subprocess.PIPE, env=env)
        seconds = time.perf_counter() - start
        if result.returncode not in ok:
            sys.exit(f"failed ({result.returncode}): {' '.join(map(str, command))}\n"
                     f"{result.stderr.decode(errors='replace')[-2000:]}")
        out.seek(0)
        return seconds, int(rss.read().split()[-1]) / 1024, out.read()


def best(command, repeat, **kwargs):
    """The fastest of `repeat` runs."""
    runs = [run(command, **kwargs) for _ in range(max(1, repeat))]
    return min(runs, key=lambda r: r[0])


def generate(folder, processes=20000, seed=2026, generate_bin=GENERATE):
    """Writes the big package, its JSON lines and the libcoveocds variant into `folder`."""
    folder = Path(folder)
    files = {
        "package": (folder / "big.json", ["--package"]),
        "lines": (folder / "big.jsonl", []),
        "cove": (folder / "big-cove.json", ["--package", "--no-mixed-ids"]),
    }
    for path, options in files.values():
        if not path.exists():
            subprocess.run([generate_bin, "--bulk", "--seed", str(seed), "--processes", str(processes), *options,
                            path], check=True, capture_output=True)
    return {name: path for name, (path, _) in files.items()}


def table(rows, columns):
    """Prints rows (name, values...) under `columns` (header, format) pairs."""
    print(f"{'':<44}" + "".join(f"{header:>{max(len(header) + 2, 10)}}" for header, _ in columns))
    for name, *values in rows:
        cells = "".join(f"{format(v, fmt) if v is not None else '-':>{max(len(h) + 2, 10)}}"
                        for (h, fmt), v in zip(columns, values))
        print(f"{name:<44}{cells}")
