//! Search, alerts, "what the data allows" and the methodology.

use super::{Context, FlagView, coverage, define, flag_table, indicator_name, table};
use crate::site::html::{self, bi, escape, percent, t};
use crate::site::i18n::{self, CATALOGUE, Indicator};
use serde_json::Value;

/// Processes listed in the page itself, for readers without JavaScript.
const STATIC_ROWS: usize = 300;

pub(crate) fn search_page(ctx: &Context) -> String {
    let rows: Vec<Vec<String>> = ctx
        .processes
        .iter()
        .take(STATIC_ROWS)
        .map(|p| {
            vec![
                super::process_link(ctx, "", &p.ocid),
                p.buyer.as_ref().map(|(id, _)| super::org_link(ctx, "", "compradores", id)).unwrap_or_default(),
                p.year.as_deref().map(escape).unwrap_or_default(),
                p.method.as_deref().map(|m| t(i18n::method(m))).unwrap_or_default(),
                html::number(ctx.process_flags(&p.ocid).len() as f64, 0),
            ]
        })
        .collect();
    let more = if ctx.processes.len() > STATIC_ROWS {
        bi(
            &format!(
                "<p>Se muestran {STATIC_ROWS} de {}; use la búsqueda para encontrar los demás.</p>",
                ctx.processes.len()
            ),
            &format!("<p>Showing {STATIC_ROWS} of {}; use the search to find the others.</p>", ctx.processes.len()),
        )
    } else {
        String::new()
    };
    let select = |id: &str, label: i18n::T| {
        format!(
            r#"<div class="field"><label for="{id}">{}</label><select id="{id}" name="{id}"><option value="">{}</option></select></div>"#,
            t(label),
            "— Todos / All —"
        )
    };
    let head = [
        i18n::t("Proceso", "Process"),
        i18n::t("Comprador", "Buyer"),
        i18n::t("Año", "Year"),
        i18n::t("Método", "Method"),
        i18n::t("Alertas", "Alerts"),
    ];
    let noscript = format!(
        "<noscript><p>{}</p></noscript>",
        t(i18n::t("La búsqueda necesita JavaScript; esta es la lista.", "Search needs JavaScript; this is the list."))
    );
    let body = format!(
        r#"<h1>{title}</h1>
<form id="search" class="filters" role="search" action="procesos.html" method="get">
<div class="field grow"><label for="q">{q}</label><input id="q" name="q" type="search" autocomplete="off"></div>
{buyer}{year}{method}{flag}
<div class="field"><button type="reset" id="clear">{clear}</button></div>
</form>
<p id="result-count" role="status" aria-live="polite"></p>
<div id="results" hidden></div>
<div id="static-list">{noscript}{table}{more}</div>"#,
        title = t(i18n::t("Procesos de contratación", "Contracting processes")),
        q = t(i18n::t("Buscar (ocid, título, comprador o proveedor)", "Search (ocid, title, buyer or supplier)")),
        buyer = select("f-buyer", i18n::t("Comprador", "Buyer")),
        year = select("f-year", i18n::t("Año", "Year")),
        method = select("f-method", i18n::t("Método", "Method")),
        flag = select("f-flag", i18n::t("Alerta", "Alert")),
        clear = t(i18n::t("Limpiar", "Clear")),
        noscript = noscript,
        table = table(None, &head, &rows),
    );
    ctx.page(i18n::t("Procesos", "Processes"), "", "procesos", &["search-index.js"], &body)
}

