"""Build the EDCA-MX profile with ocdsextensionregistry's ProfileBuilder, offline, from schemas/.

Writes a JSON file {"release_schema": ..., "codelists": {name: [codes...]}} that
core/tests/profile.rs compares with edca's own build (differential test with a frozen oracle).

Usage: python scripts/profile_builder_oracle.py OUT.json
Needs `pip install ocdsextensionregistry` (tested with 0.7.0). Nothing is downloaded: the
standard is read from a temporary folder laid out like the standard's ZIP, and each extension's
files are put in its ExtensionVersion's cache.
"""
import json
import os
import io
import sys
import zipfile

from importlib.metadata import version

from ocdsextensionregistry import ProfileBuilder
from ocdsextensionregistry.extension_version import ExtensionVersion

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schemas")

# The INAI capture tool's order (schemas/README.md); the last is the budget-breakdown stand-in.
EDCA_MX = [
    "ocds_requestForQuotes_extension", "ocds_clarificationMeetings_extension",
    "ocds_paymentMethod_extension", "ocds_taxes_extension", "ocds_publicNotices_extension",
    "ocds_implementationStatus_extension", "ocds_awardRationale_extension",
    "ocds_nameBreakdown_extension", "ocds_surveillanceMechanisms_extension",
    "ocds_extendedProcurementCategory_extension", "ocds_contactPointType_extension",
    "ocds_budgetLines_extension", "ocds_guarantees_extension", "ocds_procurementUnits_extension",
    "ocds_exchangeRate_extension", "ocds_location_extension",
    "ocds_additionalContactPoints_extension", "ocds_memberOf_extension",
    "ocds_budget_breakdown_extension",
]


def local_extension(repo):
    folder = os.path.join(ROOT, "extensions", repo)
    data = dict.fromkeys(["Id", "Date", "Version", "Base URL", "Download URL"])
    data["Id"] = repo
    version = ExtensionVersion(data)
    files = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as f:
                files[os.path.relpath(path, folder)] = f.read()
    version._files = files
    # With a download URL set, a missing file (e.g. no release-schema.json) is looked up in the
    # cache above and defaults, instead of being requested from a base URL.
    version.download_url = "unused://cached"
    return version


class LocalProfileBuilder(ProfileBuilder):
    def extensions(self):
        for repo in self.extension_versions:
            yield local_extension(repo)


def main(out):
    # The standard's ZIP layout: a top folder, then schema/ (for tags from 1__1__5).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("standard-1__1__5/", "")
        folder = os.path.join(ROOT, "ocds-1.1.5")
        for dirpath, _, names in sorted(os.walk(folder)):
            for name in sorted(names):
                path = os.path.join(dirpath, name)
                archive.write(path, "standard-1__1__5/schema/" + os.path.relpath(path, folder))
    builder = LocalProfileBuilder("1__1__5", EDCA_MX, standard_base_url=buffer.getvalue())
    schema = builder.patched_release_schema()
    codelists = {
        c.name[: -len(".csv")]: [row["Code"] for row in c.rows] for c in builder.patched_codelists()
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(
            {
                "generator": f"ocdsextensionregistry {version('ocdsextensionregistry')} ProfileBuilder",
                "release_schema": schema,
                "codelists": codelists,
            },
            f,
            ensure_ascii=False,
            indent=1,
        )
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
