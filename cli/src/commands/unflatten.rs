//! `edca unflatten`: a spreadsheet (CSV folder, XLSX, ODS) in flatten-tool's layout → releases.

use crate::commands::flatten::tables_failure;
use crate::failure::Failure;
use edca::Lang;
use edca::diagnostic::Severity;
use edca::tables::{CellOptions, UnflattenOptions, Unflattener, Workbook, valid_utc_offset};
use std::io::Write;
use std::path::PathBuf;

/// Read a spreadsheet in flatten-tool's layout into EDCA-MX releases (JSON lines on stdout, or
/// one release package with --package).
///
/// Cells are typed by the schema and normalised where a person typed them another way (dates as
/// Excel numbers or dd/mm/aaaa, amounts with `$` or thousands separators, blanks, RFC/CURP in
/// lower case); each change and each problem is reported on stderr with its sheet, row, column
/// and value. Exit status 1 when a value could not be read as its type or was left out.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write one release package (metadata from the `package` sheet) instead of JSON lines.
    #[arg(long)]
    package: bool,
    /// The time zone given to dates and times typed without one (`Z`, `-06:00`…).
    #[arg(long, default_value = "Z", value_name = "OFFSET")]
    utc_offset: String,
    /// Language of the report.
    #[arg(long, default_value = "es")]
    lang: Lang,
    /// Write the report as JSON lines (one issue a line) instead of text.
    #[arg(long)]
    json_report: bool,
    /// Do not merge parties that share an identifier.
    #[arg(long)]
    keep_parties: bool,
    /// The spreadsheet: a folder of .csv files, a .csv file, or an .xlsx/.xlsm/.xls/.ods workbook.
    input: PathBuf,
}

pub fn run(args: Args) -> Result<(), Failure> {
    if !valid_utc_offset(&args.utc_offset) {
        return Err(Failure::Usage(format!("--utc-offset {:?}: expected Z or ±hh:mm", args.utc_offset)));
    }
    let mut workbook = Workbook::open(&args.input).map_err(tables_failure)?;
    let options = UnflattenOptions {
        cells: CellOptions { utc_offset: args.utc_offset.clone(), date_1904: false },
        profile: None,
        merge_parties: !args.keep_parties,
    };
    let mut unflattener = Unflattener::new(options);
    unflattener.add_workbook(&mut workbook).map_err(tables_failure)?;
    let out = unflattener.finish();
    let mut stdout = std::io::stdout().lock();
    if args.package {
        serde_json::to_writer(&mut stdout, &out.to_package()).map_err(std::io::Error::from)?;
        writeln!(stdout)?;
    } else {
        for release in &out.releases {
            serde_json::to_writer(&mut stdout, release).map_err(std::io::Error::from)?;
            writeln!(stdout)?;
        }
    }
    stdout.flush()?;
    let mut stderr = std::io::stderr().lock();
    for issue in &out.issues {
        if args.json_report {
            let _ = serde_json::to_writer(&mut stderr, issue);
            let _ = writeln!(stderr);
        } else {
            let _ = writeln!(stderr, "edca: {}: {}", args.input.display(), issue.line_text(args.lang));
        }
    }
    let errors = out.issues.iter().filter(|i| i.severity == Severity::Error).count();
    if errors > 0 {
        let message = match args.lang {
            Lang::Es => format!("{errors} problemas en celdas (ver arriba)"),
            Lang::En => format!("{errors} cell problems (see above)"),
        };
        return Err(Failure::Invalid(message));
    }
    Ok(())
}
