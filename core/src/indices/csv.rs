//! The report as CSV, one row per value — `family,level,id,indicator,value` — so a spreadsheet
//! or a DataFrame can filter and pivot it.
//!
//! Rows come from the report's JSON by one rule for every family: the members named after a
//! level (`dataset`, `buyer`, `process`…) give rows of that level, one per identifier; a
//! structured value is spread over several rows with dotted names (`single_bidder_rate.value`,
//! `single_bidder_rate.coverage`…); `flags` give one row per flag (its value, or 1); `meta`
//! and anything else are `meta` rows (but not the echo of the settings). A value that could not be measured is an empty cell, never 0. Cardinal's
//! results keep Cardinal's groups as levels (`OCID`, `Buyer`…), its fences are `meta` rows
//! (`R024.q1`); the fields that triggered its flags (`Fields`) stay in the JSON, as do those of
//! the other families' flags.

use crate::indices::Report;
use serde_json::Value;
use std::io::{self, Write};

/// Members of a family's report that hold one entry per identifier at that level.
const LEVELS: [&str; 9] = [
    "buyer",
    "procuringEntity",
    "supplier",
    "tenderer",
    "buyerSupplier",
    "buyerYearChapter",
    "process",
    "budget",
    "project",
];

/// Writes `report` as CSV rows.
pub fn write(report: &Report, mut out: impl Write) -> io::Result<()> {
    writeln!(out, "family,level,id,indicator,value")?;
    for_each_row(report, |family, level, id, indicator, value| {
        let value = match value {
            Value::Null => String::new(),
            Value::String(text) => field(text),
            other => other.to_string(),
        };
        writeln!(out, "{family},{},{},{},{value}", field(level), field(id), field(indicator))
    })
}

/// Calls `row` with each row of the report — family, level, id, indicator and the value (`null`
/// when it could not be measured) — in the CSV's order: the bindings build their tables from it.
pub fn for_each_row(
    report: &Report,
    mut row: impl FnMut(&str, &str, &str, &str, &Value) -> io::Result<()>,
) -> io::Result<()> {
    let json = report.to_json();
    let mut rows = Rows { sink: &mut row };
    for (family, body) in json.as_object().into_iter().flatten() {
        match family.as_str() {
            "meta" => rows.spread("meta", "dataset", "", "", body)?,
            "cardinal" => rows.cardinal(body)?,
            "coverage" => {
                for (path, count) in body.as_object().into_iter().flatten() {
                    rows.row("coverage", "dataset", "", path, count)?;
                }
            }
            _ => rows.family(family, body)?,
        }
    }
    Ok(())
}

/// Where rows go.
type Sink<'a> = dyn FnMut(&str, &str, &str, &str, &Value) -> io::Result<()> + 'a;

struct Rows<'a, 'b> {
    sink: &'a mut Sink<'b>,
}

impl Rows<'_, '_> {
    fn family(&mut self, family: &str, body: &Value) -> io::Result<()> {
        for (key, value) in body.as_object().into_iter().flatten() {
            match key.as_str() {
                "dataset" => self.spread(family, "dataset", "", "", value)?,
                // The settings echo stays in the JSON; as rows it would only repeat the input.
                "meta" => {
                    for (name, inner) in value.as_object().into_iter().flatten().filter(|(name, _)| *name != "settings")
                    {
                        self.spread(family, "meta", "", name, inner)?;
                    }
                }
                "flags" => {
                    for flag in value.as_array().into_iter().flatten() {
                        let text = |k: &str| flag.get(k).and_then(Value::as_str).unwrap_or_default();
                        let measured = flag.get("value").filter(|v| !v.is_null()).cloned().unwrap_or(Value::from(1));
                        self.row(family, text("level"), text("id"), text("indicator"), &measured)?;
                    }
                }
                level if LEVELS.contains(&level) => match value {
                    Value::Object(entries) => {
                        for (id, entry) in entries {
                            self.spread(family, level, id, "", entry)?;
                        }
                    }
                    Value::Array(entries) => {
                        for (n, entry) in entries.iter().enumerate() {
                            let id =
                                entry.get("ocid").and_then(Value::as_str).map_or_else(|| n.to_string(), str::to_owned);
                            self.spread(family, level, &id, "", entry)?;
                        }
                    }
                    other => self.spread(family, "meta", "", key, other)?,
                },
                _ => self.spread(family, "meta", "", key, value)?,
            }
        }
        Ok(())
    }

