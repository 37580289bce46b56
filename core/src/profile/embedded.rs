//! The schema files compiled into the crate (`schemas/` at the repository root).
//!
//! Everything a profile needs is here, so building one never touches the network or the file
//! system. The texts are parsed when a profile is built; tests parse every one of them.

/// Reads a file of `schemas/` at compile time.
macro_rules! schema_file {
    ($path:expr) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/", $path))
    };
}

/// One file of a standard release: its name and text.
pub(crate) type File = (&'static str, &'static str);

/// The files of one OCDS release of the standard.
pub(crate) struct Standard {
    pub release: &'static str,
    pub release_package: &'static str,
    pub record_package: &'static str,
    pub versioned_release: Option<&'static str>,
    pub codelists: &'static [File],
}

macro_rules! codelists {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, schema_file!(concat!($dir, "/codelists/", $name)))),*]
    };
}

/// OCDS 1.1.5 (tag `1__1__5`).
pub(crate) static OCDS_1_1: Standard = Standard {
    release: schema_file!("ocds-1.1.5/release-schema.json"),
    release_package: schema_file!("ocds-1.1.5/release-package-schema.json"),
    record_package: schema_file!("ocds-1.1.5/record-package-schema.json"),
    versioned_release: Some(schema_file!("ocds-1.1.5/versioned-release-validation-schema.json")),
    codelists: codelists!("ocds-1.1.5":
        "awardCriteria.csv", "awardStatus.csv", "contractStatus.csv", "currency.csv",
        "documentType.csv", "extendedProcurementCategory.csv", "initiationType.csv",
        "itemClassificationScheme.csv", "method.csv", "milestoneStatus.csv", "milestoneType.csv",
        "partyRole.csv", "procurementCategory.csv", "relatedProcess.csv",
        "relatedProcessScheme.csv", "releaseTag.csv", "submissionMethod.csv", "tenderStatus.csv",
        "unitClassificationScheme.csv",
    ),
};

/// OCDS 1.0.3 (tag `1__0__3`); the tag has no versioned-release validation schema.
pub(crate) static OCDS_1_0: Standard = Standard {
    release: schema_file!("ocds-1.0.3/release-schema.json"),
    release_package: schema_file!("ocds-1.0.3/release-package-schema.json"),
    record_package: schema_file!("ocds-1.0.3/record-package-schema.json"),
    versioned_release: None,
    codelists: codelists!("ocds-1.0.3":
        "awardCriteria.csv", "awardStatus.csv", "contractStatus.csv", "documentType.csv",
        "initiationType.csv", "itemClassificationScheme.csv", "locationGazeteer.csv",
        "method.csv", "milestoneStatus.csv", "organizationIdentifierRegistrationAgency_iati.csv",
        "releaseTag.csv", "submissionMethod.csv", "tenderStatus.csv",
    ),
};

/// The files of one embedded extension.
pub(crate) struct ExtensionFiles {
    /// Repository name, e.g. `ocds_guarantees_extension`.
    pub repo: &'static str,
    /// `extension.json`.
    pub metadata: &'static str,
    /// `release-schema.json`, when the repository has one.
    pub release_schema: Option<&'static str>,
    /// `codelists/*.csv`, in the order `extension.json` lists them.
    pub codelists: &'static [File],
}

macro_rules! extension {
    ($repo:literal, schema, [$($csv:literal),* $(,)?]) => {
        ExtensionFiles {
            repo: $repo,
            metadata: schema_file!(concat!("extensions/", $repo, "/extension.json")),
            release_schema: Some(schema_file!(concat!("extensions/", $repo, "/release-schema.json"))),
            codelists: &[$(($csv, schema_file!(concat!("extensions/", $repo, "/codelists/", $csv)))),*],
        }
    };
    ($repo:literal, no_schema, [$($csv:literal),* $(,)?]) => {
        ExtensionFiles {
            repo: $repo,
            metadata: schema_file!(concat!("extensions/", $repo, "/extension.json")),
            release_schema: None,
            codelists: &[$(($csv, schema_file!(concat!("extensions/", $repo, "/codelists/", $csv)))),*],
        }
    };
}

