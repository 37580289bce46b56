//! Indicators per compiled release: `FieldCoverage::add` alone, the same spread over threads
//! with `CoveragePool` (as `edca indices` counts in the reader's workers), and `Indices::add` +
//! `finish` with every family and with coverage only. Inputs: the compiled releases of a
//! generated stream (1,000 processes, seed 7) and of the largest Armenian release package of
//! the shared corpus (skipped when `../shared` is absent), compiled in memory beforehand.
//!
//! `cargo bench -p edca-benches --bench indices -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use edca::indices::coverage::{CoveragePool, FieldCoverage};
use edca::indices::{Config, Family, Indices};
use edca::io::{Item, Reader, Source};
use edca::merge::Merger;
use edca::profile::Profile;
use edca_benches::generator::{Config as Generate, write_stream};
use serde_json::Value;
use std::collections::HashMap;
use std::hint::black_box;

/// One compiled release per ocid, in order of first appearance.
fn compile(name: &str, bytes: Vec<u8>) -> Vec<Value> {
    let mut order: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Vec<Value>> = Vec::new();
    let source = Source::from_bytes(name, bytes).expect("source");
    Reader::new()
        .read(source, |item| {
            if let Item::Release { release, .. } = item {
                let ocid = release["ocid"].as_str().unwrap_or_default().to_owned();
                let at = *order.entry(ocid).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                groups[at].push(release);
            }
            Ok(())
        })
        .expect("read");
    let merger = Merger::from_profile(&Profile::edca_mx()).expect("merger");
    groups.iter().map(|releases| merger.compile(releases).expect("compile").release).collect()
}

fn inputs() -> Vec<(&'static str, Vec<Value>)> {
    let mut generated = Vec::new();
    write_stream(&Generate { seed: 7, processes: 1000, ..Generate::default() }, &mut generated).expect("generate");
    let mut inputs = vec![("generated", compile("generated", generated))];
    let real = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/real/armenia/sample/releases/8.json");
    match std::fs::read(real) {
        Ok(bytes) => inputs.push(("armenia-8", compile("armenia-8", bytes))),
        Err(_) => eprintln!("skipped the real file: ../shared not found"),
    }
    inputs
}

fn indices(c: &mut Criterion) {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    for (name, releases) in inputs() {
        let mut group = c.benchmark_group(format!("indices/{name}"));
        group.throughput(Throughput::Elements(releases.len() as u64));
        group.bench_function("FieldCoverage::add", |b| {
            b.iter(|| {
                let mut coverage = FieldCoverage::new();
                releases.iter().for_each(|release| coverage.add(black_box(release)));
                coverage
            })
        });
        group.bench_function(format!("CoveragePool::add ({threads} threads) + finish"), |b| {
            b.iter(|| {
                let pool = CoveragePool::new();
                std::thread::scope(|s| {
                    for chunk in releases.chunks(releases.len().div_ceil(threads).max(1)) {
                        let pool = &pool;
                        s.spawn(move || chunk.iter().for_each(|release| pool.add(black_box(release))));
                    }
                });
                pool.finish()
            })
        });
        for (label, families) in [("every family", None), ("coverage", Some(vec![Family::Coverage]))] {
            group.bench_function(format!("Indices::add + finish ({label})"), |b| {
                b.iter(|| {
                    let mut indices = Indices::new(Config { families: families.clone(), ..Config::default() });
                    releases.iter().for_each(|release| indices.add(black_box(release)));
                    indices.finish()
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, indices);
criterion_main!(benches);
