//! No code: see Cargo.toml. Depending on this crate gives every build the same features.
