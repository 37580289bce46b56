//! The search index: one row per process, as a JavaScript data file (`assets/search-index.js`)
//! that the search page loads with a `<script>` element — `fetch` of a local file is refused
//! on `file://`, a script is not.
//!
//! `window.EDCA_INDEX = {"buyers": [[id, name]…], "rows": [[ocid, page, title, buyer, year,
//! method, flags, suppliers, amount]…]}`: `buyer` indexes `buyers` (-1: none), `flags` is the
//! alert ids separated by spaces, `suppliers` their names separated by ` · `, `amount` the
//! awarded value from the indices report (or null).

use super::pages::{Context, token};
use serde_json::{Value, json};

pub(crate) fn index_js(ctx: &Context) -> String {
    let buyers: Vec<Value> = ctx.buyers.iter().map(|(id, org)| json!([id, org.name])).collect();
    let rows: Vec<Value> = ctx
        .processes
        .iter()
        .map(|p| {
            let buyer = p.buyer.as_ref().and_then(|(id, _)| ctx.buyers.get_index_of(id)).map_or(-1, |i| i as i64);
            let mut flags: Vec<&str> = ctx.process_flags(&p.ocid).iter().map(|f| f.indicator.as_str()).collect();
            flags.sort_unstable();
            flags.dedup();
            let suppliers: Vec<&str> = p
                .suppliers
                .iter()
                .map(|(id, name)| if name.is_empty() { id.as_str() } else { name.as_str() })
                .collect();
            let amount = ctx.num(&format!("/competition/process/{}/awarded_value", token(&p.ocid)));
            json!([p.ocid, p.page, p.title, buyer, p.year, p.method, flags.join(" "), suppliers.join(" · "), amount])
        })
        .collect();
    let index = json!({"buyers": buyers, "rows": rows});
    format!("window.EDCA_INDEX = {index};\n")
}
