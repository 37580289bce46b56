//! `edca publish`: a government's releases turned into the public files of its portal —
//! validated before anything is published, never half-written, refreshed incrementally.
//!
//! ```text
//! DIR/current -> generations/<N>        symbolic link, switched by one rename; readers follow it
//! DIR/generations/<N>/index.json        every file: path, bytes, sha256, counts; the run's time;
//!                                       ocid → files
//!   release-packages/run-<N>.json       the releases this run published for the first time
//!   release-packages/ocid/<name>.json   every published release of one ocid
//!   record-package.json                 one record per ocid (releases, compiledRelease,
//!                                       versionedRelease), ordered by ocid
//!   records/<name>.json                 one record per ocid
//!   validation.json                     the validation report (Spanish messages)
//!   validation.es.txt, validation.en.txt  the same, to read, with what was held
//!   indices.json, indices.csv           the indices of the published processes
//!   held.json                           what the gate held back, reasons in Spanish and English
//!   site/                               the portal pages (`[site] enabled`): see crate::site
//! DIR/.edca/lock                        held (flock) while a run writes
//! DIR/.edca/state-<N>.json              per ocid: releases' hashes, files, findings (for the
//!                                       next run)
//! ```
//!
//! `<name>` is [`names::encode`] of the ocid (reversible, cannot escape `DIR` or collide).
//!
//! Guarantees:
//! - **Atomic.** Every file is written to a temporary file beside it, fsynced and renamed; the
//!   generation's folders are fsynced; then `current` is switched by renaming a new symbolic
//!   link over it, and `DIR` is fsynced. A run cut short at any point (`kill -9` included)
//!   leaves `current` on the previous, complete generation; the next run removes the
//!   half-written one. The last two generations are kept (a reader still on the previous one
//!   finishes reading it), older ones are removed.
//! - **One writer.** [`store::Lock`] on `DIR/.edca/lock`; a second run fails with
//!   `publish.lock`. The lock is the kernel's (`flock`), released when its holder dies, so a
//!   lock file left by a dead process is taken over by the next run.
//! - **Gate.** Each process's releases are validated; what has findings at the configured
//!   severity is held back (the whole process, or only the bad release) and listed in
//!   `held.json` and the text reports; a process that cannot be merged is held too.
//! - **Incremental.** Every run reads all its sources; a process whose releases (their
//!   SHA-256, in order) and configuration are those of the previous run is not validated,
//!   merged or written again: its files are hard-linked from the previous generation. The
//!   aggregates (record package, reports, indices, index) are rebuilt from the per-process
//!   parts, so a re-run gives the same bytes as a cold run on the same inputs with the same
//!   time, except the run package (which holds only what is new) and the generation number.
//! - **Time.** Only the aggregates carry the run's time; a process's package is dated by its
//!   latest release, so its files do not change unless its releases do.
//!
//! The test hook [`store::CRASH_AFTER`] (`EDCA_PUBLISH_CRASH_AFTER=N`) aborts the process right
//! after its N-th file write.

pub mod config;
mod error;
pub mod gate;
pub mod names;
mod report;
pub mod store;
pub mod watch;

pub use config::Config;
pub use error::PublishError;
pub use store::FileEntry;

use crate::diagnostic::Diagnostics;
use crate::indices::{self, Indices, Process};
use crate::io::{Reader, Source};
use crate::merge::{Compiler, ProcessPlaces, ProcessReleases, RecordPackageBuilder, record};
use crate::profile::Profile;
use crate::site::{SiteOptions, SiteWriter};
use crate::validate::Validator;
use gate::{HeldRelease, PartGroup, PartStats, Reason};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use store::{Generation, Layout, Lock};

/// Generations kept: the current one and the one before (readers may still be on it).
pub const KEEP: usize = 2;

/// The folder of the portal pages in a generation (when `[site] enabled` or `--site`).
pub const SITE: &str = "site";

/// Where and when to publish.
#[derive(Debug, Clone)]
pub struct Options {
    /// `DIR`, the publication folder.
    pub out: PathBuf,
    /// The run's time (RFC 3339); `None`: now. Tests fix it to compare runs byte for byte.
    pub now: Option<String>,
}