pub(crate) fn alerts_page(ctx: &Context) -> String {
    let mut order: Vec<&str> = Vec::new();
    for f in &ctx.flags {
        if !order.contains(&f.indicator.as_str()) {
            order.push(&f.indicator);
        }
    }
    let mut body = format!(
        r#"<h1>{}</h1><p>{}</p>"#,
        t(i18n::t("Alertas", "Alerts")),
        t(i18n::t(
            "Cada alerta nombra los campos de la entrega compilada (JSON Pointer) y los valores que la activaron. Es una señal que revisar, no una prueba.",
            "Each alert names the fields of the compiled release (JSON Pointer) and the values that raised it. It is a signal to review, not proof."
        ))
    );
    if order.is_empty() {
        body.push_str(&flag_table(ctx, "", &[], true));
    }
    for id in order {
        let flags: Vec<&FlagView> = ctx.flags.iter().filter(|f| f.indicator == id).collect();
        body.push_str(&format!(
            r#"<section id="a-{id}" aria-labelledby="a-{id}-h"><h2 id="a-{id}-h"><span class="badge alert">{id}</span> {} <span class="count">({})</span> {}</h2>{}</section>"#,
            indicator_name(id),
            flags.len(),
            define("", id),
            flag_table(ctx, "", &flags, true),
            id = escape(id),
        ));
    }
    ctx.page(i18n::t("Alertas", "Alerts"), "", "alertas", &[], &body)
}

/// Where an indicator's dataset figure is in the report, and what kind it is.
fn dataset_pointer(id: &str) -> Option<&'static str> {
    Some(match id {
        "COMP-01" | "COMP-03" => "/competition/dataset/direct_share_count",
        "COMP-02" => "/competition/dataset/direct_share_value",
        "COMP-04" => "/competition/dataset/single_bidder_rate",
        "COMP-05" => "/competition/dataset/mean_tenderers",
        "TRN-01" => "/completeness/dataset/planning",
        "TRN-02" => "/completeness/dataset/open_contracting_index",
        "TRN-04" => "/completeness/dataset/contract_document",
        "TRN-05" => "/completeness/dataset/late_publication",
        "TRN-06" => "/completeness/dataset/tender_notice",
        "TIM-01" => "/timeliness/dataset/tender_period_days",
        "TIM-02" => "/timeliness/dataset/award_decision_days",
        "TIM-03" => "/timeliness/dataset/signature_delay_days",
        "TIM-04" => "/timeliness/dataset/milestones_on_time",
        "TIM-05" => "/timeliness/dataset/concluded_on_time",
        "TIM-06" => "/timeliness/dataset/milestones_reopened",
        "TIM-07" => "/timeliness/dataset/long_contracts",
        "TIM-08" => "/timeliness/dataset/suspicious_dates",
        "BUD-01" => "/budget/dataset/published_vs_approved",
        "BUD-02" => "/budget/dataset/unclassified_count",
        "INT-01" => "/integrity/dataset/sanctioned_supplier",
        "INT-02" => "/integrity/dataset/supplier_without_identifier",
        "INT-03" => "/integrity/dataset/new_company",
        "INT-04" => "/integrity/dataset/just_under_threshold",
        "INT-05" => "/integrity/dataset/splitting_clusters",
        "INT-06" => "/integrity/dataset/repeat_winners",
        "INT-07" => "/integrity/dataset/value_raising_amendment",
        "INT-08" => "/integrity/dataset/round_amount",
        "INT-09" => "/integrity/dataset/non_competitive_without_rationale",
        _ => return None,
    })
}

/// Processes where a coverage path (Cardinal's `coverage` family) is not empty.
fn field_count(ctx: &Context, path: &str) -> Option<f64> {
    ctx.report.get("coverage")?.get(path).and_then(Value::as_f64)
}

