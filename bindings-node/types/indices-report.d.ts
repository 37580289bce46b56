/* Generated from schemas/indices-report.schema.json by scripts/report-types.mjs: do not edit. */

/**
 * The fields that triggered one flag.
 */
export type FlagFields = Trigger[] | Processes;
/**
 * Where a process' method came from.
 */
export type MethodSource = "procurement_method" | "details";
/**
 * Where the number of tenderers came from.
 */
export type TenderersSource = "number_of_tenderers" | "tenderers" | "bids";
/**
 * Where a process' awarded value came from (COMP-02).
 */
export type ValueSource = "awards" | "contracts";
/**
 * JSON Pointer members, each optionally followed by `[]` (every element of an array)
 */
export type FieldPath = string;
/**
 * Where the as-of date of TIM-04 came from.
 */
export type AsOfSource = "setting" | "latestReleaseDate";
/**
 * Where a published amount comes from.
 */
export type AmountSource = "budget_breakdown" | "budget_amount" | "contracts";
/**
 * Where the year of an amount comes from.
 */
export type YearSource = "budget_period" | "tender_period" | "award_date";

/**
 * Everything computed: `meta`, then one member per family computed. Serialisable; its JSON
 * Schema is `schemas/indices-report.schema.json` ([`Report::json_schema`]).
 */
export interface IndicesReport {
  meta: Meta;
  /**
   * Cardinal's flags, as Cardinal prints them: group (`OCID`, `Buyer`, `ProcuringEntity`,
   * `Tenderer`) → identifier → code → value, plus `Meta` (quartiles and fences per code) and
   * `Fields` (group → identifier → code → the fields that triggered the flag: a list of
   * pointers and values for a process, `{count, ocids}` for an organisation).
   */
  cardinal?: {
    Fields?: {
      [k: string]: {
        [k: string]: {
          [k: string]: FlagFields;
        };
      };
    };
    [k: string]:
      | {
          [k: string]: {
            [k: string]: number | null;
          };
        }
      | {
          [k: string]: {
            [k: string]: {
              [k: string]: FlagFields;
            };
          };
        }
      | undefined;
  } | null;
  /**
   * Field coverage: path → non-empty count (Cardinal's `coverage`).
   */
  coverage?: {
    [k: string]: number;
  } | null;
  /**
   * Competition per process, buyer, procuring entity, supplier and dataset, with flags.
   */
  competition?: CompetitionReport | null;
  /**
   * The open-contracting index per process, buyer and dataset.
   */
  completeness?: CompletenessReport | null;
  /**
   * Timeliness per process, buyer, project and dataset, with its flags.
   */
  timeliness?: TimelinessReport | null;
  /**
   * Integrity flags with their tallies per buyer, supplier and pair.
   */
  integrity?: IntegrityReport | null;
  /**
   * Budget coverage per buyer × year × chapter, buyer, process and dataset.
   */
  budget?: BudgetReport | null;
}
/**
 * What was read.
 */
export interface Meta {
  /**
   * Compiled releases (processes) read.
   */
  processes: number;
  /**
   * The currency whose amounts counted in Cardinal's indicators, if any amount was read.
   */
  currency?: string | null;
}
/**
 * A field that contributed to a flag: where it is in the compiled release, and what it held.
 */
export interface Trigger {
  /**
   * JSON Pointer into the compiled release (e.g. `/awards/0/value/amount`).
   */
  pointer: string;
  /**
   * The value read there.
   */
  value: {
    [k: string]: unknown;
  };
}
/**
 * An organisation flag: the processes that counted toward it.
 */
export interface Processes {
  /**
   * How many processes counted.
   */
  count: number;
  /**
   * The ocids of the first of them (at most 20), in input order.
   */
  ocids: string[];
}
/**
 * The competition report.
 */
export interface CompetitionReport {
  meta: CompetitionMeta;
  dataset: CompetitionLevel;
  /**
   * By `/buyer/id`, first-seen order.
   */
  buyer: {
    [k: string]: BuyerCompetition;
  };
  /**
   * By `/tender/procuringEntity/id`, first-seen order.
   */
  procuringEntity: {
    [k: string]: EntityCompetition;
  };
  /**
   * By `/awards[]/suppliers[]/id` of active awards, first-seen order.
   */
  supplier: {
    [k: string]: SupplierCompetition;
  };
  /**
   * By `/ocid`.
   */
  process: {
    [k: string]: ProcessCompetition;
  };
  /**
   * COMP-06 flags.
   */
  flags: Flag[];
}
/**
 * Currency and unmapped details.
 */
export interface CompetitionMeta {
  /**
   * The currency whose amounts counted.
   */
  currency?: string | null;
  /**
   * Normalised `procurementMethodDetails` that no method rule mapped, with their counts
   * (to extend the map).
   */
  unmapped_details: {
    [k: string]: number;
  };
}
/**
 * The whole input.
 */
export interface CompetitionLevel {
  /**
   * Processes read (not cancelled).
   */
  processes: number;
  direct_share_count: Share;
  direct_share_value: Share1;
  /**
   * COMP-03: shares of open, selective, limited and direct (and any other mapped method).
   */
  method_mix: {
    [k: string]: MixShare;
  };
  /**
   * COMP-03: shares of the national labels of `procurementMethodDetails`, `otro` included.
   */
  label_mix: {
    [k: string]: MixShare;
  };
  single_bidder_rate: Share4;
  mean_tenderers: Share5;
  low_participation_share: Share6;
}
/**
 * COMP-01: processes with method direct ÷ processes with a known method.
 */
