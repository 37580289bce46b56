//! One page per process: its figures from the report, its flags, the eight questions, the
//! timeline and the documents (rendered when the record was added), and its JSON record.

use super::{Context, define, flag_table, no_data, org_link, share, token};
use crate::site::html::{self, escape, figure, t};
use crate::site::i18n::{self, STAGES};
use crate::site::record::Summary;

pub(crate) fn process_page(ctx: &Context, p: &Summary, part: &str) -> String {
    let root = "../";
    let o = token(&p.ocid);
    let title = p.title.as_deref().map(escape).unwrap_or_else(|| escape(&p.ocid));
    let stage = p.stage.map(|s| t(STAGES[s].1)).unwrap_or_else(no_data);
    let buyer = p.buyer.as_ref().map(|(id, _)| org_link(ctx, root, "compradores", id)).unwrap_or_else(no_data);
    let method = ctx
        .report
        .pointer(&format!("/competition/process/{o}/method"))
        .and_then(|m| m.as_str())
        .map(str::to_owned)
        .or_else(|| p.method.clone());
    let method = method.map(|m| t(i18n::method(&m))).unwrap_or_else(no_data);
    let record_href = escape(&format!("{root}{}", p.record_href));
    let mut figures = Vec::new();
    if let Some(v) = ctx.num(&format!("/competition/process/{o}/awarded_value")) {
        figures.push((
            i18n::t("Monto adjudicado", "Amount awarded"),
            figure(v, &format!("/competition/process/{o}/awarded_value"), &ctx.money(v)),
            "amount",
        ));
    }
    if let Some(v) = ctx.num(&format!("/competition/process/{o}/tenderers")) {
        figures.push((
            i18n::t("Oferentes", "Tenderers"),
            figure(v, &format!("/competition/process/{o}/tenderers"), &html::number(v, 0)),
            "COMP-05",
        ));
    }
    if let Some(v) = ctx.num(&format!("/completeness/process/{o}/open_contracting_index")) {
        figures.push((
            i18n::t("Índice de contrataciones abiertas", "Open-contracting index"),
            format!(
                "{} / 100",
                figure(v, &format!("/completeness/process/{o}/open_contracting_index"), &html::number(v, 1))
            ),
            "TRN-02",
        ));
    }
    if let Some(v) = ctx.num(&format!("/timeliness/process/{o}/tender_period_days")) {
        figures.push((
            i18n::t("Días de convocatoria", "Tender period days"),
            figure(v, &format!("/timeliness/process/{o}/tender_period_days"), &html::number(v, 0)),
            "TIM-01",
        ));
    }
    if ctx.num(&format!("/timeliness/process/{o}/milestones_on_time/value")).is_some() {
        figures.push((
            i18n::t("Hitos cumplidos a tiempo", "Milestones met on time"),
            share(ctx, &format!("/timeliness/process/{o}/milestones_on_time")),
            "TIM-04",
        ));
    }
    let figures: String = figures
        .into_iter()
        .map(|(label, value, id)| format!("<div><dt>{} {}</dt><dd>{value}</dd></div>", t(label), define(root, id)))
        .collect();
    let flags = ctx.process_flags(&p.ocid);
    let flag_count = flags.len();
    let body = format!(
        r#"<nav class="crumbs" aria-label="Ruta / Breadcrumb"><a href="{root}index.html">{home}</a> › <a href="{root}procesos.html">{procs}</a> › <span>{ocid}</span></nav>
<header class="process-head"><p class="eyebrow">{label} <code id="ocid">{ocid}</code></p><h1>{title}</h1>
<dl class="facts"><div><dt>{buyer_l}</dt><dd>{buyer}</dd></div><div><dt>{method_l}</dt><dd>{method}</dd></div><div><dt>{stage_l}</dt><dd>{stage}</dd></div><div><dt>{year_l}</dt><dd>{year}</dd></div></dl>
<p><a class="button" href="{record_href}" type="application/json">{json}</a></p></header>
<section aria-labelledby="fig-h"><h2 id="fig-h">{fig_h}</h2><dl class="figures">{figures}</dl></section>
<section id="alertas" aria-labelledby="flags-h"><h2 id="flags-h">{flags_h} <span class="count">({flag_count})</span></h2>{flag_table}</section>
{part}"#,
        home = t(i18n::t("Inicio", "Home")),
        procs = t(i18n::t("Procesos", "Processes")),
        ocid = escape(&p.ocid),
        label = t(i18n::t("Proceso", "Process")),
        buyer_l = t(i18n::t("Comprador", "Buyer")),
        method_l = t(i18n::t("Método", "Method")),
        stage_l = t(i18n::t("Etapa alcanzada", "Stage reached")),
        year_l = t(i18n::t("Año", "Year")),
        year = p.year.as_deref().map(escape).unwrap_or_else(no_data),
        json = t(i18n::t("Registro en JSON (OCDS)", "JSON record (OCDS)")),
        fig_h = t(i18n::t("Indicadores del proceso", "Indicators of the process")),
        flags_h = t(i18n::t("Alertas", "Alerts")),
        flag_table = flag_table(ctx, root, &flags, false),
    );
    let title_text = p.title.clone().unwrap_or_else(|| p.ocid.clone());
    ctx.page_titled((&title_text, &title_text), root, "procesos", &[], &body)
}
