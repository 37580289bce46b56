'use strict';
// Oracle: the `edca` command of the same checkout (`edca flatten`, `edca unflatten`, which
// tests/oracle/compare_flatten.py holds equal to flatten-tool 0.28.0): the same tables, headers
// and cells; the same releases and issues. Then bad inputs, which must be typed errors.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const os = require('node:os');
const { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const edca = require('..');
const { repo, cliPath, cli, jsonLines } = require('./helpers');

const skip = !cliPath() && 'no edca CLI built (set EDCA_CLI)';
// One file: the Node binding reads one input (a path, bytes or JSON), not a folder.
const samples = path.join(repo, 'examples', 'data', 'cdmx', 'OCDS-87SD3T-SEFIN-DRM-A-001-2016-01.json');

/** A minimal CSV reader for the CLI's output (quoted cells with "" escapes, CRLF or LF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

function tempDir() {
  return mkdtempSync(path.join(os.tmpdir(), 'edca-node-tables-'));
}

test('flatten gives the tables of edca flatten', { skip }, async () => {
  const out = path.join(tempDir(), 'csv');
  cli(['flatten', '-o', out, samples]);
  const { tables } = await edca.flatten(samples);
  const names = readdirSync(out).filter((f) => f.endsWith('.csv')).map((f) => f.slice(0, -4)).sort();
  assert.deepEqual(tables.map((t) => t.name).sort(), names);
  for (const table of tables) {
    const [headers, ...rows] = parseCsv(readFileSync(path.join(out, `${table.name}.csv`), 'utf8').replace(/^\uFEFF/, ''));
    assert.deepEqual(table.headers, headers, table.name);
    assert.equal(table.rows.length, rows.length, table.name);
    table.rows.forEach((row, r) => {
      const text = row.map((cell) => (cell === null ? '' : String(cell)));
      const expected = headers.map((_, n) => rows[r][n] ?? '');
      // Numbers cross as JSON.parse reads them: compare them as numbers.
      row.forEach((cell, n) => {
        if (typeof cell === 'number') assert.equal(cell, Number(expected[n]), `${table.name} ${headers[n]}`);
        else assert.equal(text[n], expected[n], `${table.name} ${headers[n]}`);
      });
    });
  }
  assert.deepEqual(edca.flattenSync(samples), { tables });
});

test('unflatten gives the releases and issues of edca unflatten', { skip }, async () => {
  const folder = path.join(tempDir(), 'csv');
  cli(['flatten', '-o', folder, samples]);
  const run = cli(['unflatten', '--package', '--json-report', folder]);
  const { package: pkg, issues } = await edca.unflatten(folder, { package: true });
  assert.deepEqual(pkg, JSON.parse(run.stdout));
  assert.equal(issues.length, jsonLines(run.stderr).length);
  const { releases } = edca.unflattenSync(folder);
  assert.deepEqual(releases, pkg.releases);
});

test('unflatten reports each normalised cell with its place', async () => {
  const folder = path.join(tempDir(), 'typed');
  mkdirSync(folder);
  writeFileSync(
    path.join(folder, 'main.csv'),
    'ocid,id,date,tender/value/amount\nocds-1,1,15/01/2024,"$1,500.50"\n',
  );
  const { releases, issues } = await edca.unflatten(folder, { utcOffset: '-06:00', lang: 'en' });
  assert.equal(releases[0].tender.value.amount, 1500.5);
  assert.equal(releases[0].date, '2024-01-15T00:00:00-06:00');
  assert.deepEqual(issues.map((i) => [i.sheet, i.row, i.column]).sort(), [['main', 2, 'C'], ['main', 2, 'D']]);
  assert.ok(issues.every((i) => i.severity === 'warning' && i.message.length > 0));
});

test('bad inputs are typed errors, and a bad value costs only itself', async () => {
  const dir = tempDir();
  await assert.rejects(edca.unflatten(path.join(dir, 'missing.xlsx')), (e) => e instanceof edca.EdcaError && e.code.startsWith('tables.'));
  await assert.rejects(edca.unflatten(dir, { utcOffset: '-6' }), (e) => e.code === 'options');
  await assert.rejects(edca.flatten(samples, { headers: 'titles' }), (e) => e.code === 'options');
  assert.throws(() => edca.unflattenSync(42), (e) => e.code === 'input');
  const bad = path.join(dir, 'bad.jsonl');
  const good = (n) => `{"ocid": "ocds-${n}", "id": "1", "date": "2024-01-01T00:00:00Z"}\n`;
  writeFileSync(bad, `${good(1)}{"ocid": }\n${good(2)}`);
  await assert.rejects(edca.flatten(bad), (e) => {
    assert.equal(e.code, 'flatten.incomplete');
    assert.equal(e.results.tables.find((t) => t.name === 'main').rows.length, 2);
    assert.equal(e.details.errors[0].line, 2);
    return true;
  });
});
