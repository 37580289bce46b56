//! The public portal: static HTML pages that say what a publication holds, for people who do not
//! read JSON (citizens, journalists, internal-control bodies).
//!
//! [`SiteWriter`] takes one record per process ([`SiteWriter::add_record`]), keeps a small
//! summary of each and writes the process page's data sections to a part file at once, so
//! memory stays small whatever the publication; [`SiteWriter::finish`] adds what needs the
//! whole dataset — the indices [`Report`](crate::indices::Report) (every figure shown is read
//! from it, never recomputed here), the flags of each process, the validation summary — and
//! writes every page.
//!
//! What the pages are:
//! - **Static, self-contained**: plain HTML, one CSS and one small hand-written JS file, and the
//!   search index as a JS data file (`assets/search-index.js`, so search works from `file://`,
//!   where `fetch` is refused). No request leaves the site folder except a link the reader
//!   follows (documents on the publisher's servers).
//! - **Both languages in every page**: Spanish and English texts side by side, one shown
//!   (Spanish unless [`SiteOptions::lang`] says otherwise), switched by a button; the choice is
//!   kept in `localStorage`. Without JavaScript the first language shows.
//! - **Charts as SVG written here**: no JS library to pin, audit and ship; the pages render
//!   without scripts, print, and each chart has a `<title>`, a description, value labels and
//!   patterns (colour is never the only cue), and the table it was drawn from.
//! - **Safe**: every value from the data is HTML-escaped ([`html::escape`]); links to documents
//!   are kept only for `http(s)` URLs; page names come from [`page_name`].
//!
//! Layout of the folder:
//! ```text
//! index.html           headline figures, method mix, budget, timeliness, alerts
//! procesos.html        search and filters (buyer, year, method, flag)
//! alertas.html         every alert, with the fields that raised it
//! compradores.html     buyers; compradores/<name>.html one per buyer
//! proveedores.html     suppliers; proveedores/<name>.html one per supplier
//! p/<name>.html        one per process
//! datos.html           what the data allows (coverage, missing fields and roles, validation)
//! metodologia.html     the definition of every figure (anchors = indicator ids)
//! assets/site.css, assets/site.js, assets/search-index.js
//! ```

mod charts;
mod html;
mod i18n;
mod names;
mod pages;
mod record;
mod search;

pub use names::{page_name, page_name_decode};

use crate::Lang;
use record::Summary;
use std::path::{Path, PathBuf};

/// How the site is presented.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The portal's name, shown on every page (e.g. "Contrataciones abiertas de San Pedro").
    pub title: String,
    /// The language shown first (the other is one click away).
    pub lang: Lang,
    /// When the publication was made, as written in the footer (e.g. an RFC 3339 time).
    pub generated_at: String,
}

/// What [`SiteWriter::finish`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSummary {
    /// Files written, relative to the site folder.
    pub files: Vec<PathBuf>,
    /// Their total size in bytes.
    pub bytes: u64,
}

/// Why the site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// A file or folder could not be written or read back.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A record given to [`SiteWriter::add_record`] is not one (no object, or no string `ocid`).
    #[error("record {index}: {reason}")]
    Record {
        /// Position of the record among those added (0-based).
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// Two records of the same process were added.
    #[error("record {index}: ocid {ocid} was already added")]
    Duplicate {
        /// Position of the second record (0-based).
        index: usize,
        /// The ocid.
        ocid: String,
    },
}

impl SiteError {
    /// A stable, dotted code: `site.io`, `site.record`, `site.duplicate`.
    pub fn code(&self) -> &'static str {
        match self {
            SiteError::Io { .. } => "site.io",
            SiteError::Record { .. } => "site.record",
            SiteError::Duplicate { .. } => "site.duplicate",
        }
    }

    /// The message in Spanish or English, naming the file or the record.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SiteError::Io { path, source }, Lang::Es) => {
                format!("no se pudo escribir o leer {}: {source}", path.display())
            }
            (SiteError::Io { path, source }, Lang::En) => format!("could not write or read {}: {source}", path.display()),
            (SiteError::Record { index, reason }, Lang::Es) => {
                format!("el registro {index} no es un registro OCDS utilizable: {reason}")
            }
            (SiteError::Record { index, reason }, Lang::En) => format!("record {index} is not a usable OCDS record: {reason}"),
            (SiteError::Duplicate { index, ocid }, Lang::Es) => {
                format!("el registro {index} repite el ocid {ocid}, que ya se había agregado")
            }
            (SiteError::Duplicate { index, ocid }, Lang::En) => {
                format!("record {index} repeats ocid {ocid}, which was already added")
            }
        }
    }
}