/// Whether an indicator could be computed, and if not, why.
fn status(ctx: &Context, ind: &Indicator, processes: f64) -> (bool, String) {
    let family = ctx.report.get(ind.family);
    if family.is_none() {
        return (false, t(i18n::t("familia no calculada", "family not computed")));
    }
    if ind.family == "cardinal" {
        let flagged = ctx.flags.iter().filter(|f| f.indicator == ind.id).count();
        return (true, bi(&format!("calculado; {flagged} alertas"), &format!("computed; {flagged} alerts")));
    }
    let Some(pointer) = dataset_pointer(ind.id) else {
        return (true, t(i18n::t("calculado (ver por comprador)", "computed (see per buyer)")));
    };
    match ctx.report.pointer(pointer) {
        None | Some(Value::Null) => (
            false,
            t(i18n::t("requiere una tabla de entrada que no se dio", "needs an input table that was not given")),
        ),
        Some(Value::Number(n)) => {
            (true, format!("{} {}", t(i18n::t("calculado:", "computed:")), html::number(n.as_f64().unwrap_or(0.0), 0)))
        }
        Some(v) => {
            let n = v.get("coverage").or_else(|| v.get("count")).and_then(Value::as_f64).unwrap_or(0.0);
            if n > 0.0 {
                (true, coverage(ctx, pointer, Some(processes)))
            } else if v.get("coverage").is_some() && ind.id == "BUD-01" {
                (
                    false,
                    t(i18n::t(
                        "falta la tabla de presupuesto aprobado o la clasificación por capítulo",
                        "the approved-budget table or the chapter classification is missing",
                    )),
                )
            } else {
                (false, t(i18n::t("ningún proceso tiene los campos necesarios", "no process has the fields it needs")))
            }
        }
    }
}

