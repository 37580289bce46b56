//! Charts as SVG written here: horizontal bars with value labels, patterns as well as colours
//! (colour is never the only cue), a `<title>` and `<desc>`, and a legend in HTML. The caller
//! puts the table the chart was drawn from right after it.

use super::html::{escape, t};
use super::i18n::T;

/// A series of a chart: its name, colour and pattern.
pub(crate) struct Series {
    pub name: T,
    pub colour: &'static str,
    /// `solid`, `stripes`, `dots` or `cross`.
    pub pattern: &'static str,
}

const WIDTH: f64 = 720.0;
const LABEL: f64 = 210.0;
const ROW: f64 = 30.0;

fn defs(id: &str, series: &[Series]) -> String {
    let mut out = String::from("<defs>");
    for (i, s) in series.iter().enumerate() {
        let marks = match s.pattern {
            "stripes" => r##"<path d="M0,8 L8,0" stroke="#fff" stroke-width="2"/>"##,
            "dots" => r##"<circle cx="4" cy="4" r="1.6" fill="#fff"/>"##,
            "cross" => r##"<path d="M0,0 L8,8 M8,0 L0,8" stroke="#fff" stroke-width="1.4"/>"##,
            _ => "",
        };
        out.push_str(&format!(
            r#"<pattern id="{id}-s{i}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{}"/>{marks}</pattern>"#,
            s.colour
        ));
    }
    out.push_str("</defs>");
    out
}

/// The legend: a swatch with the series' pattern, and its name.
pub(crate) fn legend(id: &str, series: &[Series]) -> String {
    let items: String = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            format!(
                r##"<li><svg width="18" height="14" aria-hidden="true" focusable="false">{}<rect width="18" height="14" fill="url(#{id}-l{i}-s0)" stroke="#333"/></svg>{}</li>"##,
                defs(&format!("{id}-l{i}"), std::slice::from_ref(s)),
                t(s.name)
            )
        })
        .collect();
    format!(r#"<ul class="legend">{items}</ul>"#)
}

fn label(text: &str) -> String {
    let short: String = text.chars().take(26).collect();
    if short.chars().count() < text.chars().count() { format!("{short}…") } else { short }
}

fn svg_open(id: &str, height: f64, title: T, desc: T) -> String {
    format!(
        r#"<svg class="chart" id="{id}" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-t {id}-d" preserveAspectRatio="xMinYMin meet"><title id="{id}-t">{} / {}</title><desc id="{id}-d">{} / {}</desc>"#,
        escape(title.es),
        escape(title.en),
        escape(desc.es),
        escape(desc.en)
    )
}

/// Stacked bars of shares (each row sums to at most 1): one row per entity, one segment per
/// series, the percentage written in each segment wide enough to hold it.
pub(crate) fn stacked(id: &str, title: T, desc: T, series: &[Series], rows: &[(String, Vec<f64>)]) -> String {
    let height = ROW * rows.len() as f64 + 24.0;
    let mut out = svg_open(id, height, title, desc);
    out.push_str(&defs(id, series));
    let bar = WIDTH - LABEL - 10.0;
    for (r, (name, shares)) in rows.iter().enumerate() {
        let y = 8.0 + r as f64 * ROW;
        out.push_str(&format!(
            r##"<text x="{}" y="{}" text-anchor="end" class="lbl"><title>{}</title>{}</text>"##,
            LABEL - 8.0,
            y + 15.0,
            escape(name),
            escape(&label(name))
        ));
        out.push_str(&format!(
            r##"<rect x="{LABEL}" y="{y}" width="{bar}" height="20" fill="#f1f3f5" stroke="#adb5bd"/>"##
        ));
        let mut x = LABEL;
        for (i, share) in shares.iter().enumerate() {
            let w = (share.clamp(0.0, 1.0) * bar * 10.0).round() / 10.0;
            if w <= 0.0 {
                continue;
            }
            let percent = format!("{:.0} %", share * 100.0);
            out.push_str(&format!(
                r##"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="20" fill="url(#{id}-s{i})" stroke="#fff"><title>{}: {percent}</title></rect>"##,
                escape(name)
            ));
            if w > 34.0 {
                out.push_str(&format!(
                    r##"<text x="{:.1}" y="{}" text-anchor="middle" class="val-in">{percent}</text>"##,
                    x + w / 2.0,
                    y + 14.5
                ));
            }
            x += w;
        }
    }
    out.push_str("</svg>");
    out
}

/// Two bars per row (e.g. approved and published), each labelled with its value; `ratio` is
/// written at the end of the row.
pub(crate) fn paired(
    id: &str,
    title: T,
    desc: T,
    series: &[Series; 2],
    rows: &[(String, f64, f64, String)],
    format: &dyn Fn(f64) -> String,
) -> String {
    let row = ROW * 1.6;
    let height = row * rows.len() as f64 + 12.0;
    let mut out = svg_open(id, height, title, desc);
    out.push_str(&defs(id, series));
    let max = rows.iter().flat_map(|r| [r.1, r.2]).fold(0.0_f64, f64::max).max(1.0);
    // Room after the longest bar for its value label (about 7 px a character at the chart's
    // font size) and the ratio, so that neither runs into the other.
    let longest = rows.iter().flat_map(|r| [format(r.1), format(r.2)]).map(|s| s.chars().count()).max().unwrap_or(0);
    let bar = (WIDTH - LABEL - (longest as f64 * 7.0 + 70.0)).max(100.0);
    for (r, (name, a, b, ratio)) in rows.iter().enumerate() {
        let y = 6.0 + r as f64 * row;
        out.push_str(&format!(
            r##"<text x="{}" y="{}" text-anchor="end" class="lbl"><title>{}</title>{}</text>"##,
            LABEL - 8.0,
            y + 18.0,
            escape(name),
            escape(&label(name))
        ));
        for (i, v) in [a, b].into_iter().enumerate() {
            let w = (v.max(0.0) / max * bar).max(1.0);
            let yy = y + i as f64 * 18.0;
            out.push_str(&format!(
                r##"<rect x="{LABEL}" y="{yy}" width="{w:.1}" height="15" fill="url(#{id}-s{i})" stroke="#333" stroke-width="0.5"/><text x="{:.1}" y="{:.1}" class="val">{}</text>"##,
                LABEL + w + 4.0,
                yy + 12.0,
                escape(&format(*v))
            ));
        }
        out.push_str(&format!(
            r##"<text x="{}" y="{}" text-anchor="end" class="ratio">{}</text>"##,
            WIDTH - 4.0,
            y + 18.0,
            escape(ratio)
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::i18n::t as tx;

    /// Decided by hand: a name with markup is escaped, a full share fills the bar, an empty one
    /// draws nothing.
    #[test]
    fn charts_escape_and_scale() {
        let series = [
            Series { name: tx("A", "A"), colour: "#0072b2", pattern: "solid" },
            Series { name: tx("B", "B"), colour: "#d55e00", pattern: "stripes" },
        ];
        let svg = stacked("c", tx("t", "t"), tx("d", "d"), &series, &[("<b>x</b>".into(), vec![1.0, 0.0])]);
        assert!(svg.contains("&lt;b&gt;x&lt;/b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains(r#"width="500.0" height="20" fill="url(#c-s0)""#), "{svg}");
        assert!(!svg.contains("url(#c-s1)\" stroke"));
        assert!(svg.contains(">100 %</text>"));
    }
}
