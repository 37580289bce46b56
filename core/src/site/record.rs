//! One record read for the portal: the small summary kept for lists, search and organisation
//! pages, and the data sections of its page (the eight questions, the timeline, the documents),
//! rendered at once so the record need not be kept.

use super::html::{bi, escape, money, number, safe_url, t};
use super::i18n::{self, STAGES, T};
use super::names::page_name;
use crate::indices::process::{by_id, versions};
use serde_json::Value;

/// What the portal keeps of a process.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    pub ocid: String,
    /// [`page_name`] of the ocid.
    pub page: String,
    pub title: Option<String>,
    /// Buyer id and name.
    pub buyer: Option<(String, String)>,
    /// Suppliers of active (or status-less) awards: id and name.
    pub suppliers: Vec<(String, String)>,
    /// `/tender/procurementMethod` as published.
    pub method: Option<String>,
    /// Year of the tender period's start, else of the award, else of the release date.
    pub year: Option<String>,
    /// The furthest stage reached (index into [`STAGES`]).
    pub stage: Option<usize>,
    pub record_href: String,
}

/// A path of members and indexes (`tender/items/0/unit/name`).
pub(crate) fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('/').filter(|p| !p.is_empty()).try_fold(value, |v, key| match v {
        Value::Object(m) => m.get(key),
        Value::Array(a) => key.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

/// A non-empty text (numbers written as they are) at `path`.
pub(crate) fn text(value: &Value, path: &str) -> Option<String> {
    match at(value, path)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn list<'a>(value: &'a Value, path: &str) -> &'a [Value] {
    at(value, path).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// A `{amount, currency}` as money text.
fn value_text(value: &Value, path: &str) -> Option<String> {
    let amount = at(value, &format!("{path}/amount"))?;
    let number = amount.as_f64().or_else(|| amount.as_str().and_then(|s| s.trim().parse().ok()))?;
    Some(money(number, text(value, &format!("{path}/currency")).as_deref()))
}

/// A date as written, shortened to its day when it starts with one (`2017-02-09T11:29:43Z` →
/// `2017-02-09`, the full text in the `datetime` attribute).
fn date(value: &Value, path: &str) -> Option<String> {
    let written = text(value, path)?;
    Some(date_html(&written))
}

pub(crate) fn date_html(written: &str) -> String {
    let day = written.get(..10).filter(|d| is_day(d));
    match day {
        Some(day) => format!(r#"<time datetime="{}">{day}</time>"#, escape(written)),
        None => escape(written),
    }
}

fn is_day(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The name of the party `id`, from `/parties`, else from the reference itself.
fn party_name(release: &Value, reference: &Value) -> Option<String> {
    let id = text(reference, "id")?;
    list(release, "parties")
        .iter()
        .find(|p| text(p, "id").as_deref() == Some(id.as_str()))
        .and_then(|p| text(p, "name").or_else(|| text(p, "identifier/legalName")))
        .or_else(|| text(reference, "name"))
}

fn party<'a>(release: &'a Value, id: &str) -> Option<&'a Value> {
    list(release, "parties").iter().find(|p| text(p, "id").as_deref() == Some(id))
}

/// Reads a record (or a bare compiled release) into its summary and page sections.
pub(crate) fn read(record: &Value, record_href: &str) -> Result<(Summary, String), String> {
    if !record.is_object() {
        return Err("not a JSON object".into());
    }
    let compiled = match record.get("compiledRelease") {
        Some(c) if c.is_object() => c,
        Some(_) => return Err("compiledRelease is not an object".into()),
        None if record.get("releases").is_some() => return Err("no compiledRelease".into()),
        None => record,
    };
    let ocid = text(compiled, "ocid").or_else(|| text(record, "ocid")).ok_or("no string ocid")?;
    let versioned = record.get("versionedRelease").filter(|v| v.is_object());
    let buyer = at(compiled, "buyer").and_then(|b| Some((text(b, "id")?, party_name(compiled, b).unwrap_or_default())));
    let mut suppliers: Vec<(String, String)> = Vec::new();
    for award in list(compiled, "awards") {
        if text(award, "status").is_some_and(|s| s != "active") {
            continue;
        }
        for supplier in list(award, "suppliers") {
            if let Some(id) = text(supplier, "id")
                && !suppliers.iter().any(|(s, _)| *s == id)
            {
                suppliers.push((id, party_name(compiled, supplier).unwrap_or_default()));
            }
        }
    }
    let year = ["tender/tenderPeriod/startDate", "awards/0/date", "contracts/0/dateSigned", "date"]
        .iter()
        .find_map(|p| text(compiled, p))
        .and_then(|d| d.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())).map(str::to_owned));
    let timeline = Timeline::read(record, compiled, versioned);
    let summary = Summary {
        page: page_name(&ocid),
        title: text(compiled, "tender/title").or_else(|| text(compiled, "planning/budget/description")),
        buyer,
        suppliers,
        method: text(compiled, "tender/procurementMethod"),
        year,
        stage: timeline.furthest(),
        record_href: record_href.to_owned(),
        ocid,
    };
    let mut part = String::new();
    part.push_str(&questions(compiled));
    part.push_str(&timeline.html());
    part.push_str(&documents(compiled));
    Ok((summary, part))
}

