// Declarations of the `edca` package. The report types are generated from the JSON Schemas in
// schemas/ (types/*.d.ts, by scripts/report-types.mjs); the rest mirrors index.js.

import type { ValidationReport, Statistics } from './types/validation-report';
import type { IndicesReport } from './types/indices-report';

export type { ValidationReport, IndicesReport };

/** Dataset statistics, as `edca stats --format json` prints them. */
export type Stats = Omit<Statistics, 'buyers' | 'suppliers' | 'currencies'>;

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [member: string]: Json };

/**
 * What to read: a path (or `file:` URL; gzip is detected), bytes, a string of JSON (its first
 * non-blank character is `{` or `[`), or JS objects and arrays (a package, a release, a record,
 * an array of them).
 */
export type Input = string | URL | Uint8Array | ArrayBufferView | ArrayBuffer | { [member: string]: unknown } | unknown[];

/** Messages in Spanish (default) or English. */
export type Lang = 'es' | 'en';

/** A merge warning (the merge went on): duplicate `id`s in one array of one release. */
export interface MergeWarning {
  code: 'merge.duplicate_id';
  message: string;
  ocid: string | null;
  releaseId: string | null;
  /** JSON Pointer, in that release, to the array. */
  pointer: string;
  id: string;
}

/** Options of `compile`, `recordPackage` and `iterCompile`, as `edca compile`'s. */
export interface CompileOptions {
  /** Versioned releases instead of compiled releases (in a record package: added to records). */
  versioned?: boolean;
  /** A release schema to merge by: a path or the schema itself. */
  schema?: string | URL | object;
  /** Every process by the rules of this OCDS version, whatever the packages declare. */
  ocdsVersion?: '1.0' | '1.1';
  /** How arrays of objects merge: by `id` (default), or the reference's overrides. */
  arrays?: 'identifier' | 'append' | 'by-position';
  /** Language of edca's own messages. */
  lang?: Lang;
  /** The name of bytes or text in errors. */
  name?: string;
  /** Receives merge warnings (default: `process.emitWarning`). */
  onWarning?: (warning: MergeWarning) => void;
}

/** Options of `recordPackage` (`edca compile --package`). */
export interface RecordPackageOptions extends CompileOptions {
  /** Link releases read from release packages (`{url, date, tag}`) instead of embedding them. */
  linkedReleases?: boolean;
  /** The package's `uri`. */
  uri?: string;
  /** The package's `publishedDate`. */
  publishedDate?: string;
}

/** Options of `validate`, as `edca validate`'s. */
export interface ValidateOptions {
  lang?: Lang;
  /** Validate everything against this release schema (a path or the schema itself). */
  schema?: string | URL | object;
  /** Examples kept per group of findings (default 5). */
  examples?: number;
  name?: string;
}

/** Options of `indices`, as `edca indices`'s. */
export interface IndicesOptions {
  /** A configuration file (TOML, `.json`, or a Cardinal `.ini`; tables relative to it), or the
   * configuration itself (tables relative to the working directory). See docs/indices.md. */
  config?: string | URL | object;
  lang?: Lang;
  name?: string;
}

/** Options of `prepare`, as `edca prepare`'s. */
export interface PrepareOptions {
  /** Cardinal's settings: an INI file, or its sections as objects. */
  settings?: string | URL | object;
  lang?: Lang;
  name?: string;
}

/** One issue `prepare` could not correct (a row of `edca prepare`'s CSV). */
export interface PrepareIssue {
  /** The compiled release, counted from 1. */
  release: number;
  ocid: Json;
  field: string;
  indexes: number[];
  value: string | null;
  problem: string;
}

/** What `prepare` returns. */
export interface Prepared {
  releases: Json[];
  issues: PrepareIssue[];
  counts: {
    releases: number;
    notCompiled: number;
    recordsWithoutCompiledRelease: number;
    auctionsNotMoved: number;
  };
}

/** Options of `flatten`, as `edca flatten`'s. */
export interface FlattenOptions {
  /** Column names: JSON paths (default, `tender/value/amount`) or the schema's titles. */
  headers?: 'path' | 'es' | 'en';
  /** Compile first: one row of `main` per ocid. */
  compiled?: boolean;
  lang?: Lang;
  name?: string;
}

/** One table of `flatten`: `main`, `parties`, `tender_items`, `awards_suppliers`… Rows start
 * with `ocid`, the release `id` and the ids above them; a cell is `null` when empty. */
export interface FlatTable {
  name: string;
  headers: string[];
  rows: (string | number | boolean | null)[][];
}

/** Options of `unflatten`, as `edca unflatten`'s. */
export interface UnflattenOptions {
  /** One release package (metadata from the `package` sheet) instead of a list of releases. */
  package?: boolean;
  /** The zone given to dates typed without one: `'Z'` (default) or `'±hh:mm'`. */
  utcOffset?: string;
  /** Do not merge parties that share an identifier. */
  keepParties?: boolean;
  lang?: Lang;
}