export interface Share {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * COMP-02: value of direct processes ÷ value of processes with a known method.
 */
export interface Share1 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * Shares of one method (or label) among the processes that have one.
 */
export interface MixShare {
  count: Share2;
  value: Share3;
}
/**
 * Processes with it ÷ processes with a known method (label).
 */
export interface Share2 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * Their value ÷ the value of processes with a known method (label), main currency;
 * coverage = processes with a method (label) and a value.
 */
export interface Share3 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * COMP-04: competitive processes with one tenderer ÷ competitive processes with n known.
 */
export interface Share4 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * COMP-05: Σ n ÷ competitive processes with n known.
 */
export interface Share5 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * COMP-05: competitive processes with n ≤ `low_participation` ÷ those with n known.
 */
export interface Share6 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * Competition of one buyer: its level, and supplier concentration.
 */
export interface BuyerCompetition {
  /**
   * Processes read (not cancelled).
   */
  processes: number;
  direct_share_count: Share7;
  direct_share_value: Share8;
  /**
   * COMP-03: shares of open, selective, limited and direct (and any other mapped method).
   */
  method_mix: {
    [k: string]: MixShare;
  };
  /**
   * COMP-03: shares of the national labels of `procurementMethodDetails`, `otro` included.
   */
  label_mix: {
    [k: string]: MixShare;
  };
  single_bidder_rate: Share9;
  mean_tenderers: Share10;
  low_participation_share: Share11;
  /**
   * The supplier with the most awarded value (ties: the smaller id); `null` without values.
   */
  top_supplier?: string | null;
  top_supplier_share: Share12;
  /**
   * COMP-06: Σ (supplier's value ÷ the buyer's awarded value)², from 1/n (n equal suppliers)
   * to 1 (one supplier); `null` when nothing was measured.
   */
  hhi?: number | null;
}
/**
 * COMP-01: processes with method direct ÷ processes with a known method.
 */
export interface Share7 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * COMP-02: value of direct processes ÷ value of processes with a known method.
 */
export interface Share8 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * COMP-04: competitive processes with one tenderer ÷ competitive processes with n known.
 */
export interface Share9 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * COMP-05: Σ n ÷ competitive processes with n known.
 */
export interface Share10 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * COMP-05: competitive processes with n ≤ `low_participation` ÷ those with n known.
 */
export interface Share11 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * COMP-06: its value ÷ the buyer's awarded value (active awards with a supplier, main
 * currency); coverage = processes with such an award.
 */
export interface Share12 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * COMP-04 for one procuring entity.
 */
export interface EntityCompetition {
  /**
   * Processes read (not cancelled).
   */
  processes: number;
  single_bidder_rate: Share13;
}
/**
 * COMP-04.
 */
export interface Share13 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * The supplier level.
 */
export interface SupplierCompetition {
  /**
   * Active awards that name the supplier.
   */
  awards: number;
  /**
   * Σ its parts of their values (main currency); `null` when none had a value in it.
   */
  value?: number | null;
  direct_share: Share14;
}
/**
 * Awards won in direct processes ÷ awards won in processes with a known method (coverage
 * counts awards).
 */
export interface Share14 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * What one process contributes.
 */
export interface ProcessCompetition {
  /**
   * `/buyer/id`.
   */
  buyer?: string | null;
  /**
   * `/tender/procuringEntity/id`.
   */
  procuring_entity?: string | null;
  /**
   * The method, if known.
   */
  method?: string | null;
  /**
   * Where it came from.
   */
  method_source?: MethodSource | null;
  /**
   * The national label from `procurementMethodDetails` (COMP-03), if it has details.
   */
  label?: string | null;
  /**
   * Number of tenderers, if known.
   */
  tenderers?: number | null;
  /**
   * Where it came from.
   */
  tenderers_source?: TenderersSource | null;
  /**
   * Σ of the values in the main currency; `null` when none was in it.
   */
  awarded_value?: number | null;
  /**
   * Where the values came from, if any was read.
   */
  value_source?: ValueSource | null;
}
/**
 * A red flag raised on a process, an organisation or a pair.
 */
export interface Flag {
  /**
   * The catalogue's id (e.g. `INT-01`, `TIM-07`).
   */
  indicator: string;
  /**
   * Whom it is about.
   */
  level: "process" | "buyer" | "procuringEntity" | "supplier" | "buyerSupplier" | "dataset";
  /**
   * The ocid, organisation id, or `buyer|supplier`.
   */
  id: string;
  /**
   * The measured value that crossed the limit (days, share, amount…), if any.
   */
  value?: number | null;
  /**
   * Why, in one sentence, in English.
   */
  reason: string;
  /**
   * The same sentence in Spanish (the portal's default language).
   */
  reason_es: string;
  /**
   * The fields that triggered it.
   */
  fields: Trigger[];
}
/**
 * The completeness report.
 */
