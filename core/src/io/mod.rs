//! Reading OCDS data: packages, releases, records, JSON lines, gzip, from files or any `Read`.
//!
//! ```
//! use edca::io::{Item, Reader, Source};
//!
//! let jsonl = "{\"ocid\": \"ocds-213czf-1\", \"id\": \"1\", \"date\": \"2024-01-01T00:00:00Z\"}\n\
//!              {\"uri\": \"https://example.org/p\", \"releases\": [{\"ocid\": \"ocds-213czf-2\"}]}\n";
//! let items = Reader::new().read_all(Source::from_bytes("feed.jsonl", jsonl)?)?;
//! assert!(matches!(&items[0], Item::Release { package: None, .. }));
//! assert!(matches!(&items[1], Item::Release { package: Some(0), .. }));
//! assert!(matches!(&items[2], Item::Package(p) if p.items == 1));
//! # Ok::<(), edca::io::ReadError>(())
//! ```

mod error;
mod group;
mod item;
mod light;
mod numbers;
mod pointer;
#[cfg(feature = "postgres")]
pub mod postgres;
mod reader;
mod scan;
mod shape;
mod source;
mod split;
mod value;

pub use error::{ReadError, ReadErrorKind, ReadWarning, ReadWarningKind};
pub use group::{DEFAULT_MEMORY_BUDGET, OcidGroups, TaggedJson};
pub use item::{DeclaredVersion, Item, Location, Package, PackageId, PackageKind};
pub use light::JsonKind;
pub use reader::{RawRelease, ReadSummary, Reader};
pub(crate) use shape::type_name;
pub use source::Source;