/// One input of a run: a file or folder (read again on every run), or bytes read once (stdin).
#[derive(Debug, Clone)]
pub enum Input {
    /// A file, or a folder standing for its data files ([`crate::files::expand`]).
    Path(PathBuf),
    /// Bytes with a name for the diagnostics (`<stdin>`).
    Bytes {
        /// The name.
        name: String,
        /// The bytes.
        bytes: Arc<Vec<u8>>,
    },
}

/// What a run published: where, and the headline figures.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// `DIR/current`, the folder readers use.
    pub current: PathBuf,
    /// The generation written.
    pub generation: u64,
    /// The run's time.
    pub time: String,
    /// Processes read.
    pub processes_read: u64,
    /// Processes published (a record each).
    pub processes: u64,
    /// Releases read.
    pub releases_read: u64,
    /// Releases published.
    pub releases: u64,
    /// Releases published for the first time by this run (the run package).
    pub new_releases: u64,
    /// Releases held back.
    pub held_releases: u64,
    /// Processes with at least one release held back.
    pub held_processes: u64,
    /// Processes validated, merged and written by this run.
    pub rewritten: u64,
    /// Processes unchanged since the previous run (files linked).
    pub reused: u64,
    /// Contracted amounts of the published processes (sum of `contracts/value/amount` of the
    /// compiled releases), per currency.
    pub amounts: BTreeMap<String, Decimal>,
    /// Files in the generation (index.json included) and their bytes.
    pub files: u64,
    /// Bytes of those files.
    pub bytes: u64,
    /// What reading found: values that could not be read, releases that cannot be merged.
    #[serde(skip)]
    pub diagnostics: Diagnostics,
    /// Values left out while reading.
    pub left_out: u64,
    /// Files of the portal pages written (`None`: no pages).
    pub site_pages: Option<u64>,
}

impl Summary {
    /// The headline figures, as `edca publish` prints them.
    pub fn message(&self, lang: crate::Lang) -> String {
        let amounts: Vec<String> =
            self.amounts.iter().map(|(currency, amount)| format!("{amount} {currency}")).collect();
        let amounts = if amounts.is_empty() { "-".to_owned() } else { amounts.join(", ") };
        let current = self.current.display();
        let (n, time, files, bytes) = (self.generation, &self.time, self.files, self.bytes);
        let (read, published, rewritten, reused) = (self.processes_read, self.processes, self.rewritten, self.reused);
        let (releases, releases_read, new) = (self.releases, self.releases_read, self.new_releases);
        let (held, held_processes) = (self.held_releases, self.held_processes);
        let mut text = match lang {
            crate::Lang::Es => format!(
                "publicado en {current} (generación {n}, {time})\n  procesos: {published} publicados de {read} leídos ({rewritten} reescritos, {reused} sin cambios)\n  entregas: {releases} publicadas de {releases_read} leídas ({new} nuevas), {held} retenidas en {held_processes} procesos\n  monto contratado: {amounts}\n  archivos: {files} ({bytes} bytes); índice: {current}/index.json"
            ),
            crate::Lang::En => format!(
                "published in {current} (generation {n}, {time})\n  processes: {published} published of {read} read ({rewritten} rewritten, {reused} unchanged)\n  releases: {releases} published of {releases_read} read ({new} new), {held} held back in {held_processes} processes\n  contracted amount: {amounts}\n  files: {files} ({bytes} bytes); index: {current}/index.json"
            ),
        };
        if let Some(pages) = self.site_pages {
            text.push_str(&match lang {
                crate::Lang::Es => format!("\n  portal: {pages} archivos; abra {current}/{SITE}/index.html"),
                crate::Lang::En => format!("\n  portal: {pages} files; open {current}/{SITE}/index.html"),
            });
        }
        text
    }
}