export interface CompletenessReport {
  meta: CompletenessMeta;
  dataset: CompletenessLevel;
  /**
   * By `/buyer/id`, in order of first appearance.
   */
  buyer: {
    [k: string]: CompletenessLevel1;
  };
  /**
   * By `/ocid`.
   */
  process: {
    [k: string]: ProcessCompleteness;
  };
}
/**
 * Settings.
 */
export interface CompletenessMeta {
  settings: CompletenessSettings;
  /**
   * Methods counted as competitive for TRN-06 (`[competition] procurement_methods`).
   */
  competitive_methods: string[];
}
/**
 * The settings used, with every stage's field list written out.
 */
export interface CompletenessSettings {
  /**
   * An array path scores the share of the elements of its first array that have the field,
   * instead of 1 when any element has it (default false).
   */
  share_of_elements?: boolean;
  planning?: StageSettings;
  tender?: StageSettings1;
  award?: StageSettings2;
  contract?: StageSettings3;
  implementation?: StageSettings4;
  /**
   * TRN-04: `documentType`s of a contract document that count as the signed contract,
   * compared ignoring case, accents, spaces and punctuation (default `contractSigned`).
   */
  contract_document_types?: string[];
  /**
   * TRN-06: `documentType`s of a tender document that count as the call for tenders, compared
   * the same way (default `tenderNotice`).
   */
  tender_notice_types?: string[];
}
/**
 * Planning.
 */
export interface StageSettings {
  /**
   * W_s, the stage's weight in the index (default 1).
   */
  weight?: number;
  /**
   * The stage's fields; absent: the default list ([`default_fields`]). Given: replaces it.
   */
  fields?: Field[] | null;
}
/**
 * One field a stage looks for.
 */
export interface Field {
  /**
   * Its label in the report; default: the path, and the alternatives joined by ` or `.
   */
  name?: string | null;
  /**
   * Where it is.
   */
  path: string;
  /**
   * Alternative paths: the field is present if any of them is.
   */
  or?: FieldPath[];
  /**
   * Which elements of the path's last array the field is about (all must hold); the others
   * are ignored.
   */
  of?: Condition[];
  /**
   * What an element must also meet for the field to be present there (all must hold).
   */
  with?: Condition[];
  /**
   * When the field counts.
   */
  required?:
    | "always"
    | {
        method_in: string[];
      }
    | {
        method_not_in: string[];
      }
    | "contract_value_changed";
  /**
   * w_f (default 1).
   */
  weight?: number;
}
/**
 * A test on an element of an array (or on the release, for a path without `[]`). With neither
 * `any_of` nor `same_as`, the member must be non-empty; with both, both must hold.
 */
export interface Condition {
  /**
   * JSON Pointer members, each optionally followed by `[]` (every element of an array)
   */
  member: string;
  /**
   * The member is one of these texts, compared ignoring case, accents, spaces and punctuation
   * (so `Contract Signed` is `contractSigned`).
   */
  any_of?: string[];
  /**
   * The member equals (exactly) one of the values at this path of the release (e.g.
   * `/buyer/id`, `/awards[]/suppliers[]/id`).
   */
  same_as?: FieldPath | null;
}
/**
 * Tender.
 */
export interface StageSettings1 {
  /**
   * W_s, the stage's weight in the index (default 1).
   */
  weight?: number;
  /**
   * The stage's fields; absent: the default list ([`default_fields`]). Given: replaces it.
   */
  fields?: Field[] | null;
}
/**
 * Award.
 */
export interface StageSettings2 {
  /**
   * W_s, the stage's weight in the index (default 1).
   */
  weight?: number;
  /**
   * The stage's fields; absent: the default list ([`default_fields`]). Given: replaces it.
   */
  fields?: Field[] | null;
}
/**
 * Contract.
 */
export interface StageSettings3 {
  /**
   * W_s, the stage's weight in the index (default 1).
   */
  weight?: number;
  /**
   * The stage's fields; absent: the default list ([`default_fields`]). Given: replaces it.
   */
  fields?: Field[] | null;
}
/**
 * Implementation.
 */
export interface StageSettings4 {
  /**
   * W_s, the stage's weight in the index (default 1).
   */
  weight?: number;
  /**
   * The stage's fields; absent: the default list ([`default_fields`]). Given: replaces it.
   */
  fields?: Field[] | null;
}
/**
 * The whole input.
 */
export interface CompletenessLevel {
  /**
   * Processes read.
   */
  processes: number;
  /**
   * Processes read with their versioned release (only those can be checked for TRN-05).
   */
  processes_with_history: number;
  planning: Summary;
  tender: Summary1;
  award: Summary2;
  contract: Summary3;
  implementation: Summary4;
  open_contracting_index: Summary5;
  /**
   * TRN-03: per field label, Σ presence ÷ processes the field applies to (its stage applies
   * and it is required); with `share_of_elements`, presence can be a fraction.
   */
  field_coverage: {
    [k: string]: Share15;
  };
  contract_document: Share16;
  /**
   * TRN-04 split by method (`unknown` when the method is not known).
   */
  contract_document_by_method: {
    [k: string]: Share15;
  };
  signed_contract_document: Share17;
  late_publication: Share18;
  tender_notice: Share19;
}
/**
 * TRN-01: planning scores (0–1) of the processes it applies to.
 */
