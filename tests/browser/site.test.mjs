// The portal in a real browser (Debian's chromium, driven by playwright-core): the home page's
// figures equal indices.json, the language switch, search, a process page's timeline and flags,
// screenshots, page weight, and no request outside the output folder.
//
// Oracle: indices.json written by the same run (EDCA_SITE_OUT: the published sample,
// target/portal/current after scripts/pipeline; default target/site, written by `cargo run -p
// edca --example site`); every <data data-src="/json/pointer"> on a page must hold its value.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const repo = path.resolve(import.meta.dirname, "../..");
const out = path.resolve(process.env.EDCA_SITE_OUT || path.join(repo, "target/site"));
const site = path.join(out, "site");
const shots = path.join(repo, "target/browser");
const indices = JSON.parse(fs.readFileSync(path.join(out, "indices.json"), "utf8"));
const outUrl = pathToFileURL(out).href + "/";
const url = (page) => pathToFileURL(path.join(site, page)).href;

function pointer(doc, p) {
  return p.split("/").slice(1).map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), doc);
}

let context;
const requests = [];
const problems = [];
before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "edca-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: 1280, height: 900 },
  });
  // Anything not under the output folder is recorded and refused.
  await context.route("**/*", (route) => {
    const u = route.request().url();
    requests.push(u);
    return u.startsWith(outUrl) ? route.continue() : route.abort();
  });
  context.on("request", (r) => requests.push(r.url()));
  context.on("page", (page) => {
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  });
});
after(async () => { await context?.close(); });

async function checkFigures(page) {
  const figures = await page.$$eval("data[data-src]", (els) => els.map((e) => [e.getAttribute("data-src"), e.value]));
  assert.ok(figures.length > 0, "the page shows figures");
  for (const [src, value] of figures) {
    const expected = pointer(indices, src);
    assert.equal(typeof expected, "number", `${src} is a number in indices.json`);
    assert.equal(Number(value), expected, `${src}`);
  }
  return figures.length;
}

