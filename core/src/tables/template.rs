//! `edca template`: an empty workbook to fill in: every table of the profile, its key columns
//! and every field in the schema's order, and under the header a notes row with each field's
//! description (Spanish or English). Unflatten recognises the notes row and skips it.

use super::layout::{Layout, field_path};
use super::write::TableSink;
use super::{Headers, TablesError};
use crate::Lang;

/// Options of [`template`].
#[derive(Debug, Clone, Copy, Default)]
pub struct TemplateOptions {
    /// How columns are named.
    pub headers: Headers,
    /// The language of the notes row.
    pub lang: Lang,
}

/// The key columns of a table: `ocid`, `id`, and the `id` of every object above it.
pub fn key_columns(layout: &Layout, table: usize) -> Vec<String> {
    let mut keys = vec!["ocid".to_owned(), "id".to_owned()];
    let spec = &layout.tables[table];
    if spec.parent.is_none() {
        return keys;
    }
    let Some(first) = spec.fields.first().map(|&f| &layout.fields[f].column) else { return keys };
    let segs: Vec<&str> = first.split('/').collect();
    // The table's own element is `segs[..len - 1]`; its ancestors are the shorter prefixes.
    for k in 1..segs.len().saturating_sub(2) {
        let candidate = format!("{}/id", segs[..k].join("/"));
        if layout.field(&field_path(&candidate)).is_some_and(|f| f.column == candidate) {
            keys.push(candidate);
        }
    }
    keys
}

/// Writes the template of `layout` to `sink`; returns the number of tables.
pub fn template(layout: &Layout, options: TemplateOptions, sink: &mut dyn TableSink) -> Result<usize, TablesError> {
    let mut tables = 0;
    for (index, spec) in layout.tables.iter().enumerate() {
        if spec.fields.is_empty() {
            continue;
        }
        let mut columns = if spec.parent.is_some() { key_columns(layout, index) } else { Vec::new() };
        for &f in &spec.fields {
            let column = &layout.fields[f].column;
            if !columns.contains(column) {
                columns.push(column.clone());
            }
        }
        let mut headers = Vec::with_capacity(columns.len());
        let mut notes = Vec::with_capacity(columns.len());
        for column in &columns {
            let field = layout.field(&field_path(column));
            headers.push(match (options.headers, field) {
                (Headers::En, Some(f)) => f.title_en.clone(),
                (Headers::Es, Some(f)) => f.title_es.clone(),
                _ => column.clone(),
            });
            notes.push(match (options.lang, field) {
                (Lang::Es, Some(f)) => f.description_es.clone(),
                (Lang::En, Some(f)) => f.description_en.clone(),
                _ => String::new(),
            });
        }
        sink.table(&spec.name, &headers, Some(&notes))?;
        tables += 1;
    }
    sink.finish()?;
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::MemorySink;

    #[test]
    fn template_has_keys_headers_and_notes() {
        let layout = Layout::edca_mx();
        let mut sink = MemorySink::default();
        let n = template(layout, TemplateOptions { headers: Headers::Path, lang: Lang::Es }, &mut sink).unwrap();
        assert_eq!(n, sink.tables.len());
        let suppliers = sink.table("awards_suppliers").unwrap();
        assert_eq!(&suppliers.headers[..3], ["ocid", "id", "awards/0/id"]);
        let items = sink.table("tender_items").unwrap();
        assert_eq!(&items.headers[..3], ["ocid", "id", "tender/id"]);
        let main = sink.table("main").unwrap();
        let notes = main.notes.as_ref().unwrap();
        let date = main.headers.iter().position(|h| h == "date").unwrap();
        assert!(notes[date].starts_with("La fecha"), "{}", notes[date]);
    }
}
