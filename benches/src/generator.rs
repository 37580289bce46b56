//! A seeded generator of realistic EDCA-MX release streams.
//!
//! Real corpora rarely hold processes with many releases, so benchmarks at scale need data of
//! our own. Each generated process follows the life of a Mexican municipal or state purchase:
//! planning (budget with COG spending chapters and budget lines), tender (with the Spanish
//! method labels publishers really write), award to suppliers identified by RFC, contract, and
//! implementation releases with transactions and milestones. Releases of many processes are
//! interleaved by date, as in a publisher's feed. The same seed always gives the same bytes.
//!
//! The *bulk* shape ([`Config::bulk`]) is what a state's bulk download looks like: 1–6 releases
//! per process, arrays with repeated ids (the buyer listed twice in `parties`), ids that mix
//! numbers and strings (`1` and `"1"`, unless [`Config::mixed_ids`] is off: libcoveocds cannot
//! read those), and later releases whose `null`s delete fields. [`Output`] writes it as one
//! release package (one line or pretty-printed) or as JSON lines of the same releases.

use serde_json::{Value, json};
use std::io::{self, Write};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed of the pseudo-random sequence.
    pub seed: u64,
    /// Number of contracting processes (ocids).
    pub processes: usize,
    /// Processes generated together and interleaved by release date.
    pub window: usize,
    /// How the releases are written.
    pub output: Output,
    /// The bulk-download mix: 1–6 releases per process, repeated ids, deleting nulls, and
    /// (with `mixed_ids`) ids that mix numbers and strings.
    pub bulk: bool,
    /// In the bulk mix, ids that mix numbers and strings (`1` in one release, `"1"` in another).
    pub mixed_ids: bool,
}

/// How the generated releases are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// JSON lines, one release per line.
    Releases,
    /// JSON lines, one release package per line holding one release.
    PackagePerRelease,
    /// One release package on one line, all releases in its `releases` array.
    Package,
    /// One release package, pretty-printed (two spaces per level).
    PrettyPackage,
}

impl Default for Config {
    fn default() -> Self {
        Config { seed: 2026, processes: 1000, window: 500, output: Output::Releases, bulk: false, mixed_ids: true }
    }
}

/// What was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Releases written.
    pub releases: u64,
    /// Processes (distinct ocids) written.
    pub processes: u64,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes the stream to `out` in the shape `config.output` asks for.
pub fn write_stream(config: &Config, out: &mut impl Write) -> io::Result<Written> {
    let mut rng = Rng::new(config.seed);
    let mut out = Counting { inner: out, bytes: 0 };
    let mut written = Written::default();
    let bulk = config.bulk.then_some(Bulk { mixed_ids: config.mixed_ids });
    let pretty = config.output == Output::PrettyPackage;
    if matches!(config.output, Output::Package | Output::PrettyPackage) {
        let mut header = serde_json::to_string(&bulk_package_header()).map_err(io::Error::other)?;
        header.pop(); // the closing brace: `releases` goes last
        if pretty {
            header = serde_json::to_string_pretty(&bulk_package_header()).map_err(io::Error::other)?;
            header.truncate(header.len() - 2); // "\n}"
            header.push(',');
            out.write_all(header.as_bytes())?;
            out.write_all(b"\n  \"releases\": [")?;
        } else {
            out.write_all(header.as_bytes())?;
            out.write_all(b",\"releases\":[")?;
        }
    }
    let window = config.window.max(1);
    let mut next = 0;
    while next < config.processes {
        let end = (next + window).min(config.processes);
        let mut releases: Vec<(i64, Value)> = Vec::new();
        for n in next..end {
            releases.extend(process(&mut rng, n, bulk.as_ref()));
        }
        // Stable sort: releases of one process keep their order when dates tie.
        releases.sort_by_key(|(day, _)| *day);
        for (_, release) in releases {
            match config.output {
                Output::Releases | Output::PackagePerRelease => {
                    let value = if config.output == Output::PackagePerRelease { package(release) } else { release };
                    serde_json::to_writer(&mut out, &value).map_err(io::Error::other)?;
                    out.write_all(b"\n")?;
                }
                Output::Package => {
                    if written.releases > 0 {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut out, &release).map_err(io::Error::other)?;
                }
                Output::PrettyPackage => {
                    out.write_all(if written.releases > 0 { b",\n    " } else { b"\n    " })?;
                    // JSON strings never hold a raw newline, so re-indenting lines is exact.
                    let text = serde_json::to_string_pretty(&release).map_err(io::Error::other)?;
                    out.write_all(text.replace('\n', "\n    ").as_bytes())?;
                }
            }
            written.releases += 1;
        }
        written.processes += (end - next) as u64;
        next = end;
    }
    match config.output {
        Output::Package => out.write_all(b"]}\n")?,
        Output::PrettyPackage => out.write_all(if written.releases > 0 { b"\n  ]\n}\n" } else { b"]\n}\n" })?,
        _ => {}
    }
    written.bytes = out.bytes;
    Ok(written)
}

