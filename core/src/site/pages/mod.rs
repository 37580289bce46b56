//! The pages. Every figure is read from the indices report's JSON (`indices.json`, the same
//! value [`Report::to_json`](crate::indices::Report::to_json) gives) by JSON Pointer, and
//! written in a `<data>` element that names that pointer, so a test can check each one.

mod data;
mod home;
mod orgs;
mod process;

pub(crate) use data::{alerts_page, data_page, methodology, search_page};
pub(crate) use home::home;
pub(crate) use orgs::{buyers_list, organisation_pages, suppliers_list};
pub(crate) use process::process_page;

use super::SiteOptions;
use super::html::{self, Page, escape, figure, percent, t};
use super::i18n::{self, T};
use super::names::page_name;
use super::record::{Summary, count};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::HashMap;

/// A red flag as the pages show it, from any family.
#[derive(Debug, Clone)]
pub(crate) struct FlagView {
    pub indicator: String,
    /// `process`, `buyer`, `procuringEntity`, `supplier`, `buyerSupplier`.
    pub level: String,
    pub id: String,
    pub value: Option<f64>,
    /// Why, in English and in Spanish, as the report writes them.
    pub reason: String,
    pub reason_es: String,
    /// Pointer and value (as JSON text) of each field that raised it.
    pub fields: Vec<(String, String)>,
    /// The processes it is about.
    pub ocids: Vec<String>,
}

/// An organisation: name and the processes it appears in (indexes into the summaries).
#[derive(Debug, Clone, Default)]
pub(crate) struct Org {
    pub name: String,
    pub processes: Vec<usize>,
}

/// What every page reads.
pub(crate) struct Context<'a> {
    pub options: &'a SiteOptions,
    pub report: &'a Value,
    pub validation: Option<&'a crate::validate::Report>,
    pub processes: &'a [Summary],
    pub currency: Option<String>,
    pub flags: Vec<FlagView>,
    /// ocid → indexes into `flags`.
    pub flags_by_ocid: HashMap<String, Vec<usize>>,
    pub buyers: IndexMap<String, Org>,
    pub suppliers: IndexMap<String, Org>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        options: &'a SiteOptions,
        report: &'a Value,
        validation: Option<&'a crate::validate::Report>,
        processes: &'a [Summary],
    ) -> Context<'a> {
        let flags = collect_flags(report);
        let mut flags_by_ocid: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, flag) in flags.iter().enumerate() {
            for ocid in &flag.ocids {
                let list = flags_by_ocid.entry(ocid.clone()).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        let mut buyers: IndexMap<String, Org> = IndexMap::new();
        let mut suppliers: IndexMap<String, Org> = IndexMap::new();
        for (i, p) in processes.iter().enumerate() {
            if let Some((id, name)) = &p.buyer {
                let org = buyers.entry(id.clone()).or_default();
                if org.name.is_empty() {
                    org.name = name.clone();
                }
                org.processes.push(i);
            }
            for (id, name) in &p.suppliers {
                let org = suppliers.entry(id.clone()).or_default();
                if org.name.is_empty() {
                    org.name = name.clone();
                }
                org.processes.push(i);
            }
        }
        let currency =
            ["/competition/meta/currency", "/integrity/meta/currency", "/budget/meta/currency", "/meta/currency"]
                .iter()
                .find_map(|p| report.pointer(p).and_then(Value::as_str))
                .map(str::to_owned);
        Context { options, report, validation, processes, currency, flags, flags_by_ocid, buyers, suppliers }
    }

    /// The layout around a body.
    pub(crate) fn page(&self, title: T, root: &str, current: &str, scripts: &[&str], body: &str) -> String {
        self.page_titled((title.es, title.en), root, current, scripts, body)
    }

    /// The layout around a body, with a title made for this page.
    pub(crate) fn page_titled(
        &self,
        title: (&str, &str),
        root: &str,
        current: &str,
        scripts: &[&str],
        body: &str,
    ) -> String {
        html::layout(
            &Page {
                site: &self.options.title,
                title,
                lang: self.options.lang,
                root,
                current,
                generated_at: &self.options.generated_at,
                scripts,
            },
            body,
        )
    }

    /// The number at a JSON Pointer of the report.
    pub(crate) fn num(&self, pointer: &str) -> Option<f64> {
        self.report.pointer(pointer).and_then(Value::as_f64)
    }

    pub(crate) fn money(&self, value: f64) -> String {
        html::money(value, self.currency.as_deref())
    }

    /// The flags of one process.
    pub(crate) fn process_flags(&self, ocid: &str) -> Vec<&FlagView> {
        self.flags_by_ocid.get(ocid).map(|l| l.iter().map(|&i| &self.flags[i]).collect()).unwrap_or_default()
    }
}

