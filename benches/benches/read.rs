//! Reading throughput: `edca::io::Reader` (classify, stream, check numbers) against the floor,
//! `serde_json` parsing the same bytes into `Value`s, on generated JSON lines and on the largest
//! real Mexican release package of the shared corpus (skipped when `../shared` is absent).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use edca::io::{Reader, Source};
use edca_benches::generator::{Config, write_stream};
use std::hint::black_box;

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let mut generated = Vec::new();
    write_stream(&Config { seed: 3, processes: 3000, ..Config::default() }, &mut generated).expect("generate");
    let mut inputs = vec![("generated.jsonl", generated)];
    let real =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/real/mexico/apf-shcp/shcp-record-package_3.json");
    match std::fs::read(real) {
        Ok(bytes) => inputs.push(("shcp-record-package_3.json", bytes)),
        Err(_) => eprintln!("skipped the real file: ../shared not found"),
    }
    inputs
}

fn read(c: &mut Criterion) {
    for (name, bytes) in inputs() {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("edca Reader", |b| {
            b.iter(|| {
                let mut n = 0usize;
                let source = Source::from_bytes(name, bytes.clone()).expect("source");
                Reader::new()
                    .read(source, |item| {
                        black_box(&item);
                        n += 1;
                        Ok(())
                    })
                    .expect("read");
                n
            })
        });
        group.bench_function("serde_json Value (floor)", |b| {
            b.iter(|| {
                let mut n = 0usize;
                for value in serde_json::Deserializer::from_slice(&bytes).into_iter::<serde_json::Value>() {
                    black_box(value.expect("valid"));
                    n += 1;
                }
                n
            })
        });
        group.finish();
    }
}

criterion_group!(benches, read);
criterion_main!(benches);