    /// One row per scalar inside `value`, named `name.member.member…`.
    fn spread(&mut self, family: &str, level: &str, id: &str, name: &str, value: &Value) -> io::Result<()> {
        let join = |member: &str| if name.is_empty() { member.to_owned() } else { format!("{name}.{member}") };
        match value {
            Value::Object(members) => {
                for (member, inner) in members {
                    self.spread(family, level, id, &join(member), inner)?;
                }
                Ok(())
            }
            Value::Array(items) => {
                for (n, inner) in items.iter().enumerate() {
                    self.spread(family, level, id, &join(&n.to_string()), inner)?;
                }
                Ok(())
            }
            scalar => self.row(family, level, id, name, scalar),
        }
    }

    fn cardinal(&mut self, body: &Value) -> io::Result<()> {
        for (group, ids) in body.as_object().into_iter().flatten().filter(|(group, _)| *group != "Fields") {
            for (id, values) in ids.as_object().into_iter().flatten() {
                for (name, value) in values.as_object().into_iter().flatten() {
                    // Meta is code → fence name → value: one row per fence, as `R024.q1`.
                    if group == "Meta" {
                        self.row("cardinal", "meta", "", &format!("{id}.{name}"), value)?;
                    } else {
                        self.row("cardinal", group, id, name, value)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn row(&mut self, family: &str, level: &str, id: &str, indicator: &str, value: &Value) -> io::Result<()> {
        (self.sink)(family, level, id, indicator, value)
    }
}

/// A CSV field, quoted when it holds a comma, quote or line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

#[cfg(test)]
mod tests {
    use crate::indices::{Config, Family, Indices};
    use serde_json::json;

    /// Worked by hand: one direct award with one tenderer, so the direct share is 1/1 and the
    /// single-bidder rate (competitive processes only) has nothing to measure: empty cells.
    #[test]
    fn one_row_per_value_and_empty_cells_for_the_unmeasured() {
        let mut indices = Indices::new(Config::default());
        indices.add(&json!({"ocid": "ocds-1", "buyer": {"id": "MX-1", "name": "A, B"},
            "tender": {"procurementMethod": "direct", "numberOfTenderers": 1}}));
        let mut out = Vec::new();
        indices.finish().write_csv(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("family,level,id,indicator,value\nmeta,dataset,,processes,1\n"), "{text}");
        assert!(text.contains("\ncompetition,dataset,,direct_share_count.value,1.0\n"), "{text}");
        assert!(text.contains("\ncompetition,buyer,MX-1,direct_share_count.numerator,1.0\n"), "{text}");
        assert!(text.contains("\ncompetition,dataset,,single_bidder_rate.value,\n"), "{text}");
        assert!(text.contains("\ncoverage,dataset,,/ocid,1\n"), "{text}");
    }

    /// Worked by hand: an open tender with one tenderer raises Cardinal's R018, whose fields
    /// (`/tender/numberOfTenderers`, `/tender/procurementMethod`) are in the JSON but give no
    /// CSV row: the flag is one row, and no row is about `Fields`.
    #[test]
    fn cardinal_fields_stay_in_the_json() {
        let config = Config { families: Some(vec![Family::Cardinal]), ..Config::default() };
        let mut indices = Indices::new(config);
        indices.add(&json!({"ocid": "ocds-1", "tender": {"procurementMethod": "open", "numberOfTenderers": 1}}));
        let report = indices.finish();
        let fields = &report.to_json()["cardinal"]["Fields"]["OCID"]["ocds-1"]["R018"];
        assert_eq!(fields[0], json!({"pointer": "/tender/numberOfTenderers", "value": 1}));
        let mut out = Vec::new();
        report.write_csv(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("cardinal,OCID,")).collect();
        assert_eq!(rows, ["cardinal,OCID,ocds-1,R018,1.0"], "{text}");
        assert!(!text.contains("Fields") && !text.contains("pointer") && !text.contains("/tender/"), "{text}");
    }
}
