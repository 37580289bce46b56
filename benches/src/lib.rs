//! Benchmark support for edca: a seeded generator of realistic EDCA-MX release streams.
#![deny(missing_docs)]

pub mod generator;
