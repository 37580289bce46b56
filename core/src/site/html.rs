//! HTML text: escaping, both languages side by side, number formats, and the page layout.

use super::i18n::T;
use crate::Lang;

/// The style sheet (one file, no web fonts).
pub(crate) const CSS: &str = include_str!("assets/site.css");
/// The script: language switch, search and filters.
pub(crate) const JS: &str = include_str!("assets/site.js");

/// `text` with `&`, `<`, `>`, `"` and `'` written as entities: safe in element content and in
/// quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Both languages of a text already in HTML (each shown by the language switch).
pub(crate) fn bi(es: &str, en: &str) -> String {
    if es == en {
        return es.to_owned();
    }
    format!(r#"<span class="l-es" lang="es">{es}</span><span class="l-en" lang="en">{en}</span>"#)
}

/// A fixed text in both languages.
pub(crate) fn t(text: T) -> String {
    bi(text.es, text.en)
}

/// A URL as an attribute value, only when it is `http(s)` (anything else, e.g. `javascript:`,
/// is not linked).
pub(crate) fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| escape(url.trim()))
}

/// A number as the report's JSON writes it (the `value` of `<data>` elements, which tests
/// compare with `indices.json`).
pub(crate) fn raw(value: f64) -> String {
    serde_json::Value::from(value).to_string()
}

/// `1234567.891` → `1,234,567.89` (Mexican and English usage agree: comma for thousands, point
/// for decimals).
pub(crate) fn number(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => (text.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A share as a percentage with one decimal (`0.375` → `37.5 %`).
pub(crate) fn percent(value: f64) -> String {
    format!("{} %", number(value * 100.0, 1))
}

/// An amount of money (`$1,234.50 MXN`).
pub(crate) fn money(value: f64, currency: Option<&str>) -> String {
    match currency {
        Some(c) => format!("${} {}", number(value, 2), escape(c)),
        None => format!("${}", number(value, 2)),
    }
}

/// What a page is made of, besides its body.
pub(crate) struct Page<'a> {
    /// Portal title.
    pub site: &'a str,
    /// Page title in both languages (plain text, escaped here).
    pub title: (&'a str, &'a str),
    /// The language shown first.
    pub lang: Lang,
    /// `""` for pages at the top of the site, `"../"` one folder down.
    pub root: &'a str,
    /// Which menu entry is this page's (e.g. `"index"`).
    pub current: &'a str,
    /// Footer's publication time.
    pub generated_at: &'a str,
    /// Extra scripts (relative to `assets/`), e.g. the search index.
    pub scripts: &'a [&'a str],
}

const MENU: [(&str, &str, T); 7] = [
    ("index", "index.html", T { es: "Inicio", en: "Home" }),
    ("procesos", "procesos.html", T { es: "Procesos", en: "Processes" }),
    ("alertas", "alertas.html", T { es: "Alertas", en: "Alerts" }),
    ("compradores", "compradores.html", T { es: "Compradores", en: "Buyers" }),
    ("proveedores", "proveedores.html", T { es: "Proveedores", en: "Suppliers" }),
    ("datos", "datos.html", T { es: "Qué permiten los datos", en: "What the data allows" }),
    ("metodologia", "metodologia.html", T { es: "Metodología", en: "Methodology" }),
];

/// The whole document around `body`.
pub(crate) fn layout(page: &Page, body: &str) -> String {
    let lang = page.lang.as_str();
    let site = escape(page.site);
    let (title_es, title_en) = (escape(page.title.0), escape(page.title.1));
    let root = page.root;
    let mut menu = String::new();
    for (key, href, label) in MENU {
        let current = if key == page.current { r#" aria-current="page""# } else { "" };
        menu.push_str(&format!(r#"<li><a href="{root}{href}"{current}>{}</a></li>"#, t(label)));
    }
    let scripts: String = page
        .scripts
        .iter()
        .map(|s| format!(r#"<script src="{root}assets/{s}"></script>"#))
        .collect::<Vec<_>>()
        .join("");
    let switch = t(T { es: "English", en: "Español" });
    let switch_label = t(T { es: "Cambiar idioma", en: "Switch language" });
    let skip = t(T { es: "Ir al contenido", en: "Skip to content" });
    let footer = t(T {
        es: "Datos publicados conforme al Estándar de Datos de Contrataciones Abiertas (EDCA-MX / OCDS 1.1). Páginas generadas por edca el",
        en: "Data published under the Open Contracting Data Standard (EDCA-MX / OCDS 1.1). Pages generated by edca on",
    });
    let generated = escape(page.generated_at);
    format!(
        r##"<!DOCTYPE html>
<html lang="{lang}" class="lang-{lang}" data-title-es="{title_es} · {site}" data-title-en="{title_en} · {site}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'none'">
<meta name="referrer" content="no-referrer">
<title>{title_first} · {site}</title>
<link rel="stylesheet" href="{root}assets/site.css">
</head>
<body>
<a class="skip" href="#main">{skip}</a>
<header class="top">
<div class="bar"><a class="brand" href="{root}index.html"><span class="mark" aria-hidden="true"></span>{site}</a>
<button type="button" id="lang-switch" class="switch"><span class="visually-hidden">{switch_label}: </span>{switch}</button></div>
<nav aria-label="Menú / Menu"><ul>{menu}</ul></nav>
</header>
<main id="main">
{body}
</main>
<footer class="foot"><p>{footer} {generated}.</p></footer>
{scripts}<script src="{root}assets/site.js"></script>
</body>
</html>
"##,
        title_first = if page.lang == Lang::En { &title_en } else { &title_es },
    )
}

/// A `<data>` element holding a figure: `value` is the report's number exactly, `src` the path
/// of that number in `indices.json` (dots between members), `text` what people read.
pub(crate) fn figure(value: f64, src: &str, text: &str) -> String {
    format!(r#"<data value="{}" data-src="{}">{text}</data>"#, raw(value), escape(src))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Oracle: the HTML specification's characters that end text or an attribute value.
    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("ñandú"), "ñandú");
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" https://a.mx/x?a=1&b=2 ").as_deref(), Some("https://a.mx/x?a=1&amp;b=2"));
    }

    /// Decided by hand.
    #[test]
    fn formats_numbers() {
        assert_eq!(number(1234567.891, 2), "1,234,567.89");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(number(-1000.5, 1), "-1,000.5");
        assert_eq!(number(-0.001, 1), "0.0");
        assert_eq!(percent(0.375), "37.5 %");
        assert_eq!(money(20952725.43, Some("MXN")), "$20,952,725.43 MXN");
        assert_eq!(raw(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(raw(3.0), "3.0");
    }
}