/// A definition list of the rows that have a value.
fn rows(items: &[(T, Option<String>)]) -> String {
    let body: String = items
        .iter()
        .filter_map(|(label, value)| value.as_ref().map(|v| format!("<dt>{}</dt><dd>{v}</dd>", t(*label))))
        .collect();
    if body.is_empty() { String::new() } else { format!("<dl>{body}</dl>") }
}

fn question(id: &str, title: T, body: String) -> String {
    let body = if body.is_empty() {
        format!(r#"<p class="missing">{}</p>"#, t(i18n::t("No publicado.", "Not published.")))
    } else {
        body
    };
    format!(
        r#"<section class="q" id="{id}" aria-labelledby="{id}-h"><h3 id="{id}-h">{}</h3>{body}</section>"#,
        t(title)
    )
}

fn table(head: &[T], body: Vec<Vec<String>>) -> String {
    if body.is_empty() {
        return String::new();
    }
    let head: String = head.iter().map(|h| format!(r#"<th scope="col">{}</th>"#, t(*h))).collect();
    let rows: String = body
        .iter()
        .map(|r| format!("<tr>{}</tr>", r.iter().map(|c| format!("<td>{c}</td>")).collect::<String>()))
        .collect();
    format!(r#"<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"#)
}

fn esc(value: Option<String>) -> Option<String> {
    value.map(|v| escape(&v))
}

fn org_link(folder: &str, id: &str, name: &str) -> String {
    let shown = if name.is_empty() { id } else { name };
    format!(r#"<a href="../{folder}/{}.html">{}</a>"#, page_name(id), escape(shown))
}

/// The eight questions: what, how, how much, where, from whom, at what price, when, with which
/// money.
fn questions(c: &Value) -> String {
    let items: Vec<&Value> = list(c, "tender/items").iter().collect();
    let item_rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let class = [text(i, "classification/id"), text(i, "classification/description")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" — ");
            vec![
                escape(&text(i, "description").unwrap_or_default()),
                escape(&text(i, "quantity").unwrap_or_default()),
                escape(&text(i, "unit/name").unwrap_or_default()),
                escape(&class),
            ]
        })
        .collect();
    let what = rows(&[
        (i18n::t("Título", "Title"), esc(text(c, "tender/title"))),
        (i18n::t("Descripción", "Description"), esc(text(c, "tender/description"))),
    ]) + &table(
        &[
            i18n::t("Artículo", "Item"),
            i18n::t("Cantidad", "Quantity"),
            i18n::t("Unidad", "Unit"),
            i18n::t("Clasificación", "Classification"),
        ],
        item_rows,
    );
    let method =
        text(c, "tender/procurementMethod").map(|m| format!("{} (<code>{}</code>)", t(i18n::method(&m)), escape(&m)));
    let tenderers: Vec<String> = list(c, "tender/tenderers")
        .iter()
        .map(|p| escape(&party_name(c, p).or_else(|| text(p, "id")).unwrap_or_default()))
        .collect();
    let how = rows(&[
        (i18n::t("Método", "Method"), method),
        (i18n::t("Procedimiento (detalle)", "Procedure (details)"), esc(text(c, "tender/procurementMethodDetails"))),
        (i18n::t("Fundamento de la excepción", "Rationale"), esc(text(c, "tender/procurementMethodRationale"))),
        (i18n::t("Criterio de adjudicación", "Award criteria"), esc(text(c, "tender/awardCriteria"))),
        (i18n::t("Número de oferentes", "Number of tenderers"), esc(text(c, "tender/numberOfTenderers"))),
        (i18n::t("Oferentes", "Tenderers"), (!tenderers.is_empty()).then(|| tenderers.join("; "))),
        (i18n::t("Estado de la licitación", "Tender status"), esc(text(c, "tender/status"))),
    ]);
    let mut money_rows = vec![
        (i18n::t("Presupuesto", "Budget"), value_text(c, "planning/budget/amount")),
        (i18n::t("Valor estimado de la licitación", "Tender value"), value_text(c, "tender/value")),
    ];
    let awards = list(c, "awards");
    let contracts = list(c, "contracts");
    let award_values: Vec<String> = awards
        .iter()
        .filter_map(|a| {
            let v = value_text(a, "value")?;
            Some(format!(
                "{v} <span class=\"muted\">({})</span>",
                escape(&text(a, "status").unwrap_or_else(|| "—".into()))
            ))
        })
        .collect();
    money_rows.push((i18n::t("Adjudicado", "Awarded"), (!award_values.is_empty()).then(|| award_values.join("<br>"))));
    let contract_values: Vec<String> = contracts.iter().filter_map(|k| value_text(k, "value")).collect();
    money_rows.push((
        i18n::t("Contratado", "Contracted"),
        (!contract_values.is_empty()).then(|| contract_values.join("<br>")),
    ));
    let transactions: Vec<Vec<String>> = contracts
        .iter()
        .flat_map(|k| list(k, "implementation/transactions"))
        .map(|tr| {
            vec![
                date(tr, "date").unwrap_or_default(),
                value_text(tr, "value").or_else(|| value_text(tr, "amount")).unwrap_or_default(),
                escape(&text(tr, "payer/name").or_else(|| text(tr, "source")).unwrap_or_default()),
                escape(&text(tr, "payee/name").unwrap_or_default()),
            ]
        })
        .collect();
    let how_much = rows(&money_rows)
        + &table(
            &[
                i18n::t("Pago: fecha", "Payment: date"),
                i18n::t("Monto", "Amount"),
                i18n::t("Pagador", "Payer"),
                i18n::t("Beneficiario", "Payee"),
            ],
            transactions,
        );
    let buyer_id = text(c, "buyer/id");
    let address = buyer_id.as_deref().and_then(|id| party(c, id)).and_then(|p| {
        let parts: Vec<String> = ["streetAddress", "locality", "region", "postalCode", "countryName"]
            .iter()
            .filter_map(|k| text(p, &format!("address/{k}")))
            .collect();
        (!parts.is_empty()).then(|| escape(&parts.join(", ")))
    });
    let mut places: Vec<String> = Vec::new();
    for item in items.iter().copied().chain(contracts.iter().flat_map(|k| list(k, "items"))) {
        let place = text(item, "deliveryLocation/description")
            .or_else(|| text(item, "deliveryAddress/streetAddress"))
            .or_else(|| text(item, "deliveryAddress/locality"));
        if let Some(place) = place.map(|p| escape(&p))
            && !places.contains(&place)
        {
            places.push(place);
        }
    }
    let buyer_link = at(c, "buyer")
        .and_then(|b| Some(org_link("compradores", &text(b, "id")?, &party_name(c, b).unwrap_or_default())));
    let entity = at(c, "tender/procuringEntity").and_then(|p| party_name(c, p).or_else(|| text(p, "id")));
    let where_ = rows(&[
        (i18n::t("Comprador", "Buyer"), buyer_link),
        (i18n::t("Área contratante", "Procuring entity"), esc(entity)),
        (i18n::t("Domicilio del comprador", "Buyer's address"), address),
        (
            i18n::t("Lugar de entrega o ejecución", "Place of delivery or works"),
            (!places.is_empty()).then(|| places.join("<br>")),
        ),
    ]);
    let supplier_rows: Vec<Vec<String>> = awards
        .iter()
        .flat_map(|a| list(a, "suppliers").iter().map(move |s| (a, s)))
        .filter_map(|(a, s)| {
            let id = text(s, "id")?;
            let name = party_name(c, s).unwrap_or_default();
            let identifier = party(c, &id)
                .map(|p| {
                    [text(p, "identifier/scheme"), text(p, "identifier/id")]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            Some(vec![
                org_link("proveedores", &id, &name),
                escape(&identifier),
                escape(&text(a, "status").unwrap_or_default()),
                date(a, "date").unwrap_or_default(),
            ])
        })
        .collect();
    let from_whom = table(
        &[
            i18n::t("Proveedor", "Supplier"),
            i18n::t("Identificador", "Identifier"),
            i18n::t("Estado", "Status"),
            i18n::t("Fecha", "Date"),
        ],
        supplier_rows,
    );
    let price_rows: Vec<Vec<String>> = awards
        .iter()
        .flat_map(|a| list(a, "items"))
        .chain(contracts.iter().flat_map(|k| list(k, "items")))
        .filter_map(|i| {
            let unit = value_text(i, "unit/value")?;
            Some(vec![
                escape(&text(i, "description").unwrap_or_default()),
                escape(&text(i, "quantity").unwrap_or_default()),
                escape(&text(i, "unit/name").unwrap_or_default()),
                unit,
            ])
        })
        .collect();
    let price = table(
        &[
            i18n::t("Artículo", "Item"),
            i18n::t("Cantidad", "Quantity"),
            i18n::t("Unidad", "Unit"),
            i18n::t("Precio unitario", "Unit price"),
        ],
        price_rows,
    );
    let period = |p: &Value, path: &str| {
        let (start, end) = (date(p, &format!("{path}/startDate")), date(p, &format!("{path}/endDate")));
        (start.is_some() || end.is_some())
            .then(|| format!("{} → {}", start.unwrap_or_default(), end.unwrap_or_default()))
    };
    let mut when_rows = vec![
        (i18n::t("Periodo de presentación de propuestas", "Tender period"), period(c, "tender/tenderPeriod")),
        (i18n::t("Periodo de aclaraciones", "Enquiry period"), period(c, "tender/enquiryPeriod")),
    ];
    let award_dates: Vec<String> = awards.iter().filter_map(|a| date(a, "date")).collect();
    when_rows.push((i18n::t("Adjudicación", "Award"), (!award_dates.is_empty()).then(|| award_dates.join(", "))));
    let signed: Vec<String> = contracts.iter().filter_map(|k| date(k, "dateSigned")).collect();
    when_rows.push((i18n::t("Firma del contrato", "Contract signed"), (!signed.is_empty()).then(|| signed.join(", "))));
    let periods: Vec<String> = contracts.iter().filter_map(|k| period(k, "period")).collect();
    when_rows.push((
        i18n::t("Vigencia del contrato", "Contract period"),
        (!periods.is_empty()).then(|| periods.join("<br>")),
    ));
    let when = rows(&when_rows);
    let breakdown: Vec<Vec<String>> = list(c, "planning/budget/budgetBreakdown")
        .iter()
        .map(|b| {
            let classes = at(b, "classifications")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            format!(
                                "{}: {}",
                                escape(k),
                                escape(&v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string()))
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            let source = at(b, "sourceParty").and_then(|p| party_name(c, p).or_else(|| text(p, "id")));
            vec![
                escape(&text(b, "description").unwrap_or_default()),
                value_text(b, "amount").unwrap_or_default(),
                escape(&source.unwrap_or_default()),
                classes,
            ]
        })
        .collect();
    let budget = rows(&[
        (i18n::t("Partida o clave presupuestal", "Budget line"), esc(text(c, "planning/budget/id"))),
        (i18n::t("Descripción", "Description"), esc(text(c, "planning/budget/description"))),
        (i18n::t("Proyecto", "Project"), esc(text(c, "planning/budget/project"))),
        (i18n::t("Clave del proyecto", "Project id"), esc(text(c, "planning/budget/projectID"))),
        (i18n::t("Monto", "Amount"), value_text(c, "planning/budget/amount")),
    ]) + &table(
        &[
            i18n::t("Desglose", "Breakdown"),
            i18n::t("Monto", "Amount"),
            i18n::t("Fuente", "Source"),
            i18n::t("Clasificación", "Classification"),
        ],
        breakdown,
    );
    let mut out = format!(
        r#"<section class="questions" aria-labelledby="q-h"><h2 id="q-h">{}</h2>"#,
        t(i18n::t("El proceso en ocho preguntas", "The process in eight questions"))
    );
    out.push_str(&question("que", i18n::t("¿Qué se compra?", "What is bought?"), what));
    out.push_str(&question("como", i18n::t("¿Cómo se contrata?", "How is it contracted?"), how));
    out.push_str(&question("cuanto", i18n::t("¿Cuánto cuesta?", "How much?"), how_much));
    out.push_str(&question("donde", i18n::t("¿Dónde?", "Where?"), where_));
    out.push_str(&question("quien", i18n::t("¿A quién se adjudica?", "From whom?"), from_whom));
    out.push_str(&question("precio", i18n::t("¿A qué precio?", "At what price?"), price));
    out.push_str(&question("cuando", i18n::t("¿Cuándo?", "When?"), when));
    out.push_str(&question("dinero", i18n::t("¿Con qué dinero?", "With which money?"), budget));
    out.push_str("</section>");
    out
}

/// Stage a release tag belongs to.
fn stage_of(tag: &str) -> Option<usize> {
    let stage = if tag.starts_with("planning") {
        0
    } else if tag.starts_with("tender") {
        1
    } else if tag.starts_with("award") {
        2
    } else if tag.starts_with("contract") {
        3
    } else if tag.starts_with("implementation") {
        4
    } else {
        return None;
    };
    Some(stage)
}

/// A milestone as the timeline shows it.
struct Milestone {
    stage: usize,
    title: String,
    due: Option<String>,
    met: Option<String>,
    status: Option<String>,
    reopened: bool,
}

/// The stages a process went through, from its releases; and its milestones.
struct Timeline {
    /// Per stage: first and last release date, and the number of releases.
    stages: [(Option<String>, Option<String>, usize); 5],
    releases: usize,
    /// Stages seen in the compiled release only.
    inferred: [bool; 5],
    history: bool,
    milestones: Vec<Milestone>,
}

impl Timeline {
    fn read(record: &Value, compiled: &Value, versioned: Option<&Value>) -> Timeline {
        let mut stages: [(Option<String>, Option<String>, usize); 5] = Default::default();
        let releases = list(record, "releases");
        for release in releases {
            let date = text(release, "date");
            let mut seen = [false; 5];
            for tag in list(release, "tag").iter().filter_map(Value::as_str) {
                if let Some(s) = stage_of(tag)
                    && !seen[s]
                {
                    seen[s] = true;
                    let (first, last, count) = &mut stages[s];
                    *count += 1;
                    if let Some(d) = &date {
                        if first.as_ref().is_none_or(|f| d < f) {
                            *first = Some(d.clone());
                        }
                        if last.as_ref().is_none_or(|l| d > l) {
                            *last = Some(d.clone());
                        }
                    }
                }
            }
        }
        // Stages the compiled release shows but no release was tagged with (publishers tag
        // loosely): reached, with the compiled release's own date.
        let marks = [
            ("planning", None),
            ("tender", Some("tender/tenderPeriod/startDate")),
            ("awards", Some("awards/0/date")),
            ("contracts", Some("contracts/0/dateSigned")),
            ("contracts/0/implementation", Some("contracts/0/implementation/transactions/0/date")),
        ];
        let mut inferred = [false; 5];
        for (s, (member, date_path)) in marks.iter().enumerate() {
            let present = at(compiled, member).is_some_and(|v| {
                v.as_object().is_some_and(|o| !o.is_empty()) || v.as_array().is_some_and(|a| !a.is_empty())
            });
            if present && stages[s].2 == 0 {
                inferred[s] = true;
                let d = date_path.and_then(|p| text(compiled, p));
                stages[s] = (d.clone(), d, 0);
            }
        }
        let mut milestones = Vec::new();
        let mut add = |stage: usize, list_here: &[Value], versioned_list: Option<&Value>| {
            for m in list_here {
                let id = text(m, "id");
                let reopened = (|| {
                    let vlist = versioned_list?.as_array()?;
                    let vm = by_id(vlist, id.as_deref()?)?;
                    let statuses = versions(vm.get("status")?)?;
                    let mut was_met = false;
                    for v in statuses {
                        let met = v.value.as_str() == Some("met");
                        if was_met && !met && !v.value.is_null() {
                            return Some(true);
                        }
                        was_met |= met;
                    }
                    Some(false)
                })()
                .unwrap_or(false);
                milestones.push(Milestone {
                    stage,
                    title: text(m, "title").or_else(|| text(m, "description")).or(id).unwrap_or_default(),
                    due: text(m, "dueDate"),
                    met: text(m, "dateMet"),
                    status: text(m, "status"),
                    reopened,
                });
            }
        };
        add(0, list(compiled, "planning/milestones"), versioned.and_then(|v| at(v, "planning/milestones")));
        add(1, list(compiled, "tender/milestones"), versioned.and_then(|v| at(v, "tender/milestones")));
        for contract in list(compiled, "contracts") {
            let vc = versioned
                .and_then(|v| at(v, "contracts"))
                .and_then(Value::as_array)
                .and_then(|a| by_id(a, text(contract, "id").as_deref()?));
            add(3, list(contract, "milestones"), vc.and_then(|c| at(c, "milestones")));
            add(4, list(contract, "implementation/milestones"), vc.and_then(|c| at(c, "implementation/milestones")));
        }
        Timeline { stages, releases: releases.len(), inferred, history: versioned.is_some(), milestones }
    }

    fn furthest(&self) -> Option<usize> {
        (0..5).rev().find(|&s| self.stages[s].2 > 0 || self.inferred[s])
    }

    fn html(&self) -> String {
        let mut steps = String::new();
        for (s, (key, name)) in STAGES.iter().enumerate() {
            let (first, last, count) = &self.stages[s];
            let reached = *count > 0 || self.inferred[s];
            let state =
                if reached { t(i18n::t("alcanzada", "reached")) } else { t(i18n::t("sin publicar", "not published")) };
            let dates = match (first, last) {
                (Some(f), Some(l)) if f != l => format!("{} – {}", date_html(f), date_html(l)),
                (Some(f), _) => date_html(f),
                _ => String::new(),
            };
            let releases = if *count > 0 && self.releases > 0 {
                bi(&format!("{count} entrega(s)"), &format!("{count} release(s)"))
            } else if self.inferred[s] {
                t(i18n::t("según la versión compilada", "from the compiled release"))
            } else {
                String::new()
            };
            let class = if reached { "done" } else { "todo" };
            let mark = if reached { "✓" } else { "○" };
            steps.push_str(&format!(
                r#"<li class="step {class}" data-stage="{key}"><span class="dot" aria-hidden="true">{mark}</span><span class="name">{}</span> <span class="state">({state})</span><span class="when">{dates}</span><span class="muted">{releases}</span></li>"#,
                t(*name)
            ));
        }
        let source = if self.history {
            t(i18n::t(
                "Construida con las entregas del registro y su historial (versioned release).",
                "Built from the record's releases and its history (versioned release).",
            ))
        } else {
            t(i18n::t(
                "Sin historial publicado: etapas deducidas de la versión compilada.",
                "No published history: stages taken from the compiled release.",
            ))
        };
        let mut out = format!(
            r#"<section class="timeline" id="linea" aria-labelledby="linea-h"><h2 id="linea-h">{}</h2><p class="muted">{source}</p><ol class="steps">{steps}</ol>"#,
            t(i18n::t("Línea de tiempo", "Timeline"))
        );
        if !self.milestones.is_empty() {
            let rows: String = self
                .milestones
                .iter()
                .map(|m| {
                    let (class, label) = milestone_state(m);
                    let reopened = if m.reopened {
                        format!(r#" <span class="badge warn">{}</span>"#, t(i18n::t("reabierto", "reopened")))
                    } else {
                        String::new()
                    };
                    format!(
                        r#"<tr class="ms {class}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><span class="badge {class}">{}</span>{reopened}</td></tr>"#,
                        t(STAGES[m.stage].1),
                        escape(&m.title),
                        m.due.as_deref().map(date_html).unwrap_or_default(),
                        m.met.as_deref().map(date_html).unwrap_or_default(),
                        label
                    )
                })
                .collect();
            out.push_str(&format!(
                r#"<h3>{}</h3><div class="scroll"><table class="milestones"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{rows}</tbody></table></div>"#,
                t(i18n::t("Hitos", "Milestones")),
                t(i18n::t("Etapa", "Stage")),
                t(i18n::t("Hito", "Milestone")),
                t(i18n::t("Vence", "Due")),
                t(i18n::t("Cumplido", "Met")),
                t(i18n::t("Situación", "State")),
            ));
        }
        out.push_str("</section>");
        out
    }
}

/// A milestone's state: met on time, met late, not met, or pending (with its status).
fn milestone_state(m: &Milestone) -> (&'static str, String) {
    let day = |d: &Option<String>| d.as_deref().and_then(|d| d.get(..10)).filter(|d| is_day(d)).map(str::to_owned);
    match (m.status.as_deref(), day(&m.met), day(&m.due)) {
        (Some("met"), Some(met), Some(due)) if met <= due => ("ok", t(i18n::t("cumplido a tiempo", "met on time"))),
        (Some("met"), Some(_), Some(_)) => ("late", t(i18n::t("cumplido tarde", "met late"))),
        (Some("met"), _, _) => ("ok", t(i18n::t("cumplido", "met"))),
        (Some("notMet"), _, _) => ("bad", t(i18n::t("no cumplido", "not met"))),
        (Some("partiallyMet"), _, _) => ("late", t(i18n::t("cumplido en parte", "partially met"))),
        (Some(other), _, _) => {
            ("todo", bi(&format!("programado ({})", escape(other)), &format!("scheduled ({})", escape(other))))
        }
        (None, _, _) => ("todo", t(i18n::t("sin estado", "no status"))),
    }
}

/// Every document of the process, by stage.
fn documents(c: &Value) -> String {
    let mut found: Vec<(usize, &Value)> = Vec::new();
    found.extend(list(c, "planning/documents").iter().map(|d| (0, d)));
    found.extend(list(c, "tender/documents").iter().map(|d| (1, d)));
    found.extend(list(c, "awards").iter().flat_map(|a| list(a, "documents")).map(|d| (2, d)));
    for k in list(c, "contracts") {
        found.extend(list(k, "documents").iter().map(|d| (3, d)));
        found.extend(list(k, "implementation/documents").iter().map(|d| (4, d)));
    }
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|(stage, d)| {
            let title = escape(
                &text(d, "title").or_else(|| text(d, "description")).or_else(|| text(d, "id")).unwrap_or_default(),
            );
            let link = match text(d, "url").as_deref().and_then(safe_url) {
                Some(url) => format!(r#"<a href="{url}" rel="noopener noreferrer external">{title}</a>"#),
                None => title,
            };
            vec![
                t(STAGES[*stage].1),
                link,
                escape(&text(d, "documentType").unwrap_or_default()),
                date(d, "datePublished").unwrap_or_default(),
            ]
        })
        .collect();
    let body = table(
        &[
            i18n::t("Etapa", "Stage"),
            i18n::t("Documento", "Document"),
            i18n::t("Tipo", "Type"),
            i18n::t("Publicado", "Published"),
        ],
        rows,
    );
    let body = if body.is_empty() {
        format!(
            r#"<p class="missing">{}</p>"#,
            t(i18n::t("No se publicaron documentos.", "No documents were published."))
        )
    } else {
        format!(
            r#"<p class="muted">{}</p>{body}"#,
            t(i18n::t("Los enlaces llevan al sitio del publicador.", "Links lead to the publisher's site."))
        )
    };
    format!(
        r#"<section id="documentos" aria-labelledby="doc-h"><h2 id="doc-h">{}</h2>{body}</section>"#,
        t(i18n::t("Documentos", "Documents"))
    )
}

/// Formats a number for the page (used by the pages module for counts).
pub(crate) fn count(n: u64) -> String {
    number(n as f64, 0)
}
