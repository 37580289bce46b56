//! The home page: headline figures with their coverage, the method mix per buyer, published vs
//! approved budget, timeliness and the alerts.

use super::{Context, coverage, days, define, flag_table, no_data, org_link, share, table, token};
use crate::site::charts::{self, Series};
use crate::site::html::{self, bi, escape, figure, percent, t};
use crate::site::i18n::{self, Indicator};
use serde_json::Value;

/// Buyers shown in the home page's chart (the others are on their own pages).
const TOP_BUYERS: usize = 12;
/// Alerts listed on the home page (all are on alertas.html).
const TOP_ALERTS: usize = 12;

pub(crate) const METHODS: [(&str, &str, &str); 4] = [
    ("open", "#0b5394", "solid"),
    ("selective", "#56b4e9", "stripes"),
    ("limited", "#e69f00", "dots"),
    ("direct", "#b3261e", "cross"),
];

pub(crate) fn method_series() -> Vec<Series> {
    METHODS.iter().map(|(m, c, p)| Series { name: i18n::method(m), colour: c, pattern: p }).collect()
}

fn card(indicator: &Indicator, big: String, cov: String) -> String {
    format!(
        r#"<article class="card" id="fig-{id}"><h3>{}</h3><p class="big">{big}</p><p>{cov}</p><p>{}</p></article>"#,
        t(indicator.name),
        define("", indicator.id),
        id = escape(indicator.id),
    )
}

fn share_big(ctx: &Context, pointer: &str) -> String {
    match ctx.num(&format!("{pointer}/value")) {
        Some(v) => figure(v, &format!("{pointer}/value"), &percent(v)),
        None => no_data(),
    }
}

pub(crate) fn home(ctx: &Context) -> String {
    let processes = ctx.num("/meta/processes").unwrap_or(0.0);
    let total = Some(processes);
    let cat = |id| i18n::indicator(id).copied().unwrap_or(i18n::PROCESSES);
    let mut cards = String::new();
    cards.push_str(&card(
        &i18n::PROCESSES,
        figure(processes, "/meta/processes", &html::number(processes, 0)),
        bi(
            &format!("{} páginas de proceso en este portal", html::number(ctx.processes.len() as f64, 0)),
            &format!("{} process pages in this portal", html::number(ctx.processes.len() as f64, 0)),
        ),
    ));
    let amount_ptr = "/competition/dataset/direct_share_value";
    let amount = match ctx.num(&format!("{amount_ptr}/denominator")) {
        Some(v) => figure(v, &format!("{amount_ptr}/denominator"), &ctx.money(v)),
        None => no_data(),
    };
    cards.push_str(&card(&i18n::AMOUNT, amount, coverage(ctx, amount_ptr, total)));
    for (id, pointer) in [
        ("COMP-01", "/competition/dataset/direct_share_count"),
        ("COMP-02", "/competition/dataset/direct_share_value"),
        ("COMP-04", "/competition/dataset/single_bidder_rate"),
    ] {
        cards.push_str(&card(&cat(id), share_big(ctx, pointer), coverage(ctx, pointer, total)));
    }
    let ica = "/completeness/dataset/open_contracting_index";
    let ica_big = match ctx.num(&format!("{ica}/mean")) {
        Some(v) => format!("{} <small>/ 100</small>", figure(v, &format!("{ica}/mean"), &html::number(v, 1))),
        None => no_data(),
    };
    cards.push_str(&card(&cat("TRN-02"), ica_big, coverage(ctx, ica, total)));

    let mut body = format!(
        r#"<section class="hero"><h1>{}</h1><p class="lead">{}</p><form class="quick" action="procesos.html" method="get" role="search"><label for="q-home">{}</label><input id="q-home" name="q" type="search" autocomplete="off"><button type="submit">{}</button></form></section>"#,
        escape(&ctx.options.title),
        t(i18n::t(
            "Cómo compran los entes públicos: qué, a quién, cuánto, cómo y cuándo, según sus datos de contrataciones abiertas.",
            "How public bodies buy: what, from whom, how much, how and when, from their open-contracting data."
        )),
        t(i18n::t("Buscar un proceso, comprador o proveedor", "Search a process, buyer or supplier")),
        t(i18n::t("Buscar", "Search")),
    );
    body.push_str(&format!(
        r#"<section aria-labelledby="cifras-h"><h2 id="cifras-h">{}</h2><div class="cards">{cards}</div><p class="muted">{}</p></section>"#,
        t(i18n::t("Cifras principales", "Headline figures")),
        t(i18n::t(
            "Cada cifra dice sobre cuántos procesos se pudo medir: un proceso sin los campos necesarios queda fuera, nunca cuenta como cero.",
            "Each figure says how many processes it could be measured on: a process without the fields it needs is left out, never counted as zero."
        )),
    ));
    body.push_str(&method_mix(ctx));
    body.push_str(&budget(ctx));
    body.push_str(&timeliness(ctx, total));
    body.push_str(&alerts(ctx));
    ctx.page(i18n::t("Inicio", "Home"), "", "index", &[], &body)
}