test("home, language switch, search, process page; nothing leaves the output folder", async () => {
  const page = await context.newPage();
  await page.goto(url("index.html"));
  assert.equal(await page.getAttribute("html", "lang"), "es");
  // The headline figures, one by one, then every figure on the page.
  const headline = {
    "processes": "/meta/processes",
    "COMP-01": "/competition/dataset/direct_share_count/value",
    "COMP-02": "/competition/dataset/direct_share_value/value",
    "COMP-04": "/competition/dataset/single_bidder_rate/value",
    "TRN-02": "/completeness/dataset/open_contracting_index/mean",
  };
  for (const [id, p] of Object.entries(headline)) {
    const value = await page.getAttribute(`#fig-${id} data[data-src="${p}"]`, "value");
    assert.equal(Number(value), pointer(indices, p), id);
  }
  assert.equal(Number(await page.getAttribute('#fig-amount data[data-src$="/denominator"]', "value")),
    indices.competition.dataset.direct_share_value.denominator);
  const n = await checkFigures(page);
  assert.ok(await page.isVisible("text=Cifras principales"));
  assert.equal(await page.isVisible("text=Headline figures"), false);
  // Each headline card links to its definition, which exists.
  const def = await page.getAttribute("#fig-COMP-01 a.def", "href");
  assert.equal(def, "metodologia.html#COMP-01");
  // Charts are accessible: a role, a title, and a data table after them.
  assert.ok(await page.$eval("svg#mix", (s) => s.getAttribute("role") === "img" && !!s.querySelector("title")));
  assert.ok(await page.$("svg#mix ~ * , figure:has(svg#mix) + .scroll table"));
  await page.screenshot({ path: path.join(shots, "home-es.png"), fullPage: true });

  await page.click("#lang-switch");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.ok(await page.isVisible("text=Headline figures"));
  assert.equal(await page.isVisible("text=Cifras principales"), false);
  await page.screenshot({ path: path.join(shots, "home-en.png"), fullPage: true });

  // Search an ocid that has alerts.
  const flagged = indices.timeliness.flags.find((f) => f.level === "process") || indices.integrity.flags.find((f) => f.level === "process");
  assert.ok(flagged, "the sample has a flagged process");
  const ocid = flagged.id;
  await page.goto(url("procesos.html"));
  assert.equal(await page.getAttribute("html", "lang"), "en", "the language choice is kept across pages");
  await page.fill("#q", ocid);
  await page.waitForSelector("#results-table tr.result");
  const rows = await page.$$("#results-table tr.result");
  assert.equal(rows.length, 1);
  assert.ok(await page.isVisible("text=1 processes found"));
  await page.screenshot({ path: path.join(shots, "search.png"), fullPage: true });
  // Filters: the method filter keeps only that method.
  await page.fill("#q", "");
  const method = indices.competition.process[ocid].method;
  await page.selectOption("#f-method", method);
  const shown = await page.$$eval("#results-table tr.result", (r) => r.length);
  const expected = Object.values(indices.competition.process).filter((p) => p.method === method).length;
  assert.equal(shown, expected, "method filter");
  await page.selectOption("#f-method", "");
  await page.fill("#q", ocid);
  await page.waitForSelector("#results-table tr.result");
  await page.click("#results-table tr.result a");
  await page.waitForSelector("#ocid");
  assert.equal(await page.textContent("#ocid"), ocid);

  // Timeline: five stages, those reached marked (text and mark, not only colour).
  const steps = await page.$$eval(".steps .step", (s) => s.map((e) => [e.dataset.stage, e.classList.contains("done"), e.textContent]));
  assert.deepEqual(steps.map((s) => s[0]), ["planning", "tender", "award", "contract", "implementation"]);
  assert.ok(steps.some((s) => s[1]), "some stage reached");
  for (const [, done, text] of steps) assert.ok(text.includes(done ? "✓" : "○"));
  // Flags: every flag of indices.json about this process, with its fields.
  const flagIds = await page.$$eval("#alertas tr.flag", (r) => r.map((e) => e.dataset.indicator));
  const expectedFlags = [...indices.timeliness.flags, ...indices.integrity.flags, ...indices.competition.flags]
    .filter((f) => f.level === "process" && f.id === ocid).map((f) => f.indicator);
  for (const cardinal of Object.keys(indices.cardinal?.OCID?.[ocid] || {})) expectedFlags.push(cardinal);
  for (const f of expectedFlags) assert.ok(flagIds.includes(f), `flag ${f} shown`);
  const firstField = flagged.fields[0].pointer;
  assert.ok((await page.textContent("#alertas")).includes(firstField), "the fields that raised it");
  await checkFigures(page);
  // The record link resolves to the JSON record in the output folder.
  const href = await page.getAttribute('a[type="application/json"]', "href");
  const record = JSON.parse(fs.readFileSync(new URL(href, page.url()), "utf8"));
  assert.equal(record.ocid, ocid);
  await page.screenshot({ path: path.join(shots, "process.png"), fullPage: true });

  // A phone.
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(url("index.html"));
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `no sideways scrolling on a phone (${wide}px)`);
  await phone.screenshot({ path: path.join(shots, "home-phone.png"), fullPage: true });
  for (const other of ["alertas.html", "datos.html", "metodologia.html", "compradores.html", "proveedores.html"]) {
    await phone.goto(url(other));
    await checkFigures(phone).catch((e) => { if (!String(e).includes("the page shows figures")) throw e; });
  }
  await phone.goto(url("datos.html"));
  await phone.screenshot({ path: path.join(shots, "data-phone.png"), fullPage: true });

  const outside = requests.filter((u) => !u.startsWith(outUrl));
  assert.deepEqual(outside, [], "no request leaves the output folder");
  assert.deepEqual(problems, [], "no script error nor refused resource");
  console.log(`# ${n} figures on the home page checked; ${requests.length} requests, all under ${outUrl}`);
});

test("home page weight under 300 KB", () => {
  const files = ["index.html", "assets/site.css", "assets/site.js"];
  const bytes = files.reduce((sum, f) => sum + fs.statSync(path.join(site, f)).size, 0);
  console.log(`# home page weight: ${bytes} bytes`);
  assert.ok(bytes < 300 * 1024, `${bytes} bytes`);
});
