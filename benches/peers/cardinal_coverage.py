"""Field coverage with ocdscardinal (Cardinal's Python bindings), as a peer for
benches/compare_indices.py: counts the JSON lines of FILE and writes the counts as one JSON object.

usage: python cardinal_coverage.py FILE
"""

import json
import sys

import ocdscardinal

json.dump(ocdscardinal.coverage(sys.argv[1]), sys.stdout)