/// One process, as the run left it (and as the next run finds it in the state).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Part {
    ocid: String,
    name: String,
    digest: String,
    /// SHA-256 of each release's JSON, in input order.
    hashes: Vec<String>,
    /// For each release: held back.
    held: Vec<bool>,
    /// Why, per held release (same order; empty for the passing ones).
    held_releases: Vec<HeldRelease>,
    /// The process could not be merged (its reason is in `held_releases`).
    #[serde(default)]
    unmergeable: bool,
    /// Files of the process (record, package); empty when nothing of it is published.
    files: Vec<FileEntry>,
    groups: Vec<PartGroup>,
    stats: PartStats,
    amounts: BTreeMap<String, Decimal>,
}

impl Part {
    fn published(&self) -> u64 {
        self.held.iter().filter(|h| !**h).count() as u64
    }
}

/// What the incremental state holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    fingerprint: String,
    parts: Vec<Part>,
}

/// A publisher: the configuration, the compiled validator, the folder.
#[derive(Debug)]
pub struct Publisher {
    config: Config,
    options: Options,
    validator: Validator,
    layout: Layout,
    fingerprint: String,
    /// The indices' thresholds and inputs (`[indices] config`), read once.
    indices: (indices::Config, indices::inputs::Inputs),
}

/// What the parallel work gives for one process.
struct Done {
    part: Part,
    /// The compiled and versioned release, for the indices.
    process: Option<(Value, Value)>,
    /// Releases published for the first time, as JSON.
    new: Vec<String>,
    reused: bool,
}

/// The `[source.postgres]` table of the configuration as the table source reads it.
#[cfg(feature = "postgres")]
fn table_config(table: &toml::Table) -> Result<crate::io::postgres::TableConfig, PublishError> {
    let mut table = table.clone();
    if !table.contains_key("url") {
        // `connect` takes EDCA_PG_URL when the URL is empty.
        table.insert("url".into(), toml::Value::String(String::new()));
    }
    toml::Value::Table(table)
        .try_into()
        .map_err(|e| PublishError::Config { file: "[source.postgres]".into(), reason: e.to_string() })
}

/// Reads every row of the table into the compiler (each row a source named `postgres:TABLE#KEY`,
/// so a bad row costs only itself and is reported with its key); returns the rows read.
#[cfg(feature = "postgres")]
fn read_table(
    config: &crate::io::postgres::TableConfig,
    compiler: &mut Compiler,
    reader: &mut Reader,
) -> Result<u64, PublishError> {
    use crate::io::postgres::{Table, TableError};
    let source_error = |e: TableError| PublishError::Io {
        path: format!("postgres:{}", config.table),
        reason: e.message(crate::Lang::En),
    };
    let mut table = Table::connect(config).map_err(source_error)?;
    let mut rows = 0u64;
    let mut failure = None;
    table
        .rows_after(None, &mut |row| {
            rows += 1;
            if let Err(error) = compiler.read(reader, row.source(&config.table)) {
                failure = Some(error);
                return Err(TableError::Read(crate::io::ReadError::from_consumer(&config.table, "stopped")));
            }
            Ok(())
        })
        .or_else(|e| if failure.is_some() { Ok(None) } else { Err(source_error(e)) })?;
    match failure {
        Some(error) => Err(error.into()),
        None => Ok(rows),
    }
}