export interface Summary {
  /**
   * Processes (or events) measured; the coverage.
   */
  count: number;
  /**
   * Arithmetic mean; `null` when nothing was measured.
   */
  mean?: number | null;
  /**
   * Median (mean of the two middle values for an even count).
   */
  median?: number | null;
  /**
   * Smallest value.
   */
  min?: number | null;
  /**
   * Largest value.
   */
  max?: number | null;
}
/**
 * TRN-01: tender scores.
 */
export interface Summary1 {
  /**
   * Processes (or events) measured; the coverage.
   */
  count: number;
  /**
   * Arithmetic mean; `null` when nothing was measured.
   */
  mean?: number | null;
  /**
   * Median (mean of the two middle values for an even count).
   */
  median?: number | null;
  /**
   * Smallest value.
   */
  min?: number | null;
  /**
   * Largest value.
   */
  max?: number | null;
}
/**
 * TRN-01: award scores.
 */
export interface Summary2 {
  /**
   * Processes (or events) measured; the coverage.
   */
  count: number;
  /**
   * Arithmetic mean; `null` when nothing was measured.
   */
  mean?: number | null;
  /**
   * Median (mean of the two middle values for an even count).
   */
  median?: number | null;
  /**
   * Smallest value.
   */
  min?: number | null;
  /**
   * Largest value.
   */
  max?: number | null;
}
/**
 * TRN-01: contract scores.
 */
export interface Summary3 {
  /**
   * Processes (or events) measured; the coverage.
   */
  count: number;
  /**
   * Arithmetic mean; `null` when nothing was measured.
   */
  mean?: number | null;
  /**
   * Median (mean of the two middle values for an even count).
   */
  median?: number | null;
  /**
   * Smallest value.
   */
  min?: number | null;
  /**
   * Largest value.
   */
  max?: number | null;
}
/**
 * TRN-01: implementation scores.
 */
export interface Summary4 {
  /**
   * Processes (or events) measured; the coverage.
   */
  count: number;
  /**
   * Arithmetic mean; `null` when nothing was measured.
   */
  mean?: number | null;
  /**
   * Median (mean of the two middle values for an even count).
   */
  median?: number | null;
  /**
   * Smallest value.
   */
  min?: number | null;
  /**
   * Largest value.
   */
  max?: number | null;
}
/**
 * TRN-02: process indices (0–100).
 */