/// Every embedded extension, in the order of [`super::KnownExtension`]'s variants.
pub(crate) static EXTENSIONS: [ExtensionFiles; 23] = [
    extension!("ocds_requestForQuotes_extension", schema, ["+partyRole.csv"]),
    extension!("ocds_clarificationMeetings_extension", schema, ["+partyRole.csv"]),
    extension!("ocds_paymentMethod_extension", schema, ["paymentMethod.csv"]),
    extension!("ocds_taxes_extension", schema, []),
    extension!("ocds_publicNotices_extension", no_schema, ["+milestoneType.csv"]),
    extension!("ocds_implementationStatus_extension", schema, ["implementationStatus.csv"]),
    extension!("ocds_awardRationale_extension", schema, []),
    extension!("ocds_nameBreakdown_extension", schema, ["legalPersonality.csv"]),
    extension!("ocds_surveillanceMechanisms_extension", schema, ["surveillanceMechanisms.csv"]),
    extension!("ocds_extendedProcurementCategory_extension", schema, ["+extendedProcurementCategory.csv"]),
    extension!("ocds_contactPointType_extension", schema, ["contactPointType.csv"]),
    extension!("ocds_budgetLines_extension", schema, []),
    extension!(
        "ocds_guarantees_extension",
        schema,
        ["guaranteeType.csv", "guaranteedObligations.csv", "+partyRole.csv"]
    ),
    extension!("ocds_procurementUnits_extension", schema, ["+partyRole.csv"]),
    extension!("ocds_exchangeRate_extension", schema, ["exchangeRateSource.csv"]),
    extension!("ocds_location_extension", schema, ["locationGazetteers.csv", "geometryType.csv"]),
    extension!("ocds_additionalContactPoints_extension", schema, []),
    extension!("ocds_memberOf_extension", schema, []),
    extension!("ocds_budget_breakdown_extension", schema, ["+partyRole.csv"]),
    extension!("ocds_contract_suppliers_extension", schema, []),
    extension!("ocds_releasePublisher_extension", schema, []),
    extension!("ocds_schemeUrl_extension", schema, []),
    extension!("ocds_cycle_extension", schema, []),
];

/// The Mexican tables of the INAI capture tool (`schemas/edca-mx/`): file stem, text, and the
/// column that holds each row's code.
pub(crate) static EDCA_MX_TABLES: [(&str, &str, &str); 8] = [
    ("documentType", schema_file!("edca-mx/codelists/documentType.csv"), "code"),
    ("implementationStatus", schema_file!("edca-mx/codelists/implementationStatus.csv"), "code"),
    ("paymentMethod", schema_file!("edca-mx/codelists/paymentMethod.csv"), "code"),
    ("procurementMethodDetails", schema_file!("edca-mx/codelists/procurementMethodDetails.csv"), "procurementMethod"),
    ("additionalProcurementCategories", schema_file!("edca-mx/codelists/additionalProcurementCategories.csv"), "code"),
    ("budgetLineComponents", schema_file!("edca-mx/codelists/budgetLineComponents.csv"), "name"),
    ("budgetLineMeasures", schema_file!("edca-mx/codelists/budgetLineMeasures.csv"), "id"),
    ("item-classification", schema_file!("edca-mx/classifications/item-classification.csv"), "classificationid"),
];

/// Parses a schema file of the standard, filling its documentation placeholders as the published
/// schemas (and ProfileBuilder) do: `{{version}}` → `1.1`, `{{lang}}` → `en`.
pub(crate) fn standard_json(name: &str, text: &str, version: &str) -> serde_json::Value {
    if text.contains("{{") {
        let text = text.replace("{{version}}", version).replace("{{lang}}", "en");
        json(name, &text)
    } else {
        json(name, text)
    }
}

/// Parses an embedded JSON file. The files are fixed at compile time and every one is parsed
/// by the tests, so a failure here is a build defect, not bad input.
pub(crate) fn json(name: &str, text: &str) -> serde_json::Value {
    match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => panic!("embedded schema file {name} is not valid JSON: {e}"),
    }
}