/// Counts the bytes written through it.
struct Counting<'a, W: Write> {
    inner: &'a mut W,
    bytes: u64,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The bulk-download quirks a process is generated with.
struct Bulk {
    mixed_ids: bool,
}

/// The members of a state's bulk release package, before `releases`.
fn bulk_package_header() -> Value {
    json!({
        "uri": "https://contratacionesabiertas.example.gob.mx/descargas/paquete-completo.json",
        "version": "1.1",
        "publishedDate": "2026-01-15T08:00:00-06:00",
        "publisher": {"name": "Secretaría de la Contraloría del Estado", "scheme": "MX-RFC", "uid": "SCE020101AB1"},
        "license": "https://datos.gob.mx/libreusomx",
        "publicationPolicy": "https://contratacionesabiertas.example.gob.mx/politica",
    })
}

fn package(release: Value) -> Value {
    json!({
        "uri": format!("https://contratacionesabiertas.example.gob.mx/paquetes/{}", release["id"].as_str().unwrap_or_default()),
        "version": "1.1",
        "publishedDate": release["date"],
        "publisher": {"name": "Instituto de Transparencia del Estado", "scheme": "MX-RFC", "uid": "ITE020101AB1"},
        "license": "https://datos.gob.mx/libreusomx",
        "publicationPolicy": "https://contratacionesabiertas.example.gob.mx/politica",
        "extensions": ["https://raw.githubusercontent.com/contratacionesabiertas/ocds_taxes_extension/master/extension.json"],
        "releases": [release],
    })
}

const BUYERS: &[(&str, &str)] = &[
    ("MZA850101AB1", "Municipio de Zapopan"),
    ("MGU850101CD2", "Municipio de Guadalajara"),
    ("SIN970201EF3", "Secretaría de Infraestructura del Estado de Nuevo León"),
    ("SAF980301GH4", "Secretaría de Administración y Finanzas de la Ciudad de México"),
    ("IMP010401JK5", "Instituto Municipal de Planeación de Monterrey"),
    ("SOP990501LM6", "Secretaría de Obras Públicas del Estado de Jalisco"),
    ("DIF020601NP7", "Sistema para el Desarrollo Integral de la Familia de Querétaro"),
    ("CEA030701QR8", "Comisión Estatal del Agua de Oaxaca"),
];

const SUPPLIER_NAMES: &[&str] = &[
    "Constructora",
    "Servicios Integrales",
    "Distribuidora",
    "Comercializadora",
    "Grupo",
    "Ingeniería y Proyectos",
    "Papelería",
    "Suministros Médicos",
    "Tecnologías",
    "Transportes",
];
const SUPPLIER_SURNAMES: &[&str] = &[
    "del Bajío",
    "Hernández",
    "Azteca",
    "del Norte",
    "Maya",
    "Occidente",
    "Sierra Madre",
    "Pacífico",
    "Anáhuac",
    "Huasteca",
];

/// (procurementMethod, the labels publishers write in procurementMethodDetails, weight %)
const METHODS: &[(&str, &[&str], u64)] = &[
    (
        "direct",
        &[
            "Adjudicación directa",
            "ADJUDICACION DIRECTA",
            "Adjudicacion Directa Art. 41 fracc. III",
            "adjudicación directa (art. 42 LAASSP)",
        ],
        60,
    ),
    (
        "selective",
        &["Invitación a cuando menos tres personas", "INVITACION A CUANDO MENOS 3 PERSONAS", "Invitacion restringida"],
        15,
    ),
    ("open", &["Licitación pública", "LICITACION PUBLICA NACIONAL", "Licitación Pública Estatal"], 25),
];

