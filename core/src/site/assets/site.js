// edca portal: the language switch, and search and filters over assets/search-index.js.
// No request is made: the index is a script the page loads, so this works from file://.
(function () {
  "use strict";
  var root = document.documentElement;
  function setLang(lang) {
    root.classList.remove("lang-es", "lang-en");
    root.classList.add("lang-" + lang);
    root.lang = lang;
    var title = root.getAttribute("data-title-" + lang);
    if (title) document.title = title;
    try { localStorage.setItem("edca-lang", lang); } catch (e) { /* storage may be off */ }
  }
  var saved = null;
  try { saved = localStorage.getItem("edca-lang"); } catch (e) { saved = null; }
  if (saved === "es" || saved === "en") setLang(saved);
  var button = document.getElementById("lang-switch");
  if (button) {
    button.addEventListener("click", function () {
      setLang(root.classList.contains("lang-en") ? "es" : "en");
      var search = document.getElementById("search");
      if (search) search.dispatchEvent(new Event("input"));
    });
  }

  var data = window.EDCA_INDEX;
  var form = document.getElementById("search");
  if (!data || !form) return;
  var LIMIT = 200;
  var methods = { open: ["Licitación pública (abierto)", "Open"], selective: ["Invitación (selectivo)", "Selective"],
    limited: ["Limitado", "Limited"], direct: ["Adjudicación directa", "Direct award"] };
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function both(es, en) {
    var span = el("span");
    span.appendChild(el("span", { "class": "l-es", lang: "es" }, es));
    span.appendChild(el("span", { "class": "l-en", lang: "en" }, en));
    return span;
  }
  var rows = data.rows.map(function (r) {
    var buyer = r[3] >= 0 ? data.buyers[r[3]] : null;
    return { ocid: r[0], page: r[1], title: r[2] || "", buyer: r[3], buyerName: buyer ? (buyer[1] || buyer[0]) : "",
      year: r[4] || "", method: r[5] || "", flags: r[6] ? r[6].split(" ") : [], suppliers: r[7] || "", amount: r[8],
      text: fold([r[0], r[2], buyer ? buyer[0] + " " + buyer[1] : "", r[7]].join(" ")) };
  });
  function fill(id, values) {
    var select = document.getElementById(id);
    values.forEach(function (v) { select.appendChild(el("option", { value: v[0] }, v[1])); });
    return select;
  }
  function unique(list) { return list.filter(function (v, i) { return v && list.indexOf(v) === i; }).sort(); }
  var fBuyer = fill("f-buyer", data.buyers.map(function (b, i) { return [String(i), b[1] || b[0]]; })
    .sort(function (a, b) { return a[1].localeCompare(b[1]); }));
  var fYear = fill("f-year", unique(rows.map(function (r) { return r.year; })).reverse().map(function (y) { return [y, y]; }));
  var fMethod = fill("f-method", unique(rows.map(function (r) { return r.method; })).map(function (m) {
    return [m, methods[m] ? methods[m][0] + " / " + methods[m][1] : m]; }));
  var fFlag = fill("f-flag", unique([].concat.apply([], rows.map(function (r) { return r.flags; }))).map(function (f) { return [f, f]; }));
  var input = document.getElementById("q");
  var results = document.getElementById("results");
  var count = document.getElementById("result-count");
  var list = document.getElementById("static-list");
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) input.value = params.get("q");

  function money(v) {
    return v === null || v === undefined ? "" : "$" + Number(v).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function render() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var found = rows.filter(function (r) {
      if (fBuyer.value !== "" && String(r.buyer) !== fBuyer.value) return false;
      if (fYear.value !== "" && r.year !== fYear.value) return false;
      if (fMethod.value !== "" && r.method !== fMethod.value) return false;
      if (fFlag.value !== "" && r.flags.indexOf(fFlag.value) < 0) return false;
      return words.every(function (w) { return r.text.indexOf(w) >= 0; });
    });
    count.textContent = "";
    count.appendChild(both(found.length + " procesos encontrados" + (found.length > LIMIT ? " (se muestran " + LIMIT + ")" : ""),
      found.length + " processes found" + (found.length > LIMIT ? " (showing " + LIMIT + ")" : "")));
    var table = el("table", { id: "results-table" });
    var head = el("tr");
    [["Proceso", "Process"], ["Comprador", "Buyer"], ["Año", "Year"], ["Método", "Method"], ["Monto adjudicado", "Amount awarded"], ["Alertas", "Alerts"]]
      .forEach(function (h) { var th = el("th", { scope: "col" }); th.appendChild(both(h[0], h[1])); head.appendChild(th); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    found.slice(0, LIMIT).forEach(function (r) {
      var tr = el("tr", { "class": "result" });
      var th = el("th", { scope: "row" });
      var a = el("a", { href: "p/" + r.page + ".html" });
      a.appendChild(el("code", {}, r.ocid));
      th.appendChild(a);
      if (r.title) { th.appendChild(el("br")); th.appendChild(el("span", { "class": "muted" }, r.title)); }
      tr.appendChild(th);
      tr.appendChild(el("td", {}, r.buyerName));
      tr.appendChild(el("td", {}, r.year));
      var m = el("td");
      m.appendChild(methods[r.method] ? both(methods[r.method][0], methods[r.method][1]) : document.createTextNode(r.method));
      tr.appendChild(m);
      tr.appendChild(el("td", {}, money(r.amount)));
      var f = el("td");
      r.flags.forEach(function (code) { f.appendChild(el("span", { "class": "badge alert" }, code)); f.appendChild(document.createTextNode(" ")); });
      tr.appendChild(f);
      body.appendChild(tr);
    });
    table.appendChild(body);
    var wrap = el("div", { "class": "scroll" });
    wrap.appendChild(table);
    results.textContent = "";
    results.appendChild(wrap);
    results.hidden = false;
    list.hidden = true;
  }
  form.addEventListener("input", render);
  // Leaving the text box fires "change": re-rendering then would remove the link being clicked.
  form.addEventListener("change", function (e) { if (e.target !== input) render(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); render(); });
  form.addEventListener("reset", function () { setTimeout(render, 0); });
  render();
})();
