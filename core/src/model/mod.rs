//! The typed, lossless OCDS 1.1 / EDCA-MX model.
//!
//! Every OCDS object is a struct of [`Field`]s named after its members, plus `extra` for
//! members the model does not know. Reading never fails on well-formed JSON: a member whose
//! JSON type does not match (an amount written `"1,000.00"`, an object where a string belongs)
//! is kept as [`Field::Raw`], and a date that is not RFC 3339 keeps its text ([`Date`]).
//! Serializing gives back the same JSON — same members, same order, same number text — so
//! the model can sit between reading and writing without changing what publishers wrote.
//! (serde_json itself spells a number's exponent `e+`/`e-`; every other character of a
//! number's text is kept.)
//!
//! [`Data`] reads a whole JSON document — release package, record package, release, record,
//! or an array of those — and says which it is; [`Document`] is OCDS's document entity.
//!
//! ```
//! use edca::model::Data;
//!
//! let text = br#"{"ocid":"ocds-1","id":1,"date":"20/12/2016.","tender":{"value":{"amount":"1,000.00"}}}"#;
//! let data = Data::from_slice(text)?;
//! let Data::Release(release) = &data else { panic!("a release") };
//! assert_eq!(release.id(), Some("1"));
//! assert_eq!(release.date().and_then(|d| d.parsed()), None);
//! let value = release.tender.get().and_then(|t| t.value.get());
//! assert_eq!(value.and_then(|v| v.amount_text()), Some("1,000.00"));
//! assert_eq!(serde_json::to_vec(&data)?, text);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod document;
mod entity;
pub mod field;
mod leaf;
pub(crate) mod object;
mod parts;

pub use document::{Data, ModelError, Record, RecordPackage, Release, ReleasePackage};
pub use entity::{
    Award, Budget, BudgetBreakdown, BudgetLine, BudgetLineComponent, BudgetLineMeasure, ClarificationMeeting, Contract,
    Guarantee, Implementation, Organization, OrganizationReference, Planning, Quote, RelatedProcess, RequestForQuotes,
    Tender, Transaction,
};
pub use field::{Field, Json, JsonMap, Lenient};
pub use leaf::{Amount, Date, Id, Integer};
pub use parts::{
    Address, Amendment, Classification, ContactPoint, Document, ExchangeRate, Identifier, Item, Location, Milestone,
    Period, Publisher, Unit, Value,
};