/// A JSON Pointer token (RFC 6901: `~` → `~0`, `/` → `~1`).
pub(crate) fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Every flag of the report: Cardinal's (per group), then competition, timeliness, integrity.
fn collect_flags(report: &Value) -> Vec<FlagView> {
    let mut flags = Vec::new();
    if let Some(cardinal) = report.get("cardinal").and_then(Value::as_object) {
        for (group, level) in
            [("OCID", "process"), ("Buyer", "buyer"), ("ProcuringEntity", "procuringEntity"), ("Tenderer", "supplier")]
        {
            let Some(ids) = cardinal.get(group).and_then(Value::as_object) else { continue };
            for (id, codes) in ids {
                let Some(codes) = codes.as_object() else { continue };
                for (code, value) in codes {
                    let fields_at = cardinal
                        .get("Fields")
                        .and_then(|f| f.get(group))
                        .and_then(|g| g.get(id))
                        .and_then(|c| c.get(code));
                    let mut fields = Vec::new();
                    let mut ocids = Vec::new();
                    match fields_at {
                        Some(Value::Array(list)) => {
                            for f in list {
                                let pointer = f.get("pointer").and_then(Value::as_str).unwrap_or_default().to_owned();
                                fields.push((pointer, f.get("value").map(Value::to_string).unwrap_or_default()));
                            }
                        }
                        Some(Value::Object(o)) => {
                            ocids.extend(
                                o.get("ocids")
                                    .and_then(Value::as_array)
                                    .into_iter()
                                    .flatten()
                                    .filter_map(Value::as_str)
                                    .map(str::to_owned),
                            );
                        }
                        _ => {}
                    }
                    if level == "process" {
                        ocids.push(id.clone());
                    }
                    flags.push(FlagView {
                        indicator: code.clone(),
                        level: level.to_owned(),
                        id: id.clone(),
                        value: value.as_f64(),
                        reason: format!("Cardinal {code} = {value}"),
                        reason_es: format!("Cardinal {code} = {value}"),
                        fields,
                        ocids,
                    });
                }
            }
        }
    }
    for family in ["competition", "timeliness", "integrity"] {
        let Some(list) = report.pointer(&format!("/{family}/flags")).and_then(Value::as_array) else { continue };
        for f in list {
            let level = f.get("level").and_then(Value::as_str).unwrap_or_default().to_owned();
            let id = f.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
            let mut ocids = Vec::new();
            if level == "process" {
                ocids.push(id.clone());
            }
            let mut fields = Vec::new();
            for field in f.get("fields").and_then(Value::as_array).into_iter().flatten() {
                let pointer = field.get("pointer").and_then(Value::as_str).unwrap_or_default().to_owned();
                let value = field.get("value").cloned().unwrap_or(Value::Null);
                if let Some(ocid) = value.get("ocid").and_then(Value::as_str) {
                    if !ocids.iter().any(|o| o == ocid) {
                        ocids.push(ocid.to_owned());
                    }
                    let inner = value.get("value").map(Value::to_string).unwrap_or_default();
                    fields.push((pointer, format!("{inner} ({ocid})")));
                } else {
                    if pointer == "/ocid"
                        && let Some(ocid) = value.as_str()
                        && !ocids.iter().any(|o| o == ocid)
                    {
                        ocids.push(ocid.to_owned());
                    }
                    fields.push((pointer, value.to_string()));
                }
            }
            let text = |key: &str| f.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
            flags.push(FlagView {
                indicator: f.get("indicator").and_then(Value::as_str).unwrap_or_default().to_owned(),
                level,
                id,
                value: f.get("value").and_then(Value::as_f64),
                reason: text("reason"),
                reason_es: f.get("reason_es").and_then(Value::as_str).map_or_else(|| text("reason"), str::to_owned),
                fields,
                ocids,
            });
        }
    }
    flags
}