pub(crate) fn data_page(ctx: &Context) -> String {
    let processes = ctx.num("/meta/processes").unwrap_or(0.0);
    let mut computed = Vec::new();
    let mut missing = Vec::new();
    for ind in CATALOGUE {
        let (ok, why) = status(ctx, ind, processes);
        let fields: String = ind
            .fields
            .iter()
            .map(|f| {
                let n = field_count(ctx, f);
                let cov = match (n, processes > 0.0) {
                    (Some(n), true) => format!(" {}", percent(n / processes)),
                    (None, _) if ctx.report.get("coverage").is_some() => " 0 %".to_owned(),
                    _ => String::new(),
                };
                format!("<li><code>{}</code>{cov}</li>", escape(f))
            })
            .collect();
        let row = vec![
            format!(
                r#"<a href="metodologia.html#{id}"><span class="badge">{id}</span></a> {}"#,
                t(ind.name),
                id = ind.id
            ),
            why,
            format!(r#"<ul class="fields">{fields}</ul>"#),
        ];
        if ok { computed.push(row) } else { missing.push(row) }
    }
    let head = [
        i18n::t("Indicador", "Indicator"),
        i18n::t("Situación", "Status"),
        i18n::t("Campos que necesita (cobertura)", "Fields it needs (coverage)"),
    ];
    let roles = roles_table(ctx);
    let notes: String = ["/integrity/meta/notes", "/budget/meta/notes"]
        .iter()
        .filter_map(|p| ctx.report.pointer(p).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .map(|n| format!(r#"<li lang="en">{}</li>"#, escape(n)))
        .collect();
    let history = match (ctx.num("/completeness/dataset/processes_with_history"), processes) {
        (Some(h), p) if p > 0.0 => bi(
            &format!(
                "{} de {} procesos tienen historial (versioned release): TRN-05, TIM-06 e INT-07 sólo se miden en ellos.",
                html::number(h, 0),
                html::number(p, 0)
            ),
            &format!(
                "{} of {} processes have a history (versioned release): TRN-05, TIM-06 and INT-07 are measured only on those.",
                html::number(h, 0),
                html::number(p, 0)
            ),
        ),
        _ => String::new(),
    };
    let field_rows: Vec<Vec<String>> = ctx
        .report
        .pointer("/completeness/dataset/field_coverage")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(path, _)| {
            let pointer = format!("/completeness/dataset/field_coverage/{}", super::token(path));
            vec![format!("<code>{}</code>", escape(path)), super::share(ctx, &pointer)]
        })
        .collect();
    let body = format!(
        r#"<h1>{title}</h1><p class="lead">{lead}</p><p>{history}</p>
<section aria-labelledby="ok-h"><h2 id="ok-h">{ok_h} <span class="count">({n_ok})</span></h2>{ok}</section>
<section aria-labelledby="no-h"><h2 id="no-h">{no_h} <span class="count">({n_no})</span></h2>{no}</section>
<section aria-labelledby="roles-h"><h2 id="roles-h">{roles_h}</h2><p>{roles_p}</p>{roles}</section>
<section aria-labelledby="fc-h"><h2 id="fc-h">{fc_h} {fc_def}</h2>{fc}</section>
<section aria-labelledby="notes-h"><h2 id="notes-h">{notes_h}</h2><ul>{notes}</ul></section>
{validation}"#,
        title = t(i18n::t("Qué permiten los datos", "What the data allows")),
        lead = t(i18n::t(
            "Qué indicadores pudieron calcularse con esta publicación, y para los demás, qué campos o papeles de las partes faltan.",
            "Which indicators could be computed for this publication, and for the others, which fields or party roles are missing."
        )),
        ok_h = t(i18n::t("Indicadores calculados", "Indicators computed")),
        n_ok = computed.len(),
        ok = table(None, &head, &computed),
        no_h = t(i18n::t("Indicadores que no pudieron calcularse", "Indicators that could not be computed")),
        n_no = missing.len(),
        no = if missing.is_empty() { String::new() } else { table(None, &head, &missing) },
        roles_h = t(i18n::t("Papeles de las partes", "Party roles")),
        roles_p = t(i18n::t(
            "Procesos en que alguna parte tiene cada papel: sin compradores no hay indicadores por comprador; sin proveedores, ni concentración ni alertas de integridad.",
            "Processes where some party has each role: without buyers there are no per-buyer indicators; without suppliers, no concentration nor integrity alerts."
        )),
        fc_h = t(i18n::t("Cobertura de los campos del índice", "Coverage of the index's fields")),
        fc_def = define("", "TRN-03"),
        fc = table(
            None,
            &[i18n::t("Campo", "Field"), i18n::t("Procesos con el campo", "Processes with the field")],
            &field_rows
        ),
        notes_h = t(i18n::t("Notas del cálculo", "Notes of the computation")),
        validation = validation(ctx),
    );
    ctx.page(i18n::t("Qué permiten los datos", "What the data allows"), "", "datos", &[], &body)
}

fn roles_table(ctx: &Context) -> String {
    let roles = [
        ("/buyer/id", i18n::t("Comprador", "Buyer"), "buyer"),
        ("/tender/procuringEntity/id", i18n::t("Área contratante", "Procuring entity"), "procuringEntity"),
        ("/tender/tenderers[]/id", i18n::t("Oferente", "Tenderer"), "tenderer"),
        ("/awards[]/suppliers[]/id", i18n::t("Proveedor", "Supplier"), "supplier"),
        ("/contracts[]/implementation/transactions[]/payer/id", i18n::t("Pagador", "Payer"), "payer"),
        ("/contracts[]/implementation/transactions[]/payee/id", i18n::t("Beneficiario del pago", "Payee"), "payee"),
        ("/planning/budget/budgetBreakdown[]/sourceParty/id", i18n::t("Fuente de financiamiento", "Funder"), "funder"),
    ];
    let processes = ctx.num("/meta/processes").unwrap_or(0.0);
    let rows: Vec<Vec<String>> = roles
        .iter()
        .map(|(path, name, code)| {
            let n = field_count(ctx, path).unwrap_or(0.0);
            let shown = if processes > 0.0 {
                format!("{} ({})", html::number(n, 0), percent(n / processes))
            } else {
                "0".into()
            };
            let state = if n > 0.0 {
                String::new()
            } else {
                format!(r#" <span class="badge warn">{}</span>"#, t(i18n::t("falta", "missing")))
            };
            vec![
                format!("{} <code>{code}</code>", t(*name)),
                format!("{shown}{state}"),
                format!("<code>{}</code>", escape(path)),
            ]
        })
        .collect();
    if ctx.report.get("coverage").is_none() {
        return format!(
            "<p>{}</p>",
            t(i18n::t("La familia de cobertura no se calculó.", "The coverage family was not computed."))
        );
    }
    table(None, &[i18n::t("Papel", "Role"), i18n::t("Procesos", "Processes"), i18n::t("Campo", "Field")], &rows)
}

fn validation(ctx: &Context) -> String {
    let Some(report) = ctx.validation else { return String::new() };
    let s = &report.summary;
    let state = if report.valid {
        format!(r#"<span class="badge ok">{}</span>"#, t(i18n::t("válida", "valid")))
    } else {
        format!(r#"<span class="badge alert">{}</span>"#, t(i18n::t("con errores", "with errors")))
    };
    let groups: Vec<Vec<String>> = report
        .input
        .iter()
        .chain(&report.schema)
        .chain(&report.codelists)
        .chain(&report.fields)
        .chain(&report.quality)
        .take(40)
        .map(|g| {
            vec![
                format!("<code>{}</code>", escape(g.code.as_str())),
                escape(&format!("{:?}", g.severity).to_lowercase()),
                format!("<code>{}</code>", escape(&g.path)),
                html::number(g.count as f64, 0),
                format!(r#"<span lang="{}">{}</span>"#, report.lang.as_str(), escape(&g.message)),
            ]
        })
        .collect();
    format!(
        r#"<section aria-labelledby="val-h"><h2 id="val-h">{} {state}</h2><p>{}</p>{}</section>"#,
        t(i18n::t("Validación (EDCA-MX)", "Validation (EDCA-MX)")),
        bi(
            &format!("{} errores, {} avisos, {} notas.", s.errors, s.warnings, s.infos),
            &format!("{} errors, {} warnings, {} notes.", s.errors, s.warnings, s.infos)
        ),
        table(
            None,
            &[
                i18n::t("Código", "Code"),
                i18n::t("Gravedad", "Severity"),
                i18n::t("Campo", "Field"),
                i18n::t("Veces", "Count"),
                i18n::t("Mensaje", "Message")
            ],
            &groups
        )
    )
}

pub(crate) fn methodology(ctx: &Context) -> String {
    let families = [
        ("meta", i18n::t("Conteos", "Counts")),
        ("competition", i18n::t("Competencia", "Competition")),
        ("completeness", i18n::t("Transparencia y completitud", "Transparency and completeness")),
        ("timeliness", i18n::t("Oportunidad", "Timeliness")),
        ("budget", i18n::t("Cobertura presupuestal", "Budget coverage")),
        ("integrity", i18n::t("Alertas de integridad", "Integrity flags")),
        ("cardinal", i18n::t("Banderas rojas de Cardinal", "Cardinal red flags")),
    ];
    let extra = [i18n::PROCESSES, i18n::AMOUNT];
    let mut body = format!(
        r#"<h1>{}</h1><p class="lead">{}</p>"#,
        t(i18n::t("Metodología", "Methodology")),
        t(i18n::t(
            "Definición de cada cifra del portal. Las fórmulas completas, los campos leídos, los parámetros y las salvedades están en docs/indices.md del proyecto edca; los valores, en indices.json de esta publicación.",
            "Definition of every figure of the portal. The full formulas, fields read, parameters and caveats are in the edca project's docs/indices.md; the values, in this publication's indices.json."
        ))
    );
    for (family, name) in families {
        let entries: Vec<&Indicator> = extra.iter().chain(CATALOGUE.iter()).filter(|i| i.family == family).collect();
        body.push_str(&format!(r#"<section aria-labelledby="fam-{family}"><h2 id="fam-{family}">{}</h2>"#, t(name)));
        for ind in entries {
            let fields: String =
                ind.fields.iter().map(|f| format!("<code>{}</code>", escape(f))).collect::<Vec<_>>().join(", ");
            let fields = if fields.is_empty() {
                String::new()
            } else {
                format!(r#"<p class="muted">{} {fields}</p>"#, t(i18n::t("Campos:", "Fields:")))
            };
            body.push_str(&format!(
                r#"<article class="def-entry" id="{id}"><h3><span class="badge">{id}</span> {}</h3><p>{}</p>{fields}</article>"#,
                t(ind.name),
                t(ind.definition),
                id = escape(ind.id)
            ));
        }
        body.push_str("</section>");
    }
    ctx.page(i18n::t("Metodología", "Methodology"), "", "metodologia", &[], &body)
}
