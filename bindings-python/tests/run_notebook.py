"""Executes examples/python/analista.ipynb as an analyst would open it (from its folder), so
the walk-through cannot rot: any cell that raises fails the run."""

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
notebook = ROOT / "examples" / "python" / "analista.ipynb"
out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "target" / "analista").resolve()
out.mkdir(parents=True, exist_ok=True)
os.environ["EDCA_OUT"] = str(out)
nb = nbformat.read(notebook, as_version=4)
NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}).execute()
assert (out / "adjudicacion-directa.png").exists(), "the notebook saved no chart"
print(f"notebook: {len(nb.cells)} cells ran")
