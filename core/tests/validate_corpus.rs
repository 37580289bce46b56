//! Every file of the shared corpus validates without panicking, and the report is consistent
//! with what was read; the report's JSON Schema in `schemas/` is up to date.

mod common;

use edca::io::Source;
use edca::profile::Profile;
use edca::validate::{Code, Options, Report, Validator};

#[test]
fn every_corpus_file_validates() {
    let Some(shared) = common::shared() else { return };
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    let rows = common::manifest(&shared);
    assert!(rows.len() > 1000, "{} rows", rows.len());
    let mut invalid = 0;
    for row in &rows {
        let path = shared.join("data").join(&row.path);
        let mut session = validator.session(Options::default());
        session.read(Source::open(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", row.path));
        let report = session.finish();
        assert_eq!(report.statistics.data.releases, row.releases, "{}", row.path);
        assert_eq!(report.statistics.data.records, row.records, "{}", row.path);
        // Every corpus file is JSON and OCDS-shaped: input findings are only about extensions,
        // and about a package `version` that names no OCDS version (New South Wales's "1.0.1").
        let input_ok = |g: &edca::validate::Group| {
            g.code == Code::UnknownExtension || (g.code == Code::PackageVersion && g.detail == "\"1.0.1\"")
        };
        assert!(report.input.iter().all(input_ok), "{}: {:?}", row.path, report.input);
        assert_eq!(report.valid, report.summary.errors == 0);
        for group in report.schema.iter().chain(&report.codelists).chain(&report.fields).chain(&report.quality) {
            assert!(group.count >= group.examples.len() as u64 && !group.examples.is_empty(), "{}", row.path);
        }
        invalid += usize::from(!report.valid);
    }
    eprintln!("{} files, {invalid} invalid", rows.len());
}

#[test]
fn report_schema_file_is_current() {
    common::assert_schema_file_current("validation-report.schema.json", &Report::json_schema(), "validate_corpus");
}
