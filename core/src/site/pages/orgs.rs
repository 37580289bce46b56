//! Buyers and suppliers: a list of each, and one page per organisation.

use super::home::{METHODS, method_series};
use super::{Context, FlagView, Org, define, flag_table, no_data, process_link, share, table, token};
use crate::site::charts;
use crate::site::html::{self, bi, escape, figure, t};
use crate::site::i18n::{self, T};
use crate::site::names::page_name;
use std::path::PathBuf;

fn name_of<'a>(id: &'a str, org: &'a Org) -> &'a str {
    if org.name.is_empty() { id } else { &org.name }
}

fn flags_of(ctx: &Context, org: &Org) -> usize {
    org.processes.iter().map(|&i| ctx.process_flags(&ctx.processes[i].ocid).len()).sum()
}

fn list_page(ctx: &Context, buyers: bool) -> String {
    let (orgs, folder, title, current) = if buyers {
        (&ctx.buyers, "compradores", i18n::t("Compradores", "Buyers"), "compradores")
    } else {
        (&ctx.suppliers, "proveedores", i18n::t("Proveedores", "Suppliers"), "proveedores")
    };
    let rows: Vec<Vec<String>> = orgs
        .iter()
        .map(|(id, org)| {
            let value = if buyers {
                share(ctx, &format!("/competition/buyer/{}/direct_share_count", token(id)))
            } else {
                ctx.num(&format!("/competition/supplier/{}/value", token(id)))
                    .map(|v| figure(v, &format!("/competition/supplier/{}/value", token(id)), &ctx.money(v)))
                    .unwrap_or_else(no_data)
            };
            vec![
                format!(r#"<a href="{folder}/{}.html">{}</a>"#, page_name(id), escape(name_of(id, org))),
                format!("<code>{}</code>", escape(id)),
                html::number(org.processes.len() as f64, 0),
                value,
                html::number(flags_of(ctx, org) as f64, 0),
            ]
        })
        .collect();
    let fourth = if buyers {
        i18n::t("Adjudicación directa (número)", "Direct-award share (count)")
    } else {
        i18n::t("Monto ganado", "Value won")
    };
    let body = format!(
        r#"<h1>{}</h1><p>{}</p>{}"#,
        t(title),
        bi(&format!("{} en esta publicación.", orgs.len()), &format!("{} in this publication.", orgs.len())),
        table(
            None,
            &[
                i18n::t("Nombre", "Name"),
                i18n::t("Identificador", "Identifier"),
                i18n::t("Procesos", "Processes"),
                fourth,
                i18n::t("Alertas en sus procesos", "Alerts in its processes")
            ],
            &rows
        )
    );
    ctx.page(title, "", current, &[], &body)
}

pub(crate) fn buyers_list(ctx: &Context) -> String {
    list_page(ctx, true)
}

pub(crate) fn suppliers_list(ctx: &Context) -> String {
    list_page(ctx, false)
}

fn processes_table(ctx: &Context, org: &Org, buyer: bool) -> String {
    let rows: Vec<Vec<String>> = org
        .processes
        .iter()
        .map(|&i| {
            let p = &ctx.processes[i];
            let other = if buyer {
                p.suppliers
                    .iter()
                    .map(|(id, _)| super::org_link(ctx, "../", "proveedores", id))
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                p.buyer.as_ref().map(|(id, _)| super::org_link(ctx, "../", "compradores", id)).unwrap_or_default()
            };
            vec![
                process_link(ctx, "../", &p.ocid),
                p.year.as_deref().map(escape).unwrap_or_default(),
                p.method.as_deref().map(|m| t(i18n::method(m))).unwrap_or_default(),
                other,
                html::number(ctx.process_flags(&p.ocid).len() as f64, 0),
            ]
        })
        .collect();
    let other = if buyer { i18n::t("Proveedores", "Suppliers") } else { i18n::t("Comprador", "Buyer") };
    table(
        None,
        &[
            i18n::t("Proceso", "Process"),
            i18n::t("Año", "Year"),
            i18n::t("Método", "Method"),
            other,
            i18n::t("Alertas", "Alerts"),
        ],
        &rows,
    )
}

fn figures(items: Vec<(T, String, &str)>) -> String {
    let body: String = items
        .into_iter()
        .map(|(label, value, id)| {
            format!(
                "<div><dt>{} {}</dt><dd>{value}</dd></div>",
                t(label),
                if id.is_empty() { String::new() } else { define("../", id) }
            )
        })
        .collect();
    format!(r#"<dl class="figures">{body}</dl>"#)
}

fn buyer_page(ctx: &Context, id: &str, org: &Org) -> String {
    let b = token(id);
    let mut items = vec![
        (i18n::t("Procesos", "Processes"), html::number(org.processes.len() as f64, 0), ""),
        (
            i18n::t("Adjudicación directa (número)", "Direct-award share (count)"),
            share(ctx, &format!("/competition/buyer/{b}/direct_share_count")),
            "COMP-01",
        ),
        (
            i18n::t("Adjudicación directa (monto)", "Direct-award share (value)"),
            share(ctx, &format!("/competition/buyer/{b}/direct_share_value")),
            "COMP-02",
        ),
        (
            i18n::t("Tasa de oferente único", "Single-bidder rate"),
            share(ctx, &format!("/competition/buyer/{b}/single_bidder_rate")),
            "COMP-04",
        ),
        (
            i18n::t("Principal proveedor (proporción del monto)", "Top supplier (share of value)"),
            share(ctx, &format!("/competition/buyer/{b}/top_supplier_share")),
            "COMP-06",
        ),
    ];
    if let Some(v) = ctx.num(&format!("/completeness/buyer/{b}/open_contracting_index/mean")) {
        items.push((
            i18n::t("Índice de contrataciones abiertas", "Open-contracting index"),
            format!(
                "{} / 100",
                figure(v, &format!("/completeness/buyer/{b}/open_contracting_index/mean"), &html::number(v, 1))
            ),
            "TRN-02",
        ));
    }
    items.push((
        i18n::t("Hitos cumplidos a tiempo", "Milestones met on time"),
        share(ctx, &format!("/timeliness/buyer/{b}/milestones_on_time")),
        "TIM-04",
    ));
    items.push((
        i18n::t("Presupuesto publicado ÷ aprobado", "Published ÷ approved budget"),
        share(ctx, &format!("/budget/buyer/{b}/published_vs_approved")),
        "BUD-01",
    ));
    let mix = if ctx.report.pointer(&format!("/competition/buyer/{b}/method_mix")).is_some() {
        let shares: Vec<f64> = METHODS
            .iter()
            .map(|(m, _, _)| ctx.num(&format!("/competition/buyer/{b}/method_mix/{m}/count/value")).unwrap_or(0.0))
            .collect();
        let series = method_series();
        let chart = charts::stacked(
            "mix",
            i18n::t("Procedimientos del comprador", "The buyer's methods"),
            i18n::t(
                "Proporción de sus procesos por método; la tabla siguiente tiene los valores.",
                "Share of its processes by method; the table below has the values.",
            ),
            &series,
            &[(name_of(id, org).to_owned(), shares)],
        );
        let cells: Vec<String> = METHODS
            .iter()
            .map(|(m, _, _)| share(ctx, &format!("/competition/buyer/{b}/method_mix/{m}/count")))
            .collect();
        let mut row = vec![t(i18n::t("Procesos", "Processes"))];
        row.extend(cells);
        format!(
            r#"<section><h2>{} {}</h2><figure>{chart}{}</figure>{}</section>"#,
            t(i18n::t("Procedimientos", "Methods")),
            define("../", "COMP-03"),
            charts::legend("mix", &series),
            table(
                Some(i18n::t("Datos de la gráfica", "Data of the chart")),
                &[
                    i18n::t("Medida", "Measure"),
                    i18n::method("open"),
                    i18n::method("selective"),
                    i18n::method("limited"),
                    i18n::method("direct")
                ],
                &[row]
            )
        )
    } else {
        String::new()
    };
    let chapters: Vec<Vec<String>> = ctx
        .report
        .pointer("/budget/buyerYearChapter")
        .and_then(|v| v.as_object())
        .into_iter()
        .flatten()
        .filter(|(_, row)| row.get("buyer").and_then(|b| b.as_str()) == Some(id))
        .map(|(key, row)| {
            let base = format!("/budget/buyerYearChapter/{}", token(key));
            vec![
                escape(&row.get("year").map(|y| y.to_string()).unwrap_or_default()),
                escape(&row.get("chapter").map(|y| y.to_string()).unwrap_or_default()),
                ctx.num(&format!("{base}/approved"))
                    .map(|v| figure(v, &format!("{base}/approved"), &ctx.money(v)))
                    .unwrap_or_else(no_data),
                ctx.num(&format!("{base}/published"))
                    .map(|v| figure(v, &format!("{base}/published"), &ctx.money(v)))
                    .unwrap_or_else(no_data),
                share(ctx, &format!("{base}/published_vs_approved")),
            ]
        })
        .collect();
    let budget = if chapters.is_empty() {
        String::new()
    } else {
        format!(
            "<section><h2>{} {}</h2>{}</section>",
            t(i18n::t("Presupuesto por año y capítulo", "Budget per year and chapter")),
            define("../", "BUD-01"),
            table(
                None,
                &[
                    i18n::t("Año", "Year"),
                    i18n::t("Capítulo", "Chapter"),
                    i18n::t("Aprobado", "Approved"),
                    i18n::t("Publicado", "Published"),
                    i18n::t("Publicado ÷ aprobado", "Published ÷ approved")
                ],
                &chapters
            )
        )
    };
    let flags: Vec<&FlagView> = ctx
        .flags
        .iter()
        .filter(|f| match f.level.as_str() {
            "buyer" | "procuringEntity" => f.id == id,
            "buyerSupplier" => f.id.split_once('|').is_some_and(|(b, _)| b == id),
            _ => false,
        })
        .collect();
    let body = format!(
        r#"<nav class="crumbs" aria-label="Ruta / Breadcrumb"><a href="../index.html">{}</a> › <a href="../compradores.html">{}</a></nav><header class="process-head"><p class="eyebrow">{} <code>{}</code></p><h1>{}</h1></header><section><h2>{}</h2>{}</section>{mix}{budget}<section><h2>{}</h2>{}</section><section><h2>{}</h2>{}</section>"#,
        t(i18n::t("Inicio", "Home")),
        t(i18n::t("Compradores", "Buyers")),
        t(i18n::t("Comprador", "Buyer")),
        escape(id),
        escape(name_of(id, org)),
        t(i18n::t("Indicadores", "Indicators")),
        figures(items),
        t(i18n::t("Alertas del comprador", "Alerts about the buyer")),
        flag_table(ctx, "../", &flags, true),
        t(i18n::t("Sus procesos", "Its processes")),
        processes_table(ctx, org, true),
    );
    ctx.page_titled((name_of(id, org), name_of(id, org)), "../", "compradores", &[], &body)
}

fn supplier_page(ctx: &Context, id: &str, org: &Org) -> String {
    let s = token(id);
    let mut items =
        vec![(i18n::t("Procesos ganados", "Processes won"), html::number(org.processes.len() as f64, 0), "")];
    if let Some(v) = ctx.num(&format!("/competition/supplier/{s}/value")) {
        items.push((
            i18n::t("Monto ganado", "Value won"),
            figure(v, &format!("/competition/supplier/{s}/value"), &ctx.money(v)),
            "amount",
        ));
    }
    items.push((
        i18n::t("Por adjudicación directa", "By direct award"),
        share(ctx, &format!("/competition/supplier/{s}/direct_share")),
        "COMP-01",
    ));
    if let Some(v) = ctx.num(&format!("/integrity/supplier/{s}/sanctioned_processes")) {
        items.push((
            i18n::t("Procesos ganados estando sancionado", "Processes won while sanctioned"),
            figure(v, &format!("/integrity/supplier/{s}/sanctioned_processes"), &html::number(v, 0)),
            "INT-01",
        ));
    }
    let flags: Vec<&FlagView> = ctx
        .flags
        .iter()
        .filter(|f| match f.level.as_str() {
            "supplier" => f.id == id,
            "buyerSupplier" => f.id.split_once('|').is_some_and(|(_, x)| x == id),
            _ => false,
        })
        .collect();
    let body = format!(
        r#"<nav class="crumbs" aria-label="Ruta / Breadcrumb"><a href="../index.html">{}</a> › <a href="../proveedores.html">{}</a></nav><header class="process-head"><p class="eyebrow">{} <code>{}</code></p><h1>{}</h1></header><section><h2>{}</h2>{}</section><section><h2>{}</h2>{}</section><section><h2>{}</h2>{}</section>"#,
        t(i18n::t("Inicio", "Home")),
        t(i18n::t("Proveedores", "Suppliers")),
        t(i18n::t("Proveedor", "Supplier")),
        escape(id),
        escape(name_of(id, org)),
        t(i18n::t("Indicadores", "Indicators")),
        figures(items),
        t(i18n::t("Alertas del proveedor", "Alerts about the supplier")),
        flag_table(ctx, "../", &flags, true),
        t(i18n::t("Procesos que ganó", "Processes it won")),
        processes_table(ctx, org, false),
    );
    ctx.page_titled((name_of(id, org), name_of(id, org)), "../", "proveedores", &[], &body)
}

/// Every buyer's and supplier's page, with its path.
pub(crate) fn organisation_pages<'a>(ctx: &'a Context<'a>) -> impl Iterator<Item = (PathBuf, String)> + 'a {
    let buyers = ctx
        .buyers
        .iter()
        .map(|(id, org)| (PathBuf::from(format!("compradores/{}.html", page_name(id))), buyer_page(ctx, id, org)));
    let suppliers = ctx
        .suppliers
        .iter()
        .map(|(id, org)| (PathBuf::from(format!("proveedores/{}.html", page_name(id))), supplier_page(ctx, id, org)));
    buyers.chain(suppliers)
}
