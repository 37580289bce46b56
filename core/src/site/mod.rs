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
//! - **Safe**: every value from the data is HTML-escaped (`html::escape`); links to documents
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
            (SiteError::Io { path, source }, Lang::En) => {
                format!("could not write or read {}: {source}", path.display())
            }
            (SiteError::Record { index, reason }, Lang::Es) => {
                format!("el registro {index} no es un registro OCDS utilizable: {reason}")
            }
            (SiteError::Record { index, reason }, Lang::En) => {
                format!("record {index} is not a usable OCDS record: {reason}")
            }
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
    /// Pages go into `dir` (created), e.g. `DIR/generations/<N>/site`.
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
        let (summary, part) =
            record::read(record, record_href).map_err(|reason| SiteError::Record { index, reason })?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indices::{Config, Indices, Process};
    use serde_json::{Value, json};

    fn record(ocid: &str, title: &str, method: &str, tenderers: u64) -> Value {
        json!({
            "ocid": ocid,
            "releases": [{"url": "x", "date": "2024-01-10T00:00:00Z", "tag": ["tender"]}],
            "compiledRelease": {
                "ocid": ocid, "id": "1", "date": "2024-01-10T00:00:00Z", "tag": ["compiled"],
                "buyer": {"id": "B/1", "name": "Municipio <Norte>"},
                "parties": [{"id": "S1", "name": "Proveedor \"uno\"", "roles": ["supplier"]}],
                "tender": {"title": title, "procurementMethod": method, "numberOfTenderers": tenderers,
                    "tenderPeriod": {"startDate": "2024-01-01", "endDate": "2024-01-05"},
                    "documents": [{"id": "d", "title": "x", "url": "javascript:alert(1)"}]},
                "awards": [{"id": "A1", "status": "active", "date": "2024-01-20",
                    "value": {"amount": 100000, "currency": "MXN"}, "suppliers": [{"id": "S1"}]}]
            }
        })
    }

    fn site(records: &[Value]) -> (tempdir::Dir, crate::indices::Report) {
        let mut indices = Indices::new(Config::default());
        let processes: Vec<Process> = records.iter().filter_map(|r| Process::new(&r["compiledRelease"])).collect();
        indices.add_processes(&processes);
        let report = indices.finish();
        let dir = tempdir::Dir::new();
        let options =
            SiteOptions { title: "Portal <de prueba>".into(), lang: Lang::Es, generated_at: "2026-12-03".into() };
        let mut writer = SiteWriter::new(&dir.0, options).unwrap();
        for r in records {
            writer.add_record(r, "../records/x.json").unwrap();
        }
        let summary = writer.finish(&report, None).unwrap();
        assert!(summary.files.iter().any(|f| f == Path::new("index.html")));
        assert_eq!(
            summary.bytes,
            summary.files.iter().map(|f| std::fs::metadata(dir.0.join(f)).unwrap().len()).sum::<u64>()
        );
        assert!(!dir.0.join(".parts").exists(), "part files are removed");
        (dir, report)
    }

    /// Every `<data value data-src>` of a page.
    fn figures(page: &str) -> Vec<(String, String)> {
        page.split("<data value=\"")
            .skip(1)
            .map(|rest| {
                let (value, rest) = rest.split_once('"').unwrap();
                let src = rest.split_once("data-src=\"").unwrap().1.split_once('"').unwrap().0;
                (value.to_owned(), src.replace("&amp;", "&"))
            })
            .collect()
    }

    /// Oracle: the indices report itself — every figure a page shows is the number at its
    /// pointer in `Report::to_json` (equal as numbers: `3` and `3.0` are one value).
    #[test]
    fn figures_equal_the_report() {
        let records = [
            record("ocds-a-1", "Uno", "direct", 1),
            record("ocds-a-2", "Dos", "open", 1),
            record("OCDS-A-3", "Tres", "open", 3),
        ];
        let (dir, report) = site(&records);
        let json = report.to_json();
        for page in ["index.html", "datos.html", "compradores.html", "proveedores.html"] {
            let text = std::fs::read_to_string(dir.0.join(page)).unwrap();
            let found = figures(&text);
            assert!(!found.is_empty() || page != "index.html");
            for (value, src) in found {
                let expected = json.pointer(&src).unwrap_or_else(|| panic!("{page}: {src} not in the report"));
                assert_eq!(value.parse::<f64>().ok(), expected.as_f64(), "{page}: {src}");
            }
        }
        let home = std::fs::read_to_string(dir.0.join("index.html")).unwrap();
        assert!(home.contains(
            r#"<data value="0.3333333333333333" data-src="/competition/dataset/direct_share_count/value">33.3 %</data>"#
        ));
        assert!(home.contains(r#"data-src="/meta/processes">3</data>"#));
        // The single-bidder rate: 1 of the 2 open processes has one tenderer.
        assert!(
            home.contains(
                r#"<data value="0.5" data-src="/competition/dataset/single_bidder_rate/value">50.0 %</data>"#
            )
        );
    }

    /// Decided by hand: values from the data are escaped everywhere, unsafe URLs not linked,
    /// pages named by `page_name`, and the search index maps each ocid to its page.
    #[test]
    fn pages_are_escaped_and_named_safely() {
        let records = [
            record("../../etc/passwd", "<script>alert('x')</script>", "direct", 1),
            record("OCDS-A-3", "Tres", "open", 3),
        ];
        let (dir, _) = site(&records);
        let page = std::fs::read_to_string(dir.0.join(format!("p/{}.html", page_name("../../etc/passwd")))).unwrap();
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(!page.contains("<script>alert"));
        assert!(!page.contains("javascript:"), "a javascript: URL is not linked");
        assert!(page.contains("Municipio &lt;Norte&gt;"));
        assert!(page.contains(r#"href="../compradores/_b~2f1.html""#));
        let home = std::fs::read_to_string(dir.0.join("index.html")).unwrap();
        assert!(home.contains("Portal &lt;de prueba&gt;") && !home.contains("<de prueba>"));
        let index = std::fs::read_to_string(dir.0.join("assets/search-index.js")).unwrap();
        let index: Value =
            serde_json::from_str(index.trim().strip_prefix("window.EDCA_INDEX = ").unwrap().strip_suffix(';').unwrap())
                .unwrap();
        assert_eq!(index["rows"][0][0], "../../etc/passwd");
        assert_eq!(index["rows"][0][1], page_name("../../etc/passwd"));
        // 100,000 MXN is a multiple of 10^5: INT-08 (round amount) is among its alerts.
        assert!(index["rows"][0][6].as_str().unwrap().split(' ').any(|f| f == "INT-08"));
        for file in std::fs::read_dir(dir.0.join("p")).unwrap() {
            let name = file.unwrap().file_name().into_string().unwrap();
            assert!(name.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'~' | b'.')), "{name}");
        }
    }

    /// Decided by the contract: typed errors with stable codes and both languages.
    #[test]
    fn bad_records_are_typed_errors() {
        let dir = tempdir::Dir::new();
        let options = SiteOptions { title: "x".into(), lang: Lang::En, generated_at: String::new() };
        let mut writer = SiteWriter::new(&dir.0, options).unwrap();
        let error = writer.add_record(&json!([1]), "x").unwrap_err();
        assert_eq!(error.code(), "site.record");
        assert!(error.message(Lang::Es).contains("registro 0"));
        let error = writer.add_record(&json!({"compiledRelease": {"tender": {}}}), "x").unwrap_err();
        assert!(error.message(Lang::En).contains("no string ocid"));
        writer.add_record(&record("ocds-1", "t", "open", 2), "x").unwrap();
        let error = writer.add_record(&record("ocds-1", "t", "open", 2), "x").unwrap_err();
        assert_eq!((error.code(), error.message(Lang::En).contains("ocds-1")), ("site.duplicate", true));
        let blocked = dir.0.join("file");
        std::fs::write(&blocked, "").unwrap();
        let options = SiteOptions { title: "x".into(), lang: Lang::Es, generated_at: String::new() };
        let error = SiteWriter::new(&blocked.join("site"), options).unwrap_err();
        assert_eq!(error.code(), "site.io");
        assert!(error.message(Lang::Es).contains("no se pudo"));
    }

    mod tempdir {
        /// A folder under the system's temporary folder, removed when dropped.
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
                let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let path = std::env::temp_dir().join(format!("edca-site-{}-{n}", std::process::id()));
                let _ = std::fs::remove_dir_all(&path);
                std::fs::create_dir_all(&path).unwrap();
                Dir(path)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }
}