/** A cell that `unflatten` normalised, merged or left out. */
export interface SheetIssue {
  code: string;
  severity: 'error' | 'warning';
  sheet: string;
  /** 1-based, as the spreadsheet shows it (0: the whole sheet). */
  row: number;
  /** The column letter (`C`, `AB`). */
  column: string;
  header: string;
  value: string;
  normalised: string | null;
  message: string;
}

/** What `unflatten` returns: `releases`, or `package` with `{ package: true }`. */
export interface Unflattened {
  releases?: Json[];
  package?: Json;
  issues: SheetIssue[];
}

/** Where a read error is. */
export interface ReadErrorDetails {
  file: string;
  /** 1-based; 0 when not known. */
  line: number;
  column: number;
  /** JSON Pointer in the input (`/releases/3`). */
  pointer: string;
  reason: string;
}

/** A process that could not be merged. */
export interface ProcessErrorDetails {
  ocid: string;
  releaseId: string | null;
  /** JSON Pointer inside that release, when known. */
  pointer: string | null;
  reason: string;
}

/**
 * An error of edca. `code` is stable: `read.syntax`, `read.io`, `read.too_deep`,
 * `read.number_out_of_range`, `read.shape`, `read.empty`, `compile.invalid_release`,
 * `merge.process` (`details.processes` lists them; `results` holds every process that was
 * merged), `options`, `input`, `internal`.
 */
export declare class EdcaError extends Error {
  code: string;
  details: (ReadErrorDetails | { processes: ProcessErrorDetails[] } | { [member: string]: unknown });
  /** With `merge.process`: what was merged. */
  results?: unknown;
}

/** One compiled (or versioned) release per ocid, in order of first appearance. */
export function compile(input: Input, options?: CompileOptions): Promise<Json[]>;
export function compileSync(input: Input, options?: CompileOptions): Json[];
/** One record package, as `edca compile --package`. */
export function recordPackage(input: Input, options?: RecordPackageOptions): Promise<Json>;
export function recordPackageSync(input: Input, options?: RecordPackageOptions): Json;
/** The outputs of `compile` one at a time, as they are merged. */
export function iterCompile(input: Input, options?: CompileOptions): AsyncGenerator<Json, void, undefined>;
/** The validation report (`edca validate --format json`). */
export function validate(input: Input, options?: ValidateOptions): Promise<ValidationReport>;
export function validateSync(input: Input, options?: ValidateOptions): ValidationReport;
/** The indices report (`edca indices`). */
export function indices(input: Input, options?: IndicesOptions): Promise<IndicesReport>;
export function indicesSync(input: Input, options?: IndicesOptions): IndicesReport;
/** Cardinal's preparation of compiled releases (`edca prepare`). */
export function prepare(input: Input, options?: PrepareOptions): Promise<Prepared>;
export function prepareSync(input: Input, options?: PrepareOptions): Prepared;
/** Options of `publish` (as `edca publish`'s). */
export interface PublishOptions {
  /** The publication folder (`--out`); readers use `OUT/current`. */
  out: string | URL;
  /** The configuration: a TOML file's path, or its tables as an object. */
  config?: string | URL | { [table: string]: unknown };
  /** Write the portal pages too (`--site`). */
  site?: boolean;
  /** The run's time (RFC 3339) instead of now. */
  now?: string;
  lang?: 'es' | 'en';
}

/** What a run of `publish` wrote (`edca publish`'s figures). */
export interface PublishSummary {
  /** `OUT/current`. */
  current: string;
  generation: number;
  time: string;
  processes_read: number;
  processes: number;
  releases_read: number;
  releases: number;
  new_releases: number;
  held_releases: number;
  held_processes: number;
  rewritten: number;
  reused: number;
  /** Contracted amounts per currency, as decimal text. */
  amounts: { [currency: string]: string };
  files: number;
  bytes: number;
  left_out: number;
  site_pages: number | null;
  /** The headline, in the language asked for. */
  message: string;
  /** What reading found (values left out, releases that could not be merged). */
  findings: { code: string; severity: string; message?: string; [member: string]: unknown }[];
}

/** One run of `edca publish` over `sources` (paths, or uploads as bytes, JSON text or objects):
 * a new generation in `options.out`, off the JavaScript thread. */
export function publish(sources: Input | Input[], options: PublishOptions): Promise<PublishSummary>;
export function publishSync(sources: Input | Input[], options: PublishOptions): PublishSummary;

/** Dataset statistics (`edca stats --format json`). */
export function stats(input: Input, options?: { name?: string }): Promise<Stats>;
export function statsSync(input: Input, options?: { name?: string }): Stats;
/** Every array of the releases as a table (`edca flatten`); values that cannot be read throw
 * `flatten.incomplete` with the other tables in `results`. */
export function flatten(input: Input, options?: FlattenOptions): Promise<{ tables: FlatTable[] }>;
export function flattenSync(input: Input, options?: FlattenOptions): { tables: FlatTable[] };
/** A spreadsheet (a folder of CSV files, `.csv`, `.xlsx`, `.ods`) back into EDCA-MX releases
 * (`edca unflatten`), with every change reported. */
export function unflatten(path: string | URL, options?: UnflattenOptions): Promise<Unflattened>;
export function unflattenSync(path: string | URL, options?: UnflattenOptions): Unflattened;
