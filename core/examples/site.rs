//! The portal's pages for a folder of OCDS / EDCA-MX data, without the publish job: compile
//! one record per process (with its versioned release), compute the indices and validate, then
//! write the site with [`edca::site::SiteWriter`].
//!
//! ```text
//! cargo run -p edca --example site -- [FOLDER] [OUT]      # default: examples/data target/site
//! ```
//!
//! OUT gets `records/<name>.json` (one record per ocid, as the publish job writes them),
//! `indices.json` (the report every figure of the pages comes from) and `site/` (the pages;
//! open `site/index.html`). A `FOLDER/inputs/indices.toml` configures the indices (approved
//! budget, sanctions…), as in `scripts/pipeline`. Prints the time each step took.

use edca::indices::{Config, Indices, Process};
use edca::io::Source;
use edca::merge::{Compilation, CompileOptions, Output, OutputForm};
use edca::site::{SiteOptions, SiteWriter, page_name};
use edca::validate::{Options, Validator};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = args.next().map(PathBuf::from).unwrap_or_else(|| manifest.join("../examples/data"));
    let out = args.next().map(PathBuf::from).unwrap_or_else(|| manifest.join("../target/site"));
    let files = edca::files::expand(&folder)?;
    let records_dir = out.join("records");
    std::fs::create_dir_all(&records_dir)?;

    // 1. Compile: one record per ocid, with its compiled and versioned release.
    let started = Instant::now();
    let options =
        CompileOptions { package: true, versioned: true, output: OutputForm::Value, ..CompileOptions::default() };
    let mut compilation = Compilation::new(options);
    for file in &files {
        compilation.read(Source::open(file)?)?;
    }
    let mut records = Vec::new();
    let outcome = compilation.each(|processed| {
        match processed.output {
            Ok(Output::Value(record)) => records.push(record),
            Ok(Output::Json(_)) => eprintln!("{}: JSON text where a value was asked for", processed.ocid),
            Err(error) => eprintln!("left out: {}", error.message(edca::Lang::En)),
        }
        Ok::<(), edca::merge::CompileError>(())
    })?;
    let compiled_in = started.elapsed();

    // 2. Indices over the records, with the folder's configuration if it has one.
    let started = Instant::now();
    let config_path = folder.join("inputs/indices.toml");
    let (config, inputs) = if config_path.is_file() {
        edca::files::indices_config(&config_path)?
    } else {
        (Config::default(), Default::default())
    };
    let mut indices = Indices::with_inputs(config, inputs);
    let processes: Vec<Process> = records
        .iter()
        .filter_map(|record| {
            let process = Process::new(record.get("compiledRelease")?)?;
            Some(match record.get("versionedRelease") {
                Some(versioned) => process.with_versioned(versioned),
                None => process,
            })
        })
        .collect();
    indices.add_processes(&processes);
    let report = indices.finish();
    std::fs::write(out.join("indices.json"), serde_json::to_string_pretty(&report.to_json())?)?;
    let indices_in = started.elapsed();

    // 3. Validation of the input files (its summary goes on the "what the data allows" page).
    let started = Instant::now();
    let validator = Validator::new(&edca::profile::Profile::edca_mx())?;
    let mut session = validator.session(Options { max_examples: 1, ..Options::default() });
    for file in &files {
        session.read(Source::open(file)?)?;
    }
    let validation = session.finish();
    let validated_in = started.elapsed();

    // 4. The records, as the publish job writes them; then the site, whose pages link to them.
    let mut names = Vec::new();
    let mut record_bytes = 0u64;
    for record in &records {
        let ocid = record.get("ocid").and_then(|o| o.as_str()).unwrap_or_default();
        let name = format!("{}.json", page_name(ocid));
        let text = serde_json::to_string(record)?;
        record_bytes += text.len() as u64;
        std::fs::write(records_dir.join(&name), text)?;
        names.push(name);
    }
    let started = Instant::now();
    let generated_at = std::env::var("EDCA_SITE_TIME").unwrap_or_else(|_| "2026-12-03T00:00:00Z".to_owned());
    let options = SiteOptions { title: "Contrataciones abiertas".to_owned(), lang: edca::Lang::Es, generated_at };
    let mut site = SiteWriter::new(&out.join("site"), options)?;
    for (record, name) in records.iter().zip(&names) {
        site.add_record(record, &format!("../records/{name}"))?;
    }
    let summary = site.finish(&report, Some(&validation))?;
    let site_in = started.elapsed();
    let home = std::fs::metadata(out.join("site/index.html"))?.len();
    println!(
        "{} processes ({} left out); compile {:.2?}, indices {:.2?}, validate {:.2?}, site {:.2?} \
         ({} files, {} bytes; home page {} bytes; records {} bytes)",
        records.len(),
        outcome.failed,
        compiled_in,
        indices_in,
        validated_in,
        site_in,
        summary.files.len(),
        summary.bytes,
        home,
        record_bytes
    );
    println!("open {}", out.join("site/index.html").display());
    Ok(())
}