/// Method mix per buyer (by count), the chart and its table.
fn method_mix(ctx: &Context) -> String {
    let Some(buyers) = ctx.report.pointer("/competition/buyer").and_then(Value::as_object) else {
        return String::new();
    };
    let mut ranked: Vec<(&String, &Value)> = buyers.iter().collect();
    ranked.sort_by(|a, b| {
        let n = |v: &Value| v.get("processes").and_then(Value::as_f64).unwrap_or(0.0);
        n(b.1).total_cmp(&n(a.1)).then(a.0.cmp(b.0))
    });
    let mut rows_chart = Vec::new();
    let mut rows_table = Vec::new();
    let mut entries: Vec<(String, String, String)> = vec![(
        t(i18n::t("Todos los compradores", "All buyers")),
        i18n::t("Todos", "All").es.to_owned(),
        "/competition/dataset".to_owned(),
    )];
    for (id, _) in ranked.iter().take(TOP_BUYERS) {
        let name =
            ctx.buyers.get(*id).map(|o| o.name.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| (*id).clone());
        entries.push((org_link(ctx, "", "compradores", id), name, format!("/competition/buyer/{}", token(id))));
    }
    for (link, name, base) in &entries {
        let mut shares = Vec::new();
        let mut cells =
            vec![link.clone(), ctx.num(&format!("{base}/processes")).map(|n| html::number(n, 0)).unwrap_or_default()];
        for (m, _, _) in METHODS {
            let pointer = format!("{base}/method_mix/{m}/count");
            shares.push(ctx.num(&format!("{pointer}/value")).unwrap_or(0.0));
            cells.push(share(ctx, &pointer));
        }
        cells.push(share(ctx, &format!("{base}/direct_share_value")));
        rows_chart.push((name.clone(), shares));
        rows_table.push(cells);
    }
    let series = method_series();
    let chart = charts::stacked(
        "mix",
        i18n::t("Procedimientos por comprador (proporción de procesos)", "Methods per buyer (share of processes)"),
        i18n::t(
            "Barras apiladas: proporción de procesos de cada comprador por método; la tabla siguiente tiene los valores.",
            "Stacked bars: each buyer's share of processes by method; the table below has the values.",
        ),
        &series,
        &rows_chart,
    );
    let more = if buyers.len() > TOP_BUYERS {
        bi(
            &format!(r#"<p><a href="compradores.html">Ver los {} compradores</a></p>"#, buyers.len()),
            &format!(r#"<p><a href="compradores.html">See all {} buyers</a></p>"#, buyers.len()),
        )
    } else {
        String::new()
    };
    let head = [
        i18n::t("Comprador", "Buyer"),
        i18n::t("Procesos", "Processes"),
        i18n::method("open"),
        i18n::method("selective"),
        i18n::method("limited"),
        i18n::method("direct"),
        i18n::t("Directa (monto)", "Direct (value)"),
    ];
    format!(
        r#"<section aria-labelledby="mix-h"><h2 id="mix-h">{} {}</h2><figure>{chart}{}<figcaption>{}</figcaption></figure>{}{more}</section>"#,
        t(i18n::t("¿Cómo compran? Procedimientos por comprador", "How do they buy? Methods per buyer")),
        define("", "COMP-03"),
        charts::legend("mix", &series),
        t(i18n::t(
            "Procesos por método de contratación, en proporción de cada comprador.",
            "Processes by procurement method, as a share of each buyer's."
        )),
        table(Some(i18n::t("Datos de la gráfica", "Data of the chart")), &head, &rows_table),
    )
}

/// Published vs approved budget per buyer, year and chapter.
fn budget(ctx: &Context) -> String {
    let title = format!(
        r#"<h2 id="bud-h">{} {}</h2>"#,
        t(i18n::t("Presupuesto publicado frente al aprobado", "Published vs approved budget")),
        define("", "BUD-01")
    );
    let Some(rows) =
        ctx.report.pointer("/budget/buyerYearChapter").and_then(Value::as_object).filter(|r| !r.is_empty())
    else {
        let note = if ctx.report.get("budget").is_some() {
            i18n::t(
                "No se dio una tabla de presupuesto aprobado por comprador, año y capítulo: esta comparación no se puede hacer.",
                "No approved-budget table (buyer, year, chapter) was given: this comparison cannot be made.",
            )
        } else {
            i18n::t("La familia de presupuesto no se calculó.", "The budget family was not computed.")
        };
        return format!(r#"<section aria-labelledby="bud-h">{title}<p class="missing">{}</p></section>"#, t(note));
    };
    let mut chart_rows = Vec::new();
    let mut table_rows = Vec::new();
    for (key, row) in rows {
        let base = format!("/budget/buyerYearChapter/{}", token(key));
        let buyer = row.get("buyer").and_then(Value::as_str).unwrap_or_default();
        let year = row.get("year").map(|y| y.to_string()).unwrap_or_default();
        let chapter = row.get("chapter").map(|c| c.to_string()).unwrap_or_default();
        let approved = row.get("approved").and_then(Value::as_f64);
        let published = row.get("published").and_then(Value::as_f64).unwrap_or(0.0);
        let ratio = ctx.num(&format!("{base}/published_vs_approved/value"));
        let name =
            ctx.buyers.get(buyer).map(|o| o.name.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| buyer.to_owned());
        chart_rows.push((
            format!("{year} · {chapter} · {name}"),
            approved.unwrap_or(0.0),
            published,
            ratio.map(percent).unwrap_or_else(|| "—".into()),
        ));
        table_rows.push(vec![
            org_link(ctx, "", "compradores", buyer),
            escape(&year),
            escape(&chapter),
            approved.map(|a| figure(a, &format!("{base}/approved"), &ctx.money(a))).unwrap_or_else(no_data),
            figure(published, &format!("{base}/published"), &ctx.money(published)),
            share(ctx, &format!("{base}/published_vs_approved")),
        ]);
    }
    let series = [
        Series { name: i18n::t("Aprobado", "Approved"), colour: "#9aa5b1", pattern: "stripes" },
        Series { name: i18n::t("Publicado", "Published"), colour: "#0b5394", pattern: "solid" },
    ];
    let currency = ctx.currency.clone();
    let chart = charts::paired(
        "bud",
        i18n::t(
            "Presupuesto aprobado y publicado por comprador, año y capítulo",
            "Approved and published budget per buyer, year and chapter",
        ),
        i18n::t(
            "Dos barras por fila: el aprobado y lo publicado en procesos; al final, la proporción.",
            "Two bars per row: the approved amount and what processes published; at the end, the ratio.",
        ),
        &series,
        &chart_rows,
        &|v| html::money(v, currency.as_deref()),
    );
    let head = [
        i18n::t("Comprador", "Buyer"),
        i18n::t("Año", "Year"),
        i18n::t("Capítulo", "Chapter"),
        i18n::t("Aprobado", "Approved"),
        i18n::t("Publicado", "Published"),
        i18n::t("Publicado ÷ aprobado", "Published ÷ approved"),
    ];
    format!(
        r#"<section aria-labelledby="bud-h">{title}<p>{}</p><figure>{chart}{}</figure>{}<p>{} {}</p></section>"#,
        t(i18n::t(
            "Capítulos del clasificador por objeto del gasto: 2000 materiales y suministros, 3000 servicios generales, 5000 bienes muebles, inmuebles e intangibles, 7000 inversiones financieras.",
            "Chapters of the object-of-expenditure classifier: 2000 materials and supplies, 3000 general services, 5000 movable, immovable and intangible assets, 7000 financial investments."
        )),
        charts::legend("bud", &series),
        table(Some(i18n::t("Datos de la gráfica", "Data of the chart")), &head, &table_rows),
        t(i18n::t("Todo el conjunto:", "Whole dataset:")),
        share(ctx, "/budget/dataset/published_vs_approved"),
    )
}

/// Timeliness of the whole dataset.
fn timeliness(ctx: &Context, total: Option<f64>) -> String {
    if ctx.report.get("timeliness").is_none() {
        return String::new();
    }
    let base = "/timeliness/dataset";
    let rows: Vec<Vec<String>> = [
        ("TIM-01", "tender_period_days", true),
        ("TIM-01", "short_tender_period", false),
        ("TIM-02", "award_decision_days", true),
        ("TIM-03", "signature_delay_days", true),
        ("TIM-04", "milestones_on_time", false),
        ("TIM-05", "concluded_on_time", false),
        ("TIM-06", "milestones_reopened", false),
        ("TIM-06", "contracts_reopened", false),
        ("TIM-07", "long_contracts", false),
        ("TIM-08", "suspicious_dates", false),
    ]
    .iter()
    .map(|(id, member, is_days)| {
        let pointer = format!("{base}/{member}");
        let label = member_label(member);
        let value = if *is_days { days(ctx, &pointer) } else { share(ctx, &pointer) };
        let of = if member.contains("milestones") || member.contains("contracts") { None } else { total };
        vec![format!("{} {}", t(label), define("", id)), value, coverage(ctx, &pointer, of)]
    })
    .collect();
    let as_of = ctx
        .report
        .pointer("/timeliness/meta/as_of")
        .and_then(Value::as_str)
        .map(crate::site::record::date_html)
        .unwrap_or_default();
    format!(
        r#"<section aria-labelledby="tim-h"><h2 id="tim-h">{}</h2><p class="muted">{} {as_of}</p>{}</section>"#,
        t(i18n::t("¿Se hace a tiempo? Oportunidad", "Is it on time? Timeliness")),
        t(i18n::t("Fecha de corte:", "As of:")),
        table(
            None,
            &[i18n::t("Medida", "Measure"), i18n::t("Valor", "Value"), i18n::t("Cobertura", "Coverage")],
            &rows
        ),
    )
}

pub(crate) fn member_label(member: &str) -> i18n::T {
    match member {
        "tender_period_days" => i18n::t("Días de convocatoria", "Tender period days"),
        "short_tender_period" => i18n::t("Convocatorias de menos de 15 días", "Tender periods under 15 days"),
        "award_decision_days" => i18n::t("Días para adjudicar", "Days to award"),
        "signature_delay_days" => i18n::t("Días de la adjudicación a la firma", "Days from award to signature"),
        "milestones_on_time" => i18n::t("Hitos cumplidos a tiempo", "Milestones met on time"),
        "concluded_on_time" => i18n::t("Contratos concluidos en plazo", "Contracts concluded on time"),
        "milestones_reopened" => i18n::t("Hitos reabiertos tras cumplirse", "Milestones reopened after being met"),
        "contracts_reopened" => i18n::t("Contratos reabiertos tras terminar", "Contracts reopened after termination"),
        "long_contracts" => i18n::t("Contratos de más de 1000 días", "Contracts over 1000 days"),
        "suspicious_dates" => i18n::t("Fechas clave en día inhábil", "Key dates on non-working days"),
        _ => i18n::t("Medida", "Measure"),
    }
}

/// Alerts: how many of each, and the first ones with the fields that raised them.
fn alerts(ctx: &Context) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for f in &ctx.flags {
        match counts.iter_mut().find(|(i, _)| *i == f.indicator) {
            Some((_, n)) => *n += 1,
            None => counts.push((f.indicator.clone(), 1)),
        }
    }
    let rows: Vec<Vec<String>> = counts
        .iter()
        .map(|(id, n)| {
            vec![
                format!(
                    r#"<a href="alertas.html#a-{id}"><span class="badge alert">{id}</span></a> {}"#,
                    super::indicator_name(id),
                    id = escape(id)
                ),
                html::number(*n as f64, 0),
                define("", id),
            ]
        })
        .collect();
    let first: Vec<&super::FlagView> = ctx.flags.iter().take(TOP_ALERTS).collect();
    let summary = if rows.is_empty() {
        String::new()
    } else {
        table(
            Some(i18n::t("Alertas por indicador", "Alerts per indicator")),
            &[i18n::t("Indicador", "Indicator"), i18n::t("Alertas", "Alerts"), i18n::t("Definición", "Definition")],
            &rows,
        )
    };
    format!(
        r#"<section aria-labelledby="al-h"><h2 id="al-h">{}</h2><p>{}</p>{summary}<h3>{}</h3>{}<p><a href="alertas.html">{}</a></p></section>"#,
        t(i18n::t("Alertas: banderas rojas e integridad", "Alerts: red flags and integrity")),
        t(i18n::t(
            "Una alerta es una señal de riesgo que revisar, no una prueba de irregularidad; depende de lo publicado.",
            "An alert is a risk signal to review, not proof of wrongdoing; it depends on what was published."
        )),
        t(i18n::t("Primeras alertas", "First alerts")),
        flag_table(ctx, "", &first, true),
        bi(&format!("Ver las {} alertas", ctx.flags.len()), &format!("See all {} alerts", ctx.flags.len())),
    )
}