/// Writes the portal's pages into one folder.
#[derive(Debug)]
pub struct SiteWriter {
    dir: PathBuf,
    options: SiteOptions,
    processes: Vec<Summary>,
    seen: std::collections::HashSet<String>,
    out: Out,
}

/// The files written so far.
#[derive(Debug)]
struct Out {
    dir: PathBuf,
    files: Vec<PathBuf>,
    bytes: u64,
}

impl Out {
    fn write(&mut self, relative: &Path, bytes: &[u8]) -> Result<(), SiteError> {
        let path = self.dir.join(relative);
        std::fs::write(&path, bytes).map_err(|source| SiteError::Io { path, source })?;
        self.files.push(relative.to_owned());
        self.bytes += bytes.len() as u64;
        Ok(())
    }
}

impl SiteWriter {
    /// Pages go into `dir` (created), e.g. DIR/generations/<N>/site.
    pub fn new(dir: &Path, options: SiteOptions) -> Result<SiteWriter, SiteError> {
        for sub in ["", "p", "compradores", "proveedores", "assets", ".parts"] {
            let path = dir.join(sub);
            std::fs::create_dir_all(&path).map_err(|source| SiteError::Io { path, source })?;
        }
        Ok(SiteWriter {
            dir: dir.to_owned(),
            options,
            processes: Vec::new(),
            seen: Default::default(),
            out: Out { dir: dir.to_owned(), files: Vec::new(), bytes: 0 },
        })
    }

    /// One process: its record (compiledRelease and, when present, versionedRelease) and the
    /// URL of its JSON record relative to the site folder (e.g. "../records/ocds-x-1.json").
    /// Keeps a small summary per process; pages are written by `finish`.
    pub fn add_record(&mut self, record: &serde_json::Value, record_href: &str) -> Result<(), SiteError> {
        let index = self.processes.len();
        let (summary, part) = record::read(record, record_href).map_err(|reason| SiteError::Record { index, reason })?;
        if !self.seen.insert(summary.ocid.clone()) {
            return Err(SiteError::Duplicate { index, ocid: summary.ocid });
        }
        let path = part_path(&self.dir, &summary);
        std::fs::write(&path, part).map_err(|source| SiteError::Io { path, source })?;
        self.processes.push(summary);
        Ok(())
    }


    /// Writes every page (home, processes, buyers, suppliers, methodology, data coverage),
    /// the search index and the assets; returns the files written (relative to `dir`).
    pub fn finish(
        self,
        indices: &crate::indices::Report,
        validation: Option<&crate::validate::Report>,
    ) -> Result<SiteSummary, SiteError> {
        let SiteWriter { dir, options, processes, mut out, .. } = self;
        let report = indices.to_json();
        let context = pages::Context::new(&options, &report, validation, &processes);
        let pages: [(&str, String); 10] = [
            ("assets/site.css", html::CSS.to_owned()),
            ("assets/site.js", html::JS.to_owned()),
            ("assets/search-index.js", search::index_js(&context)),
            ("index.html", pages::home(&context)),
            ("procesos.html", pages::search_page(&context)),
            ("alertas.html", pages::alerts_page(&context)),
            ("datos.html", pages::data_page(&context)),
            ("metodologia.html", pages::methodology(&context)),
            ("compradores.html", pages::buyers_list(&context)),
            ("proveedores.html", pages::suppliers_list(&context)),
        ];
        for (path, text) in pages {
            out.write(Path::new(path), text.as_bytes())?;
        }
        for (page, text) in pages::organisation_pages(&context) {
            out.write(&page, text.as_bytes())?;
        }
        for summary in &processes {
            let part_path = part_path(&dir, summary);
            let part = std::fs::read_to_string(&part_path)
                .map_err(|source| SiteError::Io { path: part_path.clone(), source })?;
            let page = pages::process_page(&context, summary, &part);
            out.write(Path::new(&format!("p/{}.html", summary.page)), page.as_bytes())?;
            std::fs::remove_file(&part_path).map_err(|source| SiteError::Io { path: part_path, source })?;
        }
        let parts = dir.join(".parts");
        std::fs::remove_dir(&parts).map_err(|source| SiteError::Io { path: parts, source })?;
        Ok(SiteSummary { files: out.files, bytes: out.bytes })
    }
}

/// Where the page sections of a process wait for [`SiteWriter::finish`].
fn part_path(dir: &Path, summary: &Summary) -> PathBuf {
    dir.join(".parts").join(format!("{}.part", summary.page))
}
