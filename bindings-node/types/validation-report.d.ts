/* Generated from schemas/validation-report.schema.json by scripts/report-types.mjs: do not edit. */

/**
 * The result of validating one or more inputs.
 */
export interface ValidationReport {
  /**
   * True when there is no error (warnings and infos do not make data invalid).
   */
  valid: boolean;
  /**
   * The language of the messages.
   */
  lang: "es" | "en";
  /**
   * The profile releases outside packages were validated against (packages use the
   * profile their `version` and `extensions` ask for).
   */
  profile: string;
  /**
   * Packages whose `version` could not be used (no string, or no known OCDS version), and
   * the version they were validated against instead; absent when there were none.
   */
  version_fallback?: VersionFallback | null;
  summary: Summary;
  statistics: Statistics;
  /**
   * Problems of the input itself: invalid JSON, values that are not OCDS, extensions.
   */
  input: Group[];
  /**
   * Schema errors, grouped by kind and path.
   */
  schema: Group[];
  /**
   * Codes outside closed codelists (errors) and open codelists (infos).
   */
  codelists: Group[];
  /**
   * Additional fields, deprecated fields and objects without `id`.
   */
  fields: Group[];
  /**
   * Quality checks beyond the schema.
   */
  quality: Group[];
}
/**
 * What validated the packages whose `version` could not be used.
 */
export interface VersionFallback {
  /**
   * The OCDS version they were validated against (`1.1`, with their declared extensions).
   */
  version: string;
  /**
   * How many packages.
   */
  packages: number;
}
/**
 * Occurrences per severity.
 */
export interface Summary {
  /**
   * Occurrences of errors.
   */
  errors: number;
  /**
   * Occurrences of warnings.
   */
  warnings: number;
  /**
   * Occurrences of informational findings.
   */
  infos: number;
}
/**
 * Statistics of the data.
 */
export interface Statistics {
  /**
   * Inputs read.
   */
  files: number;
  /**
   * Release packages.
   */
  release_packages: number;
  /**
   * Of the release packages, those read from Mexico's federal wrapper (an object whose
   * `arrayReleasePackage` member is an array of release packages).
   */
  wrapped_packages: number;
  /**
   * Record packages.
   */
  record_packages: number;
  /**
   * Counted releases (see the module documentation).
   */
  releases: number;
  /**
   * Counted records.
   */
  records: number;
  /**
   * Distinct ocids among counted releases and records.
   */
  ocids: number;
  /**
   * The most releases any one ocid has: counted releases plus the releases listed in its
   * records (linked ones included).
   */
  max_releases_per_ocid: number;
  /**
   * Packages per declared OCDS `version` (`1.0` for a package without one; a value that is no
   * string as its JSON type and text in parentheses, `(number 1.1)`).
   */
  versions: {
    [k: string]: number;
  };
  /**
   * Packages declaring each extension URL.
   */
  extensions: {
    [k: string]: number;
  };
  /**
   * Packages per `publisher.name`.
   */
  publishers: {
    [k: string]: number;
  };
  dates: DateRange;
  /**
   * Releases per `tag` value.
   */
  tags: {
    [k: string]: number;
  };
  /**
   * JSON objects that are neither packages, releases nor records.
   */
  other_objects: number;
  /**
   * Distinct buyers (by `buyer.id`, else `buyer.name`) of releases and compiled releases.
   */
  buyers: number;
  /**
   * Distinct suppliers (by `id`, else `name`) of awards.
   */
  suppliers: number;
  /**
   * Amounts (objects with `amount` and `currency`) per currency.
   */
  currencies: {
    [k: string]: number;
  };
}
/**
 * Earliest and latest release `date` (as written), and how many dates are not RFC 3339.
 */
export interface DateRange {
  /**
   * Earliest date, as written.
   */
  first?: string | null;
  /**
   * Latest date, as written.
   */
  last?: string | null;
  /**
   * Dates present but not RFC 3339 (e.g. `20/12/2016.`).
   */
  invalid: number;
}
/**
 * Findings of one code at one path: how many, and where some of them are.
 */
export interface Group {
  /**
   * Stable code, e.g. `schema.required`.
   */
  code:
    | "input.invalid_json"
    | "input.not_ocds"
    | "input.unknown_extension"
    | "input.late_metadata"
    | "input.package_version"
    | "schema.type"
    | "schema.required"
    | "schema.enum"
    | "schema.format"
    | "schema.minLength"
    | "schema.maxLength"
    | "schema.minItems"
    | "schema.maxItems"
    | "schema.minProperties"
    | "schema.uniqueItems"
    | "schema.oneOf"
    | "schema.anyOf"
    | "schema.pattern"
    | "schema.minimum"
    | "schema.maximum"
    | "schema.additionalProperties"
    | "schema.dependencies"
    | "schema.other"
    | "codelist.closed"
    | "codelist.open"
    | "fields.additional"
    | "fields.deprecated"
    | "fields.missing_id"
    | "quality.empty_value"
    | "quality.duplicate_release_id"
    | "quality.ocid_prefix"
    | "quality.unresolved_reference"
    | "quality.party_role"
    | "quality.period_order"
    | "quality.contract_before_award"
    | "quality.award_before_tender"
    | "quality.negative_amount"
    | "quality.mixed_currencies"
    | "quality.date_after_release"
    | "quality.number_of_tenderers"
    | "quality.direct_several_tenderers"
    | "quality.organization_name"
    | "quality.contracts_value"
    | "quality.transactions_value";
  /**
   * Error, warning or info.
   */
  severity: "error" | "warning" | "info";
  /**
   * What the path is relative to.
   */
  scope: "file" | "package" | "release" | "record";
  /**
   * Path without array indices (`awards/suppliers/id`); empty for the root.
   */
  path: string;
  /**
   * What the group is about beyond its path: the missing field, the expected type, the
   * format, the codelist, the allowed values…
   */
  detail: string;
  /**
   * What is wrong and what to do, in the report's language.
   */
  message: string;
  /**
   * Occurrences.
   */
  count: number;
  /**
   * Up to the report's example limit of occurrences, in input order.
   */
  examples: Example[];
  /**
   * For codelist findings: each code found outside the codelist, with its count.
   */
  values: {
    [k: string]: number;
  };
}
/**
 * Where one occurrence of a finding is.
 */
export interface Example {
  /**
   * The input file (`<stdin>` for standard input).
   */
  file: string;
  /**
   * The position (from 0) of the release or record in its package, or in the file when it is
   * outside any package. Absent for findings about a package or the file.
   */
  index?: number | null;
  /**
   * JSON Pointer that resolves in the file: in its JSON value (`/releases/3/date` for a
   * release of a package), or, for a file of several values (JSON lines, concatenated JSON),
   * in the value that starts at `line` (`/date` for a release on line 7).
   */
  pointer: string;
  /**
   * Line of the file (1-based): where the release or record starts, for findings about one
   * (for findings about a package, where its first release or record starts); where the
   * problem is, for findings about the JSON text.
   */
  line?: number | null;
  /**
   * Column (1-based) on that line.
   */
  column?: number | null;
  /**
   * The value found, as JSON text (shortened), when it is not an object or array.
   */
  value?: string | null;
}