export interface Summary5 {
  /**
   * Processes (or events) measured; the coverage.
   */
  count: number;
  /**
   * Arithmetic mean; `null` when nothing was measured.
   */
  mean?: number | null;
  /**
   * Median (mean of the two middle values for an even count).
   */
  median?: number | null;
  /**
   * Smallest value.
   */
  min?: number | null;
  /**
   * Largest value.
   */
  max?: number | null;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share15 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share16 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share17 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share18 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share19 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * The index for a buyer or the dataset.
 */
export interface CompletenessLevel1 {
  /**
   * Processes read.
   */
  processes: number;
  /**
   * Processes read with their versioned release (only those can be checked for TRN-05).
   */
  processes_with_history: number;
  planning: Summary;
  tender: Summary1;
  award: Summary2;
  contract: Summary3;
  implementation: Summary4;
  open_contracting_index: Summary5;
  /**
   * TRN-03: per field label, Σ presence ÷ processes the field applies to (its stage applies
   * and it is required); with `share_of_elements`, presence can be a fraction.
   */
  field_coverage: {
    [k: string]: Share15;
  };
  contract_document: Share16;
  /**
   * TRN-04 split by method (`unknown` when the method is not known).
   */
  contract_document_by_method: {
    [k: string]: Share15;
  };
  signed_contract_document: Share17;
  late_publication: Share18;
  tender_notice: Share19;
}
/**
 * What one process scored; `null` where a stage or check does not apply.
 */
export interface ProcessCompleteness {
  /**
   * `/buyer/id`.
   */
  buyer?: string | null;
  /**
   * The method, read as the competition family reads it (declared, or mapped from the
   * details).
   */
  method?: string | null;
  /**
   * TRN-01: planning score, 0–1.
   */
  planning?: number | null;
  /**
   * TRN-01: tender score, 0–1.
   */
  tender?: number | null;
  /**
   * TRN-01: award score, 0–1.
   */
  award?: number | null;
  /**
   * TRN-01: contract score, 0–1.
   */
  contract?: number | null;
  /**
   * TRN-01: implementation score, 0–1.
   */
  implementation?: number | null;
  /**
   * TRN-02: the open-contracting index, 0–100.
   */
  open_contracting_index?: number | null;
  /**
   * TRN-04: with an active award, a contract has a non-empty document.
   */
  contract_document?: boolean | null;
  /**
   * TRN-04: with an active award, a contract has a document of a `contract_document_types`
   * type.
   */
  signed_contract_document?: boolean | null;
  /**
   * TRN-05: with history and a contract start date, the first release came on a later day
   * than the earliest `/contracts[]/period/startDate`.
   */
  late_publication?: boolean | null;
  /**
   * TRN-06: for a competitive method, a call for tenders was published.
   */
  tender_notice?: boolean | null;
}
/**
 * The timeliness report.
 */
export interface TimelinessReport {
  meta: TimelinessMeta;
  dataset: LevelTimeliness;
  /**
   * By `/buyer/id`, in order of first appearance.
   */
  buyer: {
    [k: string]: LevelTimeliness1;
  };
  /**
   * By `/planning/budget/projectID`, in order of first appearance.
   */
  project: {
    [k: string]: LevelTimeliness1;
  };
  /**
   * By `/ocid`.
   */
  process: {
    [k: string]: ProcessTimeliness;
  };
  /**
   * TIM-02, TIM-07 and TIM-08 flags, in process order.
   */
  flags: Flag[];
}
/**
 * Settings, as-of date, fence and counts of what was left out.
 */
export interface TimelinessMeta {
  settings: TimelinessSettings;
  /**
   * TIM-04's as-of date (RFC 3339, or `YYYY-MM-DD` for a date only); null when neither the
   * setting nor any readable `/date` gave one (then TIM-04 measures nothing).
   */
  as_of?: string | null;
  /**
   * Where it came from.
   */
  as_of_source?: AsOfSource | null;
  /**
   * TIM-02's fence; null when `award_decision_max_days` is set or no process was measured.
   */
  award_decision_fence?: Fence | null;
  /**
   * Date fields present but unreadable (a number, `16/03/2021`…), each counted once per
   * process; they are left out.
   */
  unreadable_dates: number;
  /**
   * Tender and contract periods that end before they start; left out of TIM-01 and TIM-07.
   */
  inverted_periods: number;
  /**
   * Processes read with a versioned release (only they can show TIM-06).
   */
  processes_with_history: number;
  /**
   * Processes whose `ocid` was already read: counted in every level, but the process row
   * keeps the first.
   */
  repeated_ocids: number;
}
/**
 * The settings used.
 */
export interface TimelinessSettings {
  /**
   * TIM-04: milestones due on or before this date are counted (RFC 3339 or `YYYY-MM-DD`).
   * Unset: the latest `/date` among the processes read (said in `meta.as_of_source`).
   */
  as_of?: string | null;
  /**
   * TIM-01: a tender period shorter than this many days is short (default 15).
   */
  tender_period_threshold?: number;
  /**
   * TIM-01: thresholds by `/tender/procurementMethodDetails` (equal as written, else equal
   * once lower-cased and stripped of accents and punctuation), as Cardinal's R003 map.
   */
  tender_period_by_details?: {
    [k: string]: number;
  };
  /**
   * TIM-02: fewer days than this from the tender's end to the award are flagged (default 0).
   */
  award_decision_min_days?: number;
  /**
   * TIM-02: more days than this are flagged; unset (default), days at or beyond the upper
   * fence (Q3 + 1.5·IQR, type-8 quartiles of every process' days) and above Q3 are.
   */
  award_decision_max_days?: number | null;
  /**
   * TIM-07: a contract period longer than this many days is flagged (default 1000).
   */
  long_contract_max_days?: number;
  /**
   * TIM-08: count Mexico's federal rest days (Ley Federal del Trabajo, art. 74) as holidays
   * (default true).
   */
  mexican_holidays?: boolean;
  /**
   * TIM-08: further holidays, `YYYY-MM-DD` (election days, state and municipal holidays).
   */
  extra_holidays?: string[];
}
/**
 * The TIM-02 fence, when computed.
 */
export interface Fence {
  /**
   * First quartile of the award decision days.
   */
  q1: number;
  /**
   * Third quartile.
   */
  q3: number;
  /**
   * Q3 + 1.5·IQR; days at or beyond it (and above Q3) are flagged.
   */
  upper: number;
}
/**
 * The whole input.
 */
export interface LevelTimeliness {
  /**
   * Processes read (not cancelled, with an `ocid`).
   */
  processes: number;
  tender_period_days: Summary6;
  short_tender_period: Share20;
  award_decision_days: Summary7;
  award_decision_flagged: Share21;
  signature_delay_days: Summary8;
  milestones_on_time: Share22;
  concluded_on_time: Share23;
  milestones_reopened: Share24;
  contracts_reopened: Share25;
  long_contracts: Share26;
  suspicious_dates: Share27;
}
/**
 * TIM-01: whole days of `/tender/tenderPeriod`, per process.
 */
export interface Summary6 {
  /**
   * Processes (or events) measured; the coverage.
   */
  count: number;
  /**
   * Arithmetic mean; `null` when nothing was measured.
   */
  mean?: number | null;
  /**
   * Median (mean of the two middle values for an even count).
   */
  median?: number | null;
  /**
   * Smallest value.
   */
  min?: number | null;
  /**
   * Largest value.
   */
  max?: number | null;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share20 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * TIM-02: days from `/tender/tenderPeriod/endDate` to the earliest active award's `date`.
 */
export interface Summary7 {
  /**
   * Processes (or events) measured; the coverage.
   */
  count: number;
  /**
   * Arithmetic mean; `null` when nothing was measured.
   */
  mean?: number | null;
  /**
   * Median (mean of the two middle values for an even count).
   */
  median?: number | null;
  /**
   * Smallest value.
   */
  min?: number | null;
  /**
   * Largest value.
   */
  max?: number | null;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share21 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * TIM-03: days from an award's `date` to its contract's `dateSigned`, per contract.
 */
export interface Summary8 {
  /**
   * Processes (or events) measured; the coverage.
   */
  count: number;
  /**
   * Arithmetic mean; `null` when nothing was measured.
   */
  mean?: number | null;
  /**
   * Median (mean of the two middle values for an even count).
   */
  median?: number | null;
  /**
   * Smallest value.
   */
  min?: number | null;
  /**
   * Largest value.
   */
  max?: number | null;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share22 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share23 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share24 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share25 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share26 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share27 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * The indicators of one buyer, project or the dataset.
 */
export interface LevelTimeliness1 {
  /**
   * Processes read (not cancelled, with an `ocid`).
   */
  processes: number;
  tender_period_days: Summary6;
  short_tender_period: Share20;
  award_decision_days: Summary7;
  award_decision_flagged: Share21;
  signature_delay_days: Summary8;
  milestones_on_time: Share22;
  concluded_on_time: Share23;
  milestones_reopened: Share24;
  contracts_reopened: Share25;
  long_contracts: Share26;
  suspicious_dates: Share27;
}
/**
 * The indicators of one process.
 */
export interface ProcessTimeliness {
  /**
   * TIM-01: whole days of the tender period.
   */
  tender_period_days?: number | null;
  short_tender_period: Share28;
  /**
   * TIM-02: award decision days.
   */
  award_decision_days?: number | null;
  award_decision_flagged: Share29;
  signature_delay_days: Summary9;
  milestones_on_time: Share30;
  concluded_on_time: Share31;
  milestones_reopened: Share32;
  contracts_reopened: Share33;
  long_contracts: Share34;
  suspicious_dates: Share35;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share28 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share29 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * TIM-03: signature delays of its contracts.
 */
export interface Summary9 {
  /**
   * Processes (or events) measured; the coverage.
   */
  count: number;
  /**
   * Arithmetic mean; `null` when nothing was measured.
   */
  mean?: number | null;
  /**
   * Median (mean of the two middle values for an even count).
   */
  median?: number | null;
  /**
   * Smallest value.
   */
  min?: number | null;
  /**
   * Largest value.
   */
  max?: number | null;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share30 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share31 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share32 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share33 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share34 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share35 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * Everything the integrity family computed.
 */
export interface IntegrityReport {
  meta: IntegrityMeta;
  dataset: IntegrityTally;
  /**
   * By `/buyer/id`, in first-seen order.
   */
  buyer: {
    [k: string]: IntegrityTally1;
  };
  /**
   * By supplier id (`/awards[]/suppliers[]/id` of active awards).
   */
  supplier: {
    [k: string]: SupplierIntegrity;
  };
  /**
   * By `buyer|supplier`.
   */
  buyerSupplier: {
    [k: string]: PairIntegrity;
  };
  /**
   * By `/ocid`.
   */
  process: {
    [k: string]: ProcessIntegrity;
  };
  /**
   * Every flag, by indicator, then in input order.
   */
  flags: Flag[];
}
/**
 * Settings, currency, input tables and notes.
 */
export interface IntegrityMeta {
  /**
   * The only currency whose amounts count (setting, else the currency of most amounts read).
   */
  currency?: string | null;
  settings: IntegritySettings;
  inputs: InputRows;
  /**
   * What was left out or could not be computed, in plain words.
   */
  notes: string[];
}
/**
 * The settings used.
 */
export interface IntegritySettings {
  /**
   * Sanctions table (CSV `id, scheme, list, start, end[, name]`), a path relative to the
   * configuration file. Read by the command line; library callers pass the table in
   * [`Inputs`](crate::indices::inputs::Inputs).
   */
  sanctions?: string | null;
  /**
   * Thresholds table (CSV `buyer, year, object, method, amount`), as `sanctions`.
   */
  thresholds?: string | null;
  /**
   * Founding dates table (CSV `id, founded`), as `sanctions`.
   */
  foundings?: string | null;
  /**
   * Identifier schemes that all mean the Mexican RFC (default `MX-RFC`, `RFC`).
   */
  rfc_schemes?: string[];
  /**
   * Identifiers that stand for none (compared normalised; a trailing `*` matches any ending):
   * SAT's generic RFCs for the general public and for foreigners, and "Sin dato" fillers.
   */
  placeholder_identifiers?: string[];
  /**
   * INT-03: the member of `/parties[]/details` holding the founding date (default
   * `foundingDate`; OCDS defines none).
   */
  founding_date_member?: string;
  /**
   * INT-03: a winner younger than this many days at the award date is new (default 365).
   */
  min_age_days?: number;
  /**
   * INT-04: m, the band under the threshold t: t·(1 − m) ≤ amount < t (default 0.05).
   */
  margin?: number;
  /**
   * INT-04, INT-05, INT-09: the non-competitive methods (default `limited`, `direct`).
   */
  non_competitive_methods?: string[];
  /**
   * INT-05: the longest span, in days, of a run of split awards (default 30).
   */
  window_days?: number;
  /**
   * INT-05: when set, only awards whose items' classification ids share their first this many
   * characters are grouped (default unset: no item condition).
   */
  class_digits?: number | null;
  /**
   * INT-06: k, processes a supplier wins from one buyer in one year to be flagged (default 5).
   */
  repeat_count?: number;
  /**
   * INT-06: s, the supplier's share of the buyer's awarded value in one year to be flagged
   * (default 0.5).
   */
  repeat_share?: number;
  /**
   * INT-06: the share test applies only to a buyer-year with at least this many processes
   * with a valued award (default 1, the catalogue's rule: a buyer with a single award in a
   * year flags its supplier with a share of 1).
   */
  repeat_share_min_processes?: number;
  /**
   * INT-07: x, the largest allowed (final − original) ÷ original (default 0.20).
   */
  max_increase?: number;
  /**
   * INT-08: k, an amount is round when divisible by 10^k (default 5).
   */
  round_digits?: number;
  /**
   * The only currency whose amounts count; unset: the currency of most amounts read.
   */
  currency?: string | null;
}
/**
 * Rows of each input table; `null` when the table was not given.
 */
export interface InputRows {
  /**
   * Sanctions table.
   */
  sanctions?: number | null;
  /**
   * Thresholds table.
   */
  thresholds?: number | null;
  /**
   * Foundings table.
   */
  foundings?: number | null;
}
/**
 * The whole input.
 */
export interface IntegrityTally {
  /**
   * Processes read (not cancelled, with a string `ocid`).
   */
  processes: number;
  sanctioned_supplier: Share36;
  sanctioned_value: Share37;
  supplier_without_identifier: Share38;
  new_company: Share39;
  just_under_threshold: Share40;
  /**
   * INT-05: splitting clusters (buyer × supplier runs); `null` without a thresholds table.
   */
  splitting_clusters?: number | null;
  /**
   * INT-06: flagged supplier-years; `null` when no active award had a date.
   */
  repeat_winners?: number | null;
  value_raising_amendment: Share41;
  round_amount: Share42;
  non_competitive_without_rationale: Share43;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share36 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share37 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share38 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share39 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share40 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share41 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share42 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share43 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * Integrity of the processes of a buyer, or of the dataset.
 */
export interface IntegrityTally1 {
  /**
   * Processes read (not cancelled, with a string `ocid`).
   */
  processes: number;
  sanctioned_supplier: Share36;
  sanctioned_value: Share37;
  supplier_without_identifier: Share38;
  new_company: Share39;
  just_under_threshold: Share40;
  /**
   * INT-05: splitting clusters (buyer × supplier runs); `null` without a thresholds table.
   */
  splitting_clusters?: number | null;
  /**
   * INT-06: flagged supplier-years; `null` when no active award had a date.
   */
  repeat_winners?: number | null;
  value_raising_amendment: Share41;
  round_amount: Share42;
  non_competitive_without_rationale: Share43;
}
/**
 * One supplier.
 */
export interface SupplierIntegrity {
  /**
   * Processes it won.
   */
  processes: number;
  /**
   * INT-01: processes it won while sanctioned; `null` without a sanctions table or without an
   * identifier to check.
   */
  sanctioned_processes?: number | null;
  /**
   * INT-01: value of those awards (main currency); `null` when none had one.
   */
  sanctioned_value?: number | null;
  /**
   * INT-01: the lists it was found on.
   */
  sanctions_lists: string[];
  /**
   * INT-03: processes it won less than `min_age_days` after its founding; `null` when its
   * founding date (or the award dates) are unknown.
   */
  new_company_processes?: number | null;
  /**
   * INT-03: the founding date used (`YYYY-MM-DD`).
   */
  founded?: string | null;
}
/**
 * One buyer and one supplier.
 */
export interface PairIntegrity {
  /**
   * INT-05: splitting clusters; `null` without a thresholds table.
   */
  splitting_clusters?: number | null;
  /**
   * INT-06: by year of the award date.
   */
  repeat_winner: {
    [k: string]: RepeatWinner;
  };
}
/**
 * INT-06 for one buyer, supplier and year.
 */
export interface RepeatWinner {
  /**
   * Processes of the buyer the supplier won that year.
   */
  processes: number;
  value_share: Share44;
  /**
   * `processes` ≥ `repeat_count`, or the share ≥ `repeat_share` (over at least
   * `repeat_share_min_processes` processes).
   */
  flagged: boolean;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share44 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * One process; `null` where an indicator could not be measured.
 */
export interface ProcessIntegrity {
  /**
   * `/buyer/id`.
   */
  buyer?: string | null;
  /**
   * The method, read as the competition family does.
   */
  method?: string | null;
  /**
   * INT-01.
   */
  sanctioned_supplier?: boolean | null;
  /**
   * INT-02.
   */
  supplier_without_identifier?: boolean | null;
  /**
   * INT-03.
   */
  new_company?: boolean | null;
  /**
   * INT-04: the amount compared with the threshold (Σ active awards, main currency).
   */
  amount?: number | null;
  /**
   * INT-04: the threshold that applied.
   */
  threshold?: number | null;
  /**
   * INT-04.
   */
  just_under_threshold?: boolean | null;
  /**
   * INT-07: the largest (final − original) ÷ original over its contracts.
   */
  value_increase?: number | null;
  /**
   * INT-07.
   */
  value_raising_amendment?: boolean | null;
  /**
   * INT-08.
   */
  round_amount?: boolean | null;
  /**
   * INT-09.
   */
  non_competitive_without_rationale?: boolean | null;
}
/**
 * The budget report.
 */
export interface BudgetReport {
  meta: BudgetMeta;
  dataset: BudgetTotals;
  /**
   * By `/buyer/id`: buyers of processes first-seen, then buyers only in the table.
   */
  buyer: {
    [k: string]: BudgetTotals1;
  };
  /**
   * By `buyer|year|chapter`, in buyer order, then year and chapter.
   */
  buyerYearChapter: {
    [k: string]: BudgetCell;
  };
  /**
   * By `/ocid`.
   */
  process: {
    [k: string]: ProcessBudget;
  };
}
/**
 * Currency, settings, notes.
 */
export interface BudgetMeta {
  /**
   * The currency whose amounts counted.
   */
  currency?: string | null;
  settings: BudgetSettings;
  /**
   * Rows of the approved-budget table.
   */
  approved_rows: number;
  /**
   * Rows left out: another currency, or a chapter not reported.
   */
  approved_rows_left_out: number;
  /**
   * What the reader should know (no table…).
   */
  notes: string[];
}
/**
 * The settings used.
 */
export interface BudgetSettings {
  /**
   * The approved-budget CSV (`buyer_id, year, chapter, approved_amount[, currency]`), a path
   * relative to the configuration file's folder. The command line reads it; a library caller
   * reads it with [`ApprovedBudget::from_csv`] and gives it in
   * [`Inputs`](crate::indices::inputs::Inputs) (or [`Budget::with_approved`]).
   */
  approved?: string | null;
  /**
   * The sources of the published amount, first that has one wins (default: budget
   * breakdown, budget amount, contracts).
   */
  amount_sources?: AmountSource[];
  /**
   * The sources of the year, first that has one wins (default: budget period, tender
   * period).
   */
  year_sources?: YearSource[];
  /**
   * Chapters BUD-01 reports (default 2000, 3000, 5000, 7000); empty: every chapter.
   */
  chapters?: number[];
  /**
   * Keys of a budget breakdown entry's `classifications` object that hold an
   * object-of-expenditure code (compared without case).
   */
  classification_keys?: string[];
  /**
   * The only currency whose amounts count; unset: the currency of most amounts read.
   */
  currency?: string | null;
}
/**
 * The whole input.
 */
export interface BudgetTotals {
  /**
   * Processes read (not cancelled).
   */
  processes: number;
  /**
   * Processes by the source of their amount (in any currency).
   */
  sources: {
    [k: string]: number;
  };
  /**
   * Σ approved amounts of the reported chapters; `null` when the table has none.
   */
  approved?: number | null;
  /**
   * Σ published amounts in the cells (year, chapter) with an approved amount.
   */
  published: number;
  published_vs_approved: Share45;
  published_vs_approved_capped: Share46;
  /**
   * Published amounts with a year and a reported chapter but no approved amount.
   */
  published_without_approved: number;
  /**
   * Published amounts classified to chapters not reported.
   */
  other_chapters: number;
  /**
   * Published amounts with a chapter but no year.
   */
  without_year: number;
  unclassified_count: Share47;
  unclassified_value: Share48;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share45 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share46 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share47 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share48 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * BUD-01 and BUD-02 of a buyer or of the dataset.
 */
export interface BudgetTotals1 {
  /**
   * Processes read (not cancelled).
   */
  processes: number;
  /**
   * Processes by the source of their amount (in any currency).
   */
  sources: {
    [k: string]: number;
  };
  /**
   * Σ approved amounts of the reported chapters; `null` when the table has none.
   */
  approved?: number | null;
  /**
   * Σ published amounts in the cells (year, chapter) with an approved amount.
   */
  published: number;
  published_vs_approved: Share45;
  published_vs_approved_capped: Share46;
  /**
   * Published amounts with a year and a reported chapter but no approved amount.
   */
  published_without_approved: number;
  /**
   * Published amounts classified to chapters not reported.
   */
  other_chapters: number;
  /**
   * Published amounts with a chapter but no year.
   */
  without_year: number;
  unclassified_count: Share47;
  unclassified_value: Share48;
}
/**
 * BUD-01 for one buyer, year and chapter.
 */
export interface BudgetCell {
  /**
   * `/buyer/id`.
   */
  buyer: string;
  /**
   * The year.
   */
  year: number;
  /**
   * The chapter.
   */
  chapter: number;
  /**
   * The approved amount; `null` when the table has no row for this cell.
   */
  approved?: number | null;
  /**
   * Σ published amounts of the buyer's processes in this year and chapter.
   */
  published: number;
  published_vs_approved: Share49;
  published_vs_approved_capped: Share50;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share49 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * A ratio with what it was computed from.
 */
export interface Share50 {
  /**
   * Numerator.
   */
  numerator: number;
  /**
   * Denominator.
   */
  denominator: number;
  /**
   * numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
   */
  value?: number | null;
  /**
   * Processes that had the fields this needs.
   */
  coverage: number;
}
/**
 * What one process contributes.
 */
export interface ProcessBudget {
  /**
   * `/buyer/id`.
   */
  buyer?: string | null;
  /**
   * Where its amounts came from.
   */
  amount_source?: AmountSource | null;
  /**
   * The process' year (from the year sources).
   */
  year?: number | null;
  /**
   * Σ of its amounts in the main currency; `null` when none was in it.
   */
  amount?: number | null;
  /**
   * Its amounts in the main currency.
   */
  parts: PublishedPart[];
}
/**
 * One amount of a process, in the main currency.
 */
export interface PublishedPart {
  /**
   * The year, if known.
   */
  year?: number | null;
  /**
   * The chapter, if known.
   */
  chapter?: number | null;
  /**
   * The amount.
   */
  amount: number;
}