/// (CUCOP item, description, unit, COG chapter)
const ITEMS: &[(&str, &str, &str, &str)] = &[
    ("21100001", "Abrecartas", "Pieza", "2000"),
    ("21100015", "Bolígrafos", "Caja", "2000"),
    ("25300006", "Medicamentos genéricos", "Caja", "2000"),
    ("26100002", "Gasolina", "Litro", "2000"),
    ("33100004", "Servicios de consultoría", "Servicio", "3000"),
    ("35100001", "Mantenimiento de inmuebles", "Servicio", "3000"),
    ("51500002", "Computadoras de escritorio", "Pieza", "5000"),
    ("54100003", "Camionetas", "Pieza", "5000"),
    ("61400001", "Pavimentación de calles", "Obra", "6000"),
    ("61300002", "Red de agua potable", "Obra", "6000"),
];

fn process(rng: &mut Rng, n: usize, bulk: Option<&Bulk>) -> Vec<(i64, Value)> {
    // Drawn first and only in the bulk mix, so the default stream keeps its bytes.
    let quirks = bulk.map(|bulk| {
        let keep = 1 + rng.below(6) as usize;
        // Drawn even when mixed ids are off, so that variant holds the same processes and
        // releases, only with every id as text.
        let restated_item = rng.below(100) < 10;
        Quirks {
            keep,
            restated_item,
            mixed_ids: restated_item && bulk.mixed_ids,
            repeated_party: rng.below(100) < 20,
            deleting_nulls: rng.below(100) < 15,
        }
    });
    let quirks = quirks.unwrap_or_default();
    let year = 2019 + rng.below(6) as i64;
    let (buyer_rfc, buyer_name) = BUYERS[rng.below(BUYERS.len() as u64) as usize];
    let ocid = format!("ocds-g4facg-{}-{year}-{n:06}", &buyer_rfc[..3]);
    let (method, labels, _) = pick_method(rng);
    let details = labels[rng.below(labels.len() as u64) as usize];
    let item_count = 1 + rng.below(5) as usize;
    let items: Vec<Value> = (0..item_count)
        .map(|i| {
            let (code, description, unit, _) = ITEMS[rng.below(ITEMS.len() as u64) as usize];
            // Mixed ids: odd items numbered as JSON numbers, even ones as strings.
            let id = if quirks.mixed_ids && i % 2 == 0 { json!(i + 1) } else { json!(format!("{}", i + 1)) };
            json!({
                "id": id,
                "description": description,
                "classification": {"scheme": "CUCOP", "id": code, "description": description},
                "quantity": 1 + rng.below(200),
                "unit": {"name": unit, "value": {"amount": pesos(money(rng, 100, 50_000)), "currency": "MXN"}},
            })
        })
        .collect();
    let chapter = ITEMS[rng.below(ITEMS.len() as u64) as usize].3;
    let budget = money(rng, 50_000, 20_000_000);
    let award_value = budget * (60 + rng.below(40) as i64) / 100;
    let supplier_count = if method == "direct" { 1 } else { 1 + rng.below(3) as usize };
    let tenderers: Vec<(String, String)> = (0..supplier_count + rng.below(4) as usize).map(|_| supplier(rng)).collect();
    let winner = tenderers[0].clone();

    let buyer = json!({"id": format!("MX-RFC-{buyer_rfc}"), "name": buyer_name});
    let mut parties = vec![json!({
        "id": format!("MX-RFC-{buyer_rfc}"), "name": buyer_name,
        "identifier": {"scheme": "MX-RFC", "id": buyer_rfc, "legalName": buyer_name},
        "address": {"countryName": "México"},
        "roles": ["buyer", "procuringEntity"],
    })];
    for (i, (rfc, name)) in tenderers.iter().enumerate() {
        let roles = if i == 0 { json!(["tenderer", "supplier"]) } else { json!(["tenderer"]) };
        parties.push(json!({
            "id": format!("MX-RFC-{rfc}"), "name": name,
            "identifier": {"scheme": "MX-RFC", "id": rfc, "legalName": name, "legalPersonality": "legalEntity"},
            "roles": roles,
        }));
    }

    let mut day = days_from_civil(year, 1 + rng.below(10) as i64, 1 + rng.below(28) as i64);
    let mut seq = 0;
    let mut releases = Vec::new();
    let mut emit = |day: i64, tag: &str, body: Value, releases: &mut Vec<(i64, Value)>| {
        seq += 1;
        let mut release = json!({
            "ocid": ocid,
            "id": format!("{ocid}-{seq:02}-{tag}"),
            "date": date(day, seq),
            "tag": [tag],
            "initiationType": "tender",
            "language": "es",
            "buyer": buyer,
        });
        if let (Some(release), Value::Object(body)) = (release.as_object_mut(), body) {
            release.extend(body);
        }
        releases.push((day, release));
    };

    emit(
        day,
        "planning",
        json!({
            "parties": [parties[0].clone()],
            "planning": {
                "rationale": format!("Programa anual de adquisiciones {year}"),
                "budget": {
                    "id": format!("PPTO-{year}-{chapter}"),
                    "description": format!("Capítulo {chapter}"),
                    "amount": {"amount": pesos(budget), "currency": "MXN"},
                    "budgetBreakdown": [{
                        "id": "1",
                        "amount": {"amount": pesos(budget), "currency": "MXN"},
                        "budgetLines": [{
                            "id": "1",
                            "components": [
                                {"name": "year", "level": 1, "code": year.to_string()},
                                {"name": "chapter", "level": 2, "code": chapter},
                                {"name": "spendingObject", "level": 3, "code": format!("{}1", &chapter[..2])},
                            ],
                        }],
                    }],
                },
            },
        }),
        &mut releases,
    );

    day += 5 + rng.below(30) as i64;
    let tender_days = 5 + rng.below(25) as i64;
    let tender = json!({
        "id": format!("{ocid}-T"),
        "title": format!("Adquisición de {}", items[0]["description"].as_str().unwrap_or("bienes")),
        "status": "active",
        "procurementMethod": method,
        "procurementMethodDetails": details,
        "mainProcurementCategory": if chapter == "6000" { "works" } else if chapter == "3000" { "services" } else { "goods" },
        "items": items,
        "value": {"amount": pesos(budget), "currency": "MXN"},
        "tenderPeriod": {"startDate": date(day, 0), "endDate": date(day + tender_days, 0)},
        "numberOfTenderers": tenderers.len(),
        "tenderers": tenderers.iter().map(|(rfc, name)| json!({"id": format!("MX-RFC-{rfc}"), "name": name})).collect::<Vec<_>>(),
    });
    let mut tender_parties = parties.clone();
    if quirks.repeated_party {
        // Publishers often list the buyer again at the end: a repeated id in one array.
        tender_parties.push(parties[0].clone());
    }
    emit(day, "tender", json!({"parties": tender_parties, "tender": tender}), &mut releases);

    if rng.below(100) < 30 {
        day += 2 + rng.below(5) as i64;
        let mut amendment = json!({
            "tenderPeriod": {"endDate": date(day + tender_days, 0)},
            "amendments": [{"id": "1", "date": date(day, 0), "rationale": "Ampliación del plazo de presentación de propuestas"}],
        });
        if quirks.restated_item {
            // The first item again, its id written as text: `"1"` after `1` with mixed ids.
            amendment["items"] = json!([{"id": "1", "quantity": 1 + rng.below(200)}]);
        }
        emit(day, "tenderAmendment", json!({ "tender": amendment }), &mut releases);
    }

    day += tender_days + rng.below(20) as i64;
    let award_id = format!("{ocid}-A1");
    let mut award_body = json!({"awards": [{
        "id": award_id,
        "status": "active",
        "date": date(day, 0),
        "value": {"amount": pesos(award_value), "currency": "MXN", "netAmount": pesos(award_value * 100 / 116)},
        "suppliers": [{"id": format!("MX-RFC-{}", winner.0), "name": winner.1}],
        "rationale": "Propuesta solvente más baja",
    }]});
    if quirks.deleting_nulls {
        // A null deletes the field from the compiled release.
        award_body["tender"] = json!({"status": "complete", "numberOfTenderers": null});
    }
    emit(day, "award", award_body, &mut releases);

    day += 3 + rng.below(15) as i64;
    let contract_id = format!("{ocid}-C1");
    let mut contract_body = json!({"contracts": [{
        "id": contract_id,
        "awardID": award_id,
        "status": "active",
        "dateSigned": date(day, 0),
        "value": {"amount": pesos(award_value), "currency": "MXN"},
        "period": {"startDate": date(day + 1, 0), "endDate": date(day + 90 + rng.below(200) as i64, 0)},
        "guarantees": [{"id": "1", "type": "fulfillment", "value": {"amount": pesos(award_value / 10), "currency": "MXN"}}],
    }]});
    if quirks.deleting_nulls {
        contract_body["awards"] = json!([{"id": award_id, "rationale": null}]);
    }
    emit(day, "contract", contract_body, &mut releases);

    let payments = rng.below(4);
    for p in 0..payments {
        day += 15 + rng.below(30) as i64;
        emit(
            day,
            "implementation",
            json!({"contracts": [{
                "id": contract_id,
                "implementation": {
                    "status": if p + 1 == payments { "concluded" } else { "ongoing" },
                    "transactions": [{
                        "id": format!("{}", p + 1),
                        "date": date(day, 0),
                        "value": {"amount": pesos(award_value / payments as i64), "currency": "MXN"},
                        "payer": buyer,
                        "payee": {"id": format!("MX-RFC-{}", winner.0), "name": winner.1},
                        "paymentMethod": "wireTransfer",
                    }],
                    "milestones": [{
                        "id": format!("M{}", p + 1),
                        "title": format!("Entrega parcial {}", p + 1),
                        "dueDate": date(day - 2 + rng.below(5) as i64, 0),
                        "status": if rng.below(100) < 80 { "met" } else { "notMet" },
                    }],
                },
            }]}),
            &mut releases,
        );
    }
    if bulk.is_some() {
        releases.truncate(quirks.keep);
    }
    releases
}

