//! Reading OCDS files into the typed model against reading them into `serde_json::Value`, on
//! the same bytes: the typed reader must be no slower than the untyped one.
//!
//! `cargo bench -p edca --bench read_model -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use edca::model::{Data, Json, ReleasePackage};

const FILES: &[(&str, &str)] = &[
    ("shcp-3", "data/real/mexico/apf-shcp/shcp-record-package_3.json"),
    ("armenia-8", "data/real/armenia/sample/releases/8.json"),
    ("inai-record-410", "data/real/mexico/inai-edca-tool/record-package_410.json"),
];

fn read_model(c: &mut Criterion) {
    let shared = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared"));
    if !shared.is_dir() {
        eprintln!("skipped: ../shared not found (looked for {})", shared.display());
        return;
    }
    for (name, path) in FILES {
        let path = shared.join(path);
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("skipped {name}: {} not found", path.display());
            continue;
        };
        let mut group = c.benchmark_group(format!("read/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("serde_json::Value", |b| {
            b.iter(|| serde_json::from_slice::<Json>(black_box(&bytes)).expect("valid JSON"))
        });
        group.bench_function("model::Data", |b| b.iter(|| Data::from_slice(black_box(&bytes)).expect("valid JSON")));
        if matches!(Data::from_slice(&bytes), Ok(Data::ReleasePackage(_))) {
            group.bench_function("model::ReleasePackage", |b| {
                b.iter(|| serde_json::from_slice::<ReleasePackage>(black_box(&bytes)).expect("valid JSON"))
            });
        }
        group.finish();

        let value: Json = serde_json::from_slice(&bytes).expect("valid JSON");
        let data = Data::from_slice(&bytes).expect("valid JSON");
        let mut group = c.benchmark_group(format!("write/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("serde_json::Value", |b| {
            b.iter(|| serde_json::to_vec(black_box(&value)).expect("serializes"))
        });
        group.bench_function("model::Data", |b| b.iter(|| serde_json::to_vec(black_box(&data)).expect("serializes")));
        group.finish();
    }
}

criterion_group!(benches, read_model);
criterion_main!(benches);