/// The name of an indicator in both languages (its id when not in the catalogue).
pub(crate) fn indicator_name(id: &str) -> String {
    match i18n::indicator(id) {
        Some(i) => t(i.name),
        None => escape(id),
    }
}

/// A link to an indicator's definition.
pub(crate) fn define(root: &str, id: &str) -> String {
    format!(
        r#"<a class="def" href="{root}metodologia.html#{}">{}<span class="visually-hidden"> {}</span></a>"#,
        escape(id),
        t(i18n::t("¿Qué mide?", "What is this?")),
        escape(id)
    )
}

/// A share at `pointer` (an object with numerator, denominator, value, coverage) as
/// "37.5 % (3 / 8)", or "no data".
pub(crate) fn share(ctx: &Context, pointer: &str) -> String {
    let Some(s) = ctx.report.pointer(pointer) else { return no_data() };
    match s.get("value").and_then(Value::as_f64) {
        Some(v) => {
            let (n, d) = (s.get("numerator").and_then(Value::as_f64), s.get("denominator").and_then(Value::as_f64));
            let parts = match (n, d) {
                (Some(n), Some(d)) if n.fract() == 0.0 && d.fract() == 0.0 => {
                    format!(r#" <span class="muted">({} / {})</span>"#, html::number(n, 0), html::number(d, 0))
                }
                _ => String::new(),
            };
            format!("{}{parts}", figure(v, &format!("{pointer}/value"), &percent(v)))
        }
        None => no_data(),
    }
}

/// The coverage of a share or summary at `pointer`: "in N of M processes".
pub(crate) fn coverage(ctx: &Context, pointer: &str, of: Option<f64>) -> String {
    let Some(s) = ctx.report.pointer(pointer) else { return String::new() };
    let n = s.get("coverage").or_else(|| s.get("count")).and_then(Value::as_f64).unwrap_or(0.0);
    let src = if s.get("coverage").is_some() { "coverage" } else { "count" };
    let n_html = figure(n, &format!("{pointer}/{src}"), &html::number(n, 0));
    match of {
        Some(total) => format!(
            r#"<span class="cov">{}</span>"#,
            html::bi(
                &format!("medido en {n_html} de {} procesos", count(total as u64)),
                &format!("measured on {n_html} of {} processes", count(total as u64))
            )
        ),
        None => format!(
            r#"<span class="cov">{}</span>"#,
            html::bi(&format!("medido en {n_html} casos"), &format!("measured on {n_html} cases"))
        ),
    }
}

/// A summary (count, mean, median…) at `pointer` as its median in days.
pub(crate) fn days(ctx: &Context, pointer: &str) -> String {
    match ctx.num(&format!("{pointer}/median")) {
        Some(v) => {
            let text = html::number(v, 1);
            html::bi(
                &format!("mediana {} días", figure(v, &format!("{pointer}/median"), &text)),
                &format!("median {} days", figure(v, &format!("{pointer}/median"), &text)),
            )
        }
        None => no_data(),
    }
}

pub(crate) fn no_data() -> String {
    format!(r#"<span class="nodata">{}</span>"#, t(i18n::t("sin datos", "no data")))
}

/// A table with a caption.
pub(crate) fn table(caption: Option<T>, head: &[T], rows: &[Vec<String>]) -> String {
    let caption = caption.map(|c| format!("<caption>{}</caption>", t(c))).unwrap_or_default();
    let head: String = head.iter().map(|h| format!(r#"<th scope="col">{}</th>"#, t(*h))).collect();
    let body: String = rows
        .iter()
        .map(|r| {
            let cells: String = r
                .iter()
                .enumerate()
                .map(|(i, c)| if i == 0 { format!(r#"<th scope="row">{c}</th>"#) } else { format!("<td>{c}</td>") })
                .collect();
            format!("<tr>{cells}</tr>")
        })
        .collect();
    format!(r#"<div class="scroll"><table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"#)
}

/// A link to a process page from a page at `root`.
pub(crate) fn process_link(ctx: &Context, root: &str, ocid: &str) -> String {
    let title = ctx.processes.iter().find(|p| p.ocid == ocid).and_then(|p| p.title.clone());
    let title = title.map(|t| format!(r#"<br><span class="muted">{}</span>"#, escape(&t))).unwrap_or_default();
    format!(r#"<a href="{root}p/{}.html"><code>{}</code></a>{title}"#, page_name(ocid), escape(ocid))
}

/// A link to whom a flag is about.
pub(crate) fn flag_subject(ctx: &Context, root: &str, flag: &FlagView) -> String {
    match flag.level.as_str() {
        "process" => process_link(ctx, root, &flag.id),
        "buyer" | "procuringEntity" => org_link(ctx, root, "compradores", &flag.id),
        "supplier" => org_link(ctx, root, "proveedores", &flag.id),
        "buyerSupplier" => match flag.id.split_once('|') {
            Some((b, s)) => {
                format!("{} → {}", org_link(ctx, root, "compradores", b), org_link(ctx, root, "proveedores", s))
            }
            None => escape(&flag.id),
        },
        _ => escape(&flag.id),
    }
}

/// A link to an organisation's page (plain text when it has none).
pub(crate) fn org_link(ctx: &Context, root: &str, folder: &str, id: &str) -> String {
    let orgs = if folder == "compradores" { &ctx.buyers } else { &ctx.suppliers };
    match orgs.get(id) {
        Some(org) => {
            let name = if org.name.is_empty() { id } else { &org.name };
            format!(r#"<a href="{root}{folder}/{}.html">{}</a>"#, page_name(id), escape(name))
        }
        None => format!("<code>{}</code>", escape(id)),
    }
}

/// Rows of a flag table: subject, indicator, value, reason, fields.
pub(crate) fn flag_rows(ctx: &Context, root: &str, flags: &[&FlagView], with_subject: bool) -> String {
    let mut out = String::new();
    for f in flags {
        let fields: String = f
            .fields
            .iter()
            .map(|(p, v)| format!("<li><code>{}</code> = <code>{}</code></li>", escape(p), escape(v)))
            .collect();
        let value = f.value.map(|v| html::number(v, if v.fract() == 0.0 { 0 } else { 3 })).unwrap_or_default();
        let subject = if with_subject { format!("<td>{}</td>", flag_subject(ctx, root, f)) } else { String::new() };
        out.push_str(&format!(
            r#"<tr class="flag" data-indicator="{id}">{subject}<td><a href="{root}metodologia.html#{id}"><span class="badge alert">{id}</span></a> {}</td><td>{value}</td><td>{}</td><td><ul class="fields">{fields}</ul></td></tr>"#,
            indicator_name(&f.indicator),
            html::bi(&escape(&f.reason_es), &escape(&f.reason)),
            id = escape(&f.indicator),
        ));
    }
    out
}

/// A table of flags.
pub(crate) fn flag_table(ctx: &Context, root: &str, flags: &[&FlagView], with_subject: bool) -> String {
    if flags.is_empty() {
        return format!(r#"<p class="ok-note">{}</p>"#, t(i18n::t("Sin alertas.", "No alerts.")));
    }
    let subject =
        if with_subject { format!(r#"<th scope="col">{}</th>"#, t(i18n::t("Sobre", "About"))) } else { String::new() };
    format!(
        r#"<div class="scroll"><table class="flags"><thead><tr>{subject}<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table></div>"#,
        t(i18n::t("Indicador", "Indicator")),
        t(i18n::t("Valor", "Value")),
        t(i18n::t("Motivo", "Reason")),
        t(i18n::t("Campos que la activaron", "Fields that raised it")),
        flag_rows(ctx, root, flags, with_subject)
    )
}