/// What a process of the bulk mix carries.
#[derive(Default)]
struct Quirks {
    /// Releases kept (the first ones of the process's life).
    keep: usize,
    /// A tender amendment restates the first item.
    restated_item: bool,
    /// Odd items' ids are JSON numbers.
    mixed_ids: bool,
    repeated_party: bool,
    deleting_nulls: bool,
}

fn pick_method(rng: &mut Rng) -> (&'static str, &'static [&'static str], u64) {
    let mut roll = rng.below(100);
    for &(method, labels, weight) in METHODS {
        if roll < weight {
            return (method, labels, weight);
        }
        roll -= weight;
    }
    METHODS[0]
}

fn supplier(rng: &mut Rng) -> (String, String) {
    let name = format!(
        "{} {} S.A. de C.V.",
        SUPPLIER_NAMES[rng.below(SUPPLIER_NAMES.len() as u64) as usize],
        SUPPLIER_SURNAMES[rng.below(SUPPLIER_SURNAMES.len() as u64) as usize]
    );
    let letters: String = (0..3).map(|_| (b'A' + rng.below(26) as u8) as char).collect();
    let rfc = format!(
        "{letters}{:02}{:02}{:02}{:03}",
        70 + rng.below(30),
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(1000)
    );
    (rfc, name)
}

/// An amount in centavos, between `low` and `high` pesos.
fn money(rng: &mut Rng, low: u64, high: u64) -> i64 {
    (low * 100 + rng.below((high - low) * 100)) as i64
}

/// Centavos as a JSON number of pesos with two decimals, written exactly (no float rounding).
fn pesos(centavos: i64) -> Value {
    let text = format!("{}.{:02}", centavos / 100, centavos % 100);
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// RFC 3339 date of a day number, with a time that orders releases of one day.
fn date(day: i64, seq: u32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:00-06:00", 9 + seq % 8, (seq * 7) % 60)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// SplitMix64: small, fast, and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let config = Config { processes: 50, ..Config::default() };
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        write_stream(&config, &mut a).unwrap();
        write_stream(&config, &mut b).unwrap();
        write_stream(&Config { seed: 7, ..config }, &mut c).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn every_line_is_a_release_of_a_generated_process_and_dates_are_valid() {
        let config = Config { processes: 40, window: 10, ..Config::default() };
        let mut out = Vec::new();
        let written = write_stream(&config, &mut out).unwrap();
        let mut ocids = std::collections::BTreeSet::new();
        let lines: Vec<&[u8]> = out.split(|b| *b == b'\n').filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len() as u64, written.releases);
        for line in lines {
            let release: Value = serde_json::from_slice(line).unwrap();
            ocids.insert(release["ocid"].as_str().unwrap().to_owned());
            let date = release["date"].as_str().unwrap();
            assert!(chrono::DateTime::parse_from_rfc3339(date).is_ok(), "{date}");
        }
        assert_eq!(ocids.len(), 40);
        assert!(written.releases >= 4 * 40, "each process has at least planning..contract");
    }

    fn generate(config: &Config) -> (Vec<u8>, Written) {
        let mut out = Vec::new();
        let written = write_stream(config, &mut out).unwrap();
        assert_eq!(written.bytes, out.len() as u64);
        (out, written)
    }

    /// Every `id` member under `value`, with the JSON Pointer of its object.
    fn ids<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
        match value {
            Value::Object(map) => {
                for (key, member) in map {
                    if key == "id" {
                        out.push((at.clone(), member));
                    }
                    ids(member, format!("{at}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    ids(item, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn bulk_package_pretty_package_and_lines_hold_the_same_releases() {
        let bulk = Config { processes: 300, window: 100, bulk: true, ..Config::default() };
        let (one_line, written) = generate(&Config { output: Output::Package, ..bulk.clone() });
        let (pretty, _) = generate(&Config { output: Output::PrettyPackage, ..bulk.clone() });
        let (lines, _) = generate(&bulk);
        assert_eq!(one_line.iter().filter(|b| **b == b'\n').count(), 1, "one line");
        assert!(pretty.starts_with(b"{\n  \"uri\""), "indented");
        let package: Value = serde_json::from_slice(&one_line).unwrap();
        assert_eq!(package, serde_json::from_slice::<Value>(&pretty).unwrap());
        let releases = package["releases"].as_array().unwrap();
        assert_eq!(releases.len() as u64, written.releases);
        let from_lines: Vec<Value> = lines
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        assert_eq!(&from_lines, releases);
        // 1–6 releases per process, about 3.5 on average.
        let mut per_ocid = std::collections::BTreeMap::new();
        for release in releases {
            *per_ocid.entry(release["ocid"].as_str().unwrap().to_owned()).or_insert(0usize) += 1;
        }
        assert_eq!(per_ocid.len(), 300);
        assert!(per_ocid.values().all(|n| (1..=6).contains(n)));
        assert!((900..=1200).contains(&releases.len()), "{}", releases.len());
    }

    #[test]
    fn bulk_mix_has_repeated_ids_mixed_ids_and_deleting_nulls_unless_told_not_to() {
        let bulk = Config { processes: 300, bulk: true, output: Output::Package, ..Config::default() };
        for mixed in [true, false] {
            let (bytes, _) = generate(&Config { mixed_ids: mixed, ..bulk.clone() });
            let package: Value = serde_json::from_slice(&bytes).unwrap();
            let releases = package["releases"].as_array().unwrap();
            let mut all = Vec::new();
            ids(&package, String::new(), &mut all);
            let numeric = all.iter().filter(|(_, id)| id.is_number()).count();
            assert_eq!(numeric > 0, mixed, "numeric ids only with mixed_ids");
            let repeated = releases.iter().any(|r| {
                let parties: Vec<&Value> = r["parties"].as_array().into_iter().flatten().map(|p| &p["id"]).collect();
                parties.iter().enumerate().any(|(i, id)| parties[..i].contains(id))
            });
            assert!(repeated, "a release whose parties repeat an id");
            let nulls = releases
                .iter()
                .any(|r| r["tender"]["numberOfTenderers"].is_null() && r["tender"].get("numberOfTenderers").is_some());
            assert!(nulls, "a release whose null deletes a field");
            if mixed {
                // `1` and `"1"` in the items of one process.
                let mut kinds = std::collections::BTreeMap::<&str, (bool, bool)>::new();
                for r in releases {
                    for item in r["tender"]["items"].as_array().into_iter().flatten() {
                        let entry = kinds.entry(r["ocid"].as_str().unwrap()).or_default();
                        if item["id"] == json!(1) {
                            entry.0 = true;
                        }
                        if item["id"] == json!("1") {
                            entry.1 = true;
                        }
                    }
                }
                assert!(kinds.values().any(|&(n, s)| n && s), "one process with both 1 and \"1\"");
            }
        }
    }

    #[test]
    fn civil_dates_round_trip() {
        for day in [-1000, 0, 17_897, 20_000] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }
}