impl Publisher {
    /// A publisher for `config` into `options.out` (the validator is compiled once, here).
    pub fn new(config: Config, options: Options) -> Result<Publisher, PublishError> {
        #[cfg(not(feature = "postgres"))]
        if config.source.postgres.is_some() {
            return Err(PublishError::Config {
                file: "[source.postgres]".into(),
                reason: "this build has no PostgreSQL source (feature `postgres`)".into(),
            });
        }
        #[cfg(feature = "postgres")]
        if let Some(table) = &config.source.postgres {
            table_config(table)?;
        }
        let validator = Validator::new(&Profile::edca_mx())?;
        let indices = match &config.indices.config {
            Some(path) => crate::files::indices_config(path).map_err(|e| PublishError::Config {
                file: path.display().to_string(),
                reason: e.message(crate::Lang::En),
            })?,
            None => Default::default(),
        };
        let layout = Layout { root: options.out.clone() };
        let fingerprint = store::sha256(
            serde_json::json!({
                "edca": env!("CARGO_PKG_VERSION"),
                "publisher": config.publisher,
                "package": config.package,
                "gate": config.gate,
            })
            .to_string()
            .as_bytes(),
        );
        Ok(Publisher { config, options, validator, layout, fingerprint, indices })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The inputs of a run: `inputs`, then the inbox folder when it exists (with `create`, as
    /// `--watch` asks, it is created when missing, so that a watch can start with none).
    pub fn inputs_with_inbox(&self, inputs: &[Input], create: bool) -> Result<Vec<Input>, PublishError> {
        let mut all = inputs.to_vec();
        if let Some(inbox) = &self.config.inbox {
            if create {
                std::fs::create_dir_all(&inbox.folder).map_err(|e| io_error(&inbox.folder.display().to_string(), e))?;
            }
            if inbox.folder.is_dir() {
                all.push(Input::Path(inbox.folder.clone()));
            }
        }
        Ok(all)
    }

    /// One run of `edca publish`: `inputs` and the configuration's inbox folder, if it exists
    /// ([`Publisher::inputs_with_inbox`]), published under the lock.
    pub fn publish_with_inbox(&self, inputs: &[Input]) -> Result<Summary, PublishError> {
        self.publish(&self.inputs_with_inbox(inputs, false)?)
    }

    /// One run: takes the lock, publishes, releases it.
    pub fn publish(&self, inputs: &[Input]) -> Result<Summary, PublishError> {
        let lock = Lock::acquire(&self.layout)?;
        let summary = self.publish_locked(inputs);
        drop(lock);
        summary
    }

    /// One run, the lock being held by the caller (see [`watch`]).
    pub(crate) fn publish_locked(&self, inputs: &[Input]) -> Result<Summary, PublishError> {
        let layout = &self.layout;
        let time = self.options.now.clone().unwrap_or_else(|| {
            chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        });
        let previous = layout.current();
        // A generation newer than `current` was cut short: it goes, with its state.
        let newest = layout.on_disk().into_iter().max().unwrap_or(0).max(previous.unwrap_or(0));
        let keep: Vec<u64> = layout.on_disk().into_iter().filter(|&g| Some(g) <= previous).collect();
        layout.prune(&keep)?;
        let state = previous.and_then(|p| self.load_state(p)).unwrap_or_default();
        let reuse: HashMap<&str, &Part> = if state.fingerprint == self.fingerprint {
            state.parts.iter().map(|p| (p.ocid.as_str(), p)).collect()
        } else {
            HashMap::new()
        };
        let previous_dir = previous.map(|p| layout.generation(p));
        let generation = Generation::create(layout, newest + 1)?;

        let mut compiler = Compiler::by_package_version();
        let mut reader = Reader::new();
        let mut files_read = 0u64;
        for input in inputs {
            for source in sources(input)? {
                files_read += 1;
                compiler.read(&mut reader, source?)?;
            }
        }
        #[cfg(feature = "postgres")]
        if let Some(table) = &self.config.source.postgres {
            files_read += read_table(&table_config(table)?, &mut compiler, &mut reader)?;
        }
        let diagnostics = compiler.take_diagnostics();
        let left_out = compiler.left_out();

        let n = generation.number;
        let run_rel = format!("release-packages/run-{n}.json");
        let mut parts: Vec<Part> = Vec::with_capacity(compiler.processes());
        let mut indices = Indices::with_inputs(self.indices.0.clone(), self.indices.1.clone());
        let mut site = match self.config.site.enabled {
            true => Some(SiteWriter::new(&generation.dir.join(SITE), self.site_options(&time))?),
            false => None,
        };
        let mut pending: Vec<(Value, Value)> = Vec::new();
        let mut new_releases = 0u64;
        let (mut rewritten, mut reused) = (0u64, 0u64);
        let head = self.release_package_head(&run_rel, &time);
        let mut failure: Option<PublishError> = None;
        let run_entry = generation.write_with(&run_rel, |out| {
            out.write_all(head.as_bytes())?;
            let result = compiler.merge_results(
                |process, places| Ok(self.process(process, places, &reuse, previous_dir.as_deref(), &generation)),
                |done: Result<Result<Done, PublishError>, crate::merge::CompileError>| -> Result<(), PublishError> {
                    let done = done??;
                    for release in &done.new {
                        if new_releases > 0 {
                            out.write_all(b",").map_err(|e| io_error(&run_rel, e))?;
                        }
                        out.write_all(release.as_bytes()).map_err(|e| io_error(&run_rel, e))?;
                        new_releases += 1;
                    }
                    if done.reused {
                        reused += 1;
                    } else {
                        rewritten += 1;
                    }
                    if let Some(mut process) = done.process {
                        if let Some(site) = &mut site {
                            process = add_to_site(site, &done.part, process)?;
                        }
                        pending.push(process);
                        if pending.len() >= 256 {
                            add_processes(&mut indices, &mut pending);
                        }
                    }
                    parts.push(done.part);
                    Ok(())
                },
            );
            if let Err(error) = result {
                failure = Some(error);
                return Err(std::io::Error::other("stopped"));
            }
            out.write_all(b"]}\n")
        });
        if let Some(error) = failure {
            return Err(error);
        }
        add_processes(&mut indices, &mut pending);
        let mut run_entry = run_entry?;
        run_entry.releases = new_releases;
        let mut entries = vec![run_entry];

        // The record package, from the records just written or linked, ordered by ocid.
        let mut order: Vec<usize> = (0..parts.len()).filter(|&i| !parts[i].files.is_empty()).collect();
        order.sort_by(|&a, &b| parts[a].ocid.cmp(&parts[b].ocid));
        let package_rel = "record-package.json";
        let mut package = self.record_package_builder(package_rel, &time).build().to_string();
        package.truncate(package.len() - 2);
        let mut releases_in_records = 0u64;
        let mut entry = generation.write_with(package_rel, |out| {
            out.write_all(package.as_bytes())?;
            for (k, &i) in order.iter().enumerate() {
                if k > 0 {
                    out.write_all(b",")?;
                }
                let text = std::fs::read(generation.dir.join(&parts[i].files[0].path))?;
                out.write_all(&text)?;
                releases_in_records += parts[i].published();
            }
            out.write_all(b"]}\n")
        })?;
        entry.records = order.len() as u64;
        entry.releases = releases_in_records;
        entries.push(entry);

        // Reports.
        let report = report::validation(&parts, &self.validator, files_read);
        let held = report::held(&parts, &diagnostics, self.config.gate);
        entries.push(generation.write("validation.json", &json_bytes(&report))?);
        for lang in [crate::Lang::Es, crate::Lang::En] {
            let text = report::text(&report, &held, lang);
            entries.push(generation.write(&format!("validation.{}.txt", lang.as_str()), text.as_bytes())?);
        }
        let indices = indices.finish();
        entries.push(generation.write("indices.json", &json_bytes(&indices))?);
        let mut csv = Vec::new();
        indices.write_csv(&mut csv).map_err(|e| io_error("indices.csv", e))?;
        entries.push(generation.write("indices.csv", &csv)?);
        entries.push(generation.write("held.json", &json_bytes(&held))?);
        let mut site_pages = None;
        if let Some(site) = site {
            let written = site.finish(&indices, Some(&report))?;
            site_pages = Some(written.files.len() as u64);
            for file in &written.files {
                let rel = format!("{SITE}/{}", file.to_string_lossy().replace('\\', "/"));
                entries.push(generation.adopt(&rel)?);
            }
        }

        // The index.
        let mut amounts: BTreeMap<String, Decimal> = BTreeMap::new();
        let (mut processes, mut releases, mut held_releases, mut held_processes) = (0u64, 0u64, 0u64, 0u64);
        let mut ocids = Map::new();
        for part in &parts {
            entries.extend(part.files.iter().cloned());
            if !part.files.is_empty() {
                processes += 1;
                let files: Map<String, Value> = [("record", &part.files[0]), ("releases", &part.files[1])]
                    .into_iter()
                    .map(|(k, f)| (k.to_owned(), Value::String(f.path.clone())))
                    .collect();
                ocids.insert(part.ocid.clone(), Value::Object(files));
            }
            releases += part.published();
            let held = part.held.len() as u64 - part.published();
            held_releases += held;
            held_processes += u64::from(held > 0);
            for (currency, amount) in &part.amounts {
                *amounts.entry(currency.clone()).or_default() += amount;
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let counts = serde_json::json!({
            "processesRead": parts.len(),
            "processes": processes,
            "releasesRead": parts.iter().map(|p| p.held.len() as u64).sum::<u64>(),
            "releases": releases,
            "newReleases": new_releases,
            "heldReleases": held_releases,
            "heldProcesses": held_processes,
            "leftOut": left_out,
            "amounts": amounts,
        });
        let bytes: u64 = entries.iter().map(|e| e.bytes).sum();
        let index = serde_json::json!({
            "generation": n,
            "time": time,
            "publisher": self.config.publisher.to_json(),
            "counts": counts,
            "files": entries,
            "ocids": ocids,
        });
        let index_entry = generation.write("index.json", &json_bytes(&index))?;
        let files = entries.len() as u64 + 1;
        let bytes = bytes + index_entry.bytes;

        let state = State { fingerprint: self.fingerprint.clone(), parts };
        store::write_file(&layout.state(n), &serde_json::to_vec(&state).map_err(|e| io_error("state", e.into()))?)?;
        generation.switch(layout)?;
        let keep: Vec<u64> = layout.on_disk().into_iter().rev().take(KEEP).collect();
        layout.prune(&keep)?;
        Ok(Summary {
            current: layout.root.join("current"),
            generation: n,
            time,
            processes_read: state.parts.len() as u64,
            processes,
            releases_read: state.parts.iter().map(|p| p.held.len() as u64).sum(),
            releases,
            new_releases,
            held_releases,
            held_processes,
            rewritten,
            reused,
            amounts,
            files,
            bytes,
            diagnostics,
            left_out,
            site_pages,
        })
    }

    fn load_state(&self, generation: u64) -> Option<State> {
        let bytes = std::fs::read(self.layout.state(generation)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// One process: reused from the previous generation when unchanged, else validated,
    /// gated, merged and written.
    fn process(
        &self,
        process: ProcessReleases,
        places: &ProcessPlaces,
        reuse: &HashMap<&str, &Part>,
        previous: Option<&Path>,
        generation: &Generation,
    ) -> Result<Done, PublishError> {
        let ProcessReleases { ocid, releases, merger, .. } = process;
        let texts: Vec<String> = releases.iter().map(Value::to_string).collect();
        let hashes: Vec<String> = texts.iter().map(|t| store::sha256(t.as_bytes())).collect();
        let digest = store::sha256(hashes.join(",").as_bytes());
        let before = reuse.get(ocid).copied();
        if let (Some(part), Some(previous)) = (before, previous)
            && part.digest == digest
        {
            for file in &part.files {
                generation.link(previous, &file.path)?;
            }
            let process = match part.files.first() {
                Some(record) => {
                    let path = generation.dir.join(&record.path);
                    let text = std::fs::read(&path).map_err(|e| io_error(&record.path, e))?;
                    let mut value: Value =
                        serde_json::from_slice(&text).map_err(|e| io_error(&record.path, e.into()))?;
                    let compiled = value.get_mut("compiledRelease").map(Value::take).unwrap_or_default();
                    let versioned = value.get_mut("versionedRelease").map(Value::take).unwrap_or_default();
                    Some((compiled, versioned))
                }
                None => None,
            };
            return Ok(Done { part: part.clone(), process, new: Vec::new(), reused: true });
        }

        let verdict = gate::check(&self.validator, &self.config.gate, &releases, places);
        let mut held: Vec<bool> = verdict.reasons.iter().map(|r| !r.is_empty()).collect();
        if self.config.gate.hold == config::Hold::Ocid && held.iter().any(|h| *h) {
            held.iter_mut().for_each(|h| *h = true);
        }
        let place = |n: usize| {
            let (file, line, _, pointer) = places.locate(n, "");
            (file.unwrap_or("").to_owned(), line, pointer)
        };
        let mut held_releases: Vec<HeldRelease> = Vec::new();
        let kept: Vec<usize> = (0..releases.len()).filter(|&n| !held[n]).collect();
        let mut files = Vec::new();
        let mut process_values = None;
        let mut new = Vec::new();
        let mut amounts = BTreeMap::new();
        let mut unmergeable = false;
        if !kept.is_empty() {
            let subset: Vec<Value> = kept.iter().map(|&n| releases[n].clone()).collect();
            let merged = merger.compile(&subset).and_then(|c| Ok((c.release, merger.versioned(&subset)?.release)));
            match merged {
                Ok((compiled, versioned)) => {
                    let name = names::encode(ocid);
                    let date = compiled.get("date").and_then(Value::as_str).unwrap_or("").to_owned();
                    amounts = contracted(&compiled);
                    let record_value = record(ocid, subset.iter().map(|r| (r, None)), compiled, Some(versioned));
                    let record_rel = format!("records/{name}.json");
                    let mut entry = generation.write(&record_rel, record_value.to_string().as_bytes())?;
                    entry.records = 1;
                    entry.releases = kept.len() as u64;
                    files.push(entry);
                    let package_rel = format!("release-packages/ocid/{name}.json");
                    let mut text = self.release_package_head(&package_rel, &date);
                    for (k, &n) in kept.iter().enumerate() {
                        if k > 0 {
                            text.push(',');
                        }
                        text.push_str(&texts[n]);
                    }
                    text.push_str("]}\n");
                    let mut entry = generation.write(&package_rel, text.as_bytes())?;
                    entry.releases = kept.len() as u64;
                    files.push(entry);
                    let mut record_value = record_value;
                    let compiled = record_value.get_mut("compiledRelease").map(Value::take).unwrap_or_default();
                    let versioned = record_value.get_mut("versionedRelease").map(Value::take).unwrap_or_default();
                    process_values = Some((compiled, versioned));
                    let published_before: Vec<&String> = before
                        .map(|p| p.hashes.iter().zip(&p.held).filter(|(_, h)| !**h).map(|(h, _)| h).collect())
                        .unwrap_or_default();
                    new = kept
                        .iter()
                        .filter(|&&n| !published_before.contains(&&hashes[n]))
                        .map(|&n| texts[n].clone())
                        .collect();
                }
                Err(error) => {
                    unmergeable = true;
                    let (es, en) = error.messages();
                    let (file, line, pointer) = place(kept[0]);
                    held_releases.push(HeldRelease {
                        id: crate::merge::label(&releases[kept[0]], "id"),
                        file,
                        line,
                        pointer,
                        reasons: vec![Reason {
                            code: error.code().to_owned(),
                            severity: "error".to_owned(),
                            pointer: String::new(),
                            message_es: es,
                            message_en: en,
                        }],
                        findings: 1,
                    });
                    held.iter_mut().for_each(|h| *h = true);
                }
            }
        }
        for (n, is_held) in held.iter().enumerate() {
            if *is_held && !(unmergeable && n == kept.first().copied().unwrap_or(usize::MAX)) {
                let (file, line, pointer) = place(n);
                held_releases.push(HeldRelease {
                    id: crate::merge::label(&releases[n], "id"),
                    file,
                    line,
                    pointer,
                    reasons: verdict.reasons[n].clone(),
                    findings: verdict.counts[n],
                });
            }
        }
        let part = Part {
            ocid: ocid.to_owned(),
            name: names::encode(ocid),
            digest,
            hashes,
            held,
            held_releases,
            unmergeable,
            files,
            groups: verdict.groups,
            stats: verdict.stats,
            amounts,
        };
        Ok(Done { part, process: process_values, new, reused: false })
    }

    /// The pages' title, language and footer time.
    fn site_options(&self, time: &str) -> SiteOptions {
        let site = &self.config.site;
        let title = match (site.title.is_empty(), self.config.publisher.name.is_empty()) {
            (false, _) => site.title.clone(),
            (true, false) => self.config.publisher.name.clone(),
            (true, true) => "Contrataciones abiertas".to_owned(),
        };
        SiteOptions { title, lang: site.lang, generated_at: time.to_owned() }
    }

    fn uri(&self, rel: &str) -> String {
        format!("{}{rel}", self.config.package.uri_prefix)
    }

    /// The record package's members before its records (the last two characters, `]}`, cut).
    fn record_package_builder(&self, rel: &str, time: &str) -> RecordPackageBuilder {
        let meta = &self.config.package;
        RecordPackageBuilder::new()
            .uri(self.uri(rel))
            .published_date(time)
            .version(meta.version.clone())
            .publisher(self.config.publisher.to_json())
            .license(meta.license.clone())
            .publication_policy(meta.publication_policy.clone())
            .extensions(meta.extensions.clone())
    }

    /// A release package's text up to its first release: `{"uri":…,"releases":[`.
    fn release_package_head(&self, rel: &str, date: &str) -> String {
        let meta = &self.config.package;
        let mut package = Map::new();
        package.insert("uri".into(), Value::String(self.uri(rel)));
        package.insert("publisher".into(), self.config.publisher.to_json());
        package.insert("publishedDate".into(), Value::String(date.to_owned()));
        if let Some(license) = &meta.license {
            package.insert("license".into(), Value::String(license.clone()));
        }
        if let Some(policy) = &meta.publication_policy {
            package.insert("publicationPolicy".into(), Value::String(policy.clone()));
        }
        package.insert("version".into(), Value::String(meta.version.clone()));
        if !meta.extensions.is_empty() {
            package.insert("extensions".into(), meta.extensions.iter().cloned().map(Value::String).collect());
        }
        package.insert("releases".into(), Value::Array(Vec::new()));
        let mut text = Value::Object(package).to_string();
        text.truncate(text.len() - 2);
        text
    }
}

/// The sources an input stands for, each opened when its turn comes.
fn sources(input: &Input) -> Result<Vec<Result<Source, PublishError>>, PublishError> {
    match input {
        Input::Bytes { name, bytes } => {
            let bytes = bytes.clone();
            let source = Source::from_bytes(name.clone(), ArcBytes(bytes))
                .map_err(|e| crate::merge::CompileError::Read(e).into());
            Ok(vec![source])
        }
        Input::Path(path) => {
            let files = crate::files::expand(path).map_err(|e| io_error(&path.display().to_string(), e))?;
            Ok(files
                .into_iter()
                .map(|file| Source::open(&file).map_err(|e| crate::merge::CompileError::Read(e).into()))
                .collect())
        }
    }
}

struct ArcBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Gives a published process to the pages (its record's link goes from `site/` to
/// `records/<name>.json`) and hands its releases back for the indices.
fn add_to_site(
    site: &mut SiteWriter,
    part: &Part,
    (compiled, versioned): (Value, Value),
) -> Result<(Value, Value), PublishError> {
    let mut record = Map::new();
    record.insert("ocid".into(), Value::String(part.ocid.clone()));
    record.insert("compiledRelease".into(), compiled);
    record.insert("versionedRelease".into(), versioned);
    let mut record = Value::Object(record);
    site.add_record(&record, &format!("../records/{}.json", part.name))?;
    let compiled = record.get_mut("compiledRelease").map(Value::take).unwrap_or_default();
    let versioned = record.get_mut("versionedRelease").map(Value::take).unwrap_or_default();
    Ok((compiled, versioned))
}

fn add_processes(indices: &mut Indices, pending: &mut Vec<(Value, Value)>) {
    let processes: Vec<Process> = pending
        .iter()
        .filter_map(|(compiled, versioned)| Some(Process::new(compiled)?.with_versioned(versioned)))
        .collect();
    indices.add_processes(&processes);
    pending.clear();
}

/// `contracts/value/amount` of a compiled release, summed per currency.
fn contracted(compiled: &Value) -> BTreeMap<String, Decimal> {
    let mut out: BTreeMap<String, Decimal> = BTreeMap::new();
    for contract in compiled.get("contracts").and_then(Value::as_array).into_iter().flatten() {
        if let Some((amount, currency)) = contract.get("value").and_then(indices::json::money) {
            *out.entry(currency.to_owned()).or_default() += amount;
        }
    }
    out
}

fn json_bytes(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn io_error(path: &str, error: std::io::Error) -> PublishError {
    PublishError::Io { path: path.to_owned(), reason: error.to_string() }
}
