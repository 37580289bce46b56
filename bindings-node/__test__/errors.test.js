'use strict';
// Oracles: the CLI's stderr for the files of ../shared/fixtures/bad-input/ (same file, line and
// column), and for hostile uploads the contract that a call rejects with an EdcaError whose code
// is stable, never crashes nor hangs.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { readdirSync, readFileSync } = require('node:fs');
const edca = require('..');
const { shared, hasShared, cliPath, cli, jsonLines } = require('./helpers');

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

test('every bad-input fixture: the error the CLI gives, as data', { skip: (!hasShared || !cliPath()) && 'no ../shared or CLI' }, async () => {
  const dir = path.join(shared, 'fixtures', 'bad-input');
  const files = readdirSync(dir).filter((n) => n.endsWith('.json'));
  assert.equal(files.length, 3);
  for (const name of files) {
    const file = path.join(dir, name);
    const run = cli(['compile', file]);
    let got;
    try {
      got = { value: await edca.compile(file, { onWarning() {} }) };
    } catch (error) {
      got = { error };
    }
    if (run.status === 0) {
      assert.deepStrictEqual(got.value, jsonLines(run.stdout), name);
      continue;
    }
    const { error } = got;
    assert.ok(error instanceof edca.EdcaError, `${name}: ${error}`);
    // A read error that ends the input, or the findings of a run that left values out.
    const first = error.code.startsWith('read.') ? error.details : error.details.errors[0];
    const code = error.code.startsWith('read.') ? error.code : first.code;
    assert.equal(first.file, file, name);
    // The CLI prints `FILE:LINE:COLUMN: … [code]: …` for each finding.
    const where = run.stderr.match(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+): [^\\n]*\\[${code}\\]`));
    assert.ok(where, `${name}: ${run.stderr}`);
    assert.equal(first.line, Number(where[1]), `${name}: line`);
    assert.equal(first.column, Number(where[2]), `${name}: column`);
    if (error.code === 'compile.incomplete') {
      assert.deepStrictEqual(error.results, jsonLines(run.stdout), `${name}: what was merged`);
      // The same bytes as a Buffer: the same findings, under the given name.
      const again = await rejection(edca.compile(readFileSync(file), { name: 'upload.json' }));
      assert.deepStrictEqual({ ...again.details.errors[0], file }, first);
      assert.equal(again.details.errors[0].file, 'upload.json');
    }
    // Validation reports invalid JSON as a finding with its position, never a rejection.
    const report = await edca.validate(file);
    const validateRun = cli(['validate', '--format', 'json', file]);
    assert.deepStrictEqual(report, JSON.parse(validateRun.stdout), name);
  }
});

test('the trailing comma is found where it is, in the chosen language', { skip: !hasShared && 'no ../shared' }, async () => {
  const file = path.join(shared, 'fixtures', 'bad-input', 'cdmx-2015-OCDS-87SD3T-SEFIN-DRM-A-015-2015_trailing-comma.json');
  for (const [lang, reason] of [['es', 'coma sobrante'], ['en', 'trailing comma']]) {
    const error = await rejection(edca.compile(file, { lang }));
    assert.equal(error.code, 'compile.incomplete');
    assert.equal(error.details.leftOut, 1);
    const [first] = error.details.errors;
    // The comma ends line 165; the reader sees that it trails at the `]` on line 167, column 21.
    assert.deepStrictEqual([first.code, first.line, first.column, first.pointer], ['read.syntax', 167, 21, '/releases/0']);
    assert.equal(first.message, reason);
  }
});

test('hostile and malformed uploads reject with a code', async () => {
  const cases = [
    // [label, input, the error's code, the first finding's code when values were left out]
    ['empty', Buffer.alloc(0), 'read.empty'],
    ['blank', '   ', null],
    ['not JSON', Buffer.from('hello'), 'compile.incomplete', 'read.syntax'],
    ['truncated', '{"releases": [{"ocid": "a", "date": "2020"', 'read.syntax'],
    // Unclosed: the structural scan finds the input truncated before any element is parsed.
    ['deep nesting, unclosed', '['.repeat(200000), 'read.syntax'],
    ['deep nesting, closed', '['.repeat(200000) + ']'.repeat(200000), 'compile.incomplete', 'read.shape'],
    ['number out of range', '{"ocid": "a", "id": "1", "date": "2020", "x": 1e400}', 'compile.incomplete', 'read.number_out_of_range'],
    ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80]), 'compile.incomplete', 'read.syntax'],
    ['numbers', '[1, 2, 3]', 'compile.incomplete', 'read.shape'],
    ['release without ocid', { id: '1', date: '2020' }, 'compile.incomplete', 'compile.not_a_release'],
    ['release without date', [{ ocid: 'a', id: '1' }], 'compile.incomplete', 'compile.no_date'],
    ['missing file', '/nonexistent/edca.json', 'read.io'],
  ];
  for (const [label, input, code, finding] of cases) {
    if (code === null) {
      // A blank string is a path that does not exist.
      const error = await rejection(edca.compile(input));
      assert.equal(error.code, 'read.io', label);
      continue;
    }
    const error = await rejection(edca.compile(input));
    assert.ok(error instanceof edca.EdcaError, `${label}: ${error}`);
    assert.equal(error.code, code, `${label}: ${error.code}`);
    if (finding) assert.equal(error.details.errors[0].code, finding, label);
    assert.equal(typeof error.message, 'string');
    // The other functions settle too: a report, or an EdcaError; never a crash or a hang.
    for (const fn of [edca.indices, edca.stats, edca.validate, edca.prepare]) {
      try {
        const value = await fn(input);
        assert.equal(typeof value, 'object', `${label} (${fn.name})`);
      } catch (e) {
        assert.ok(e instanceof edca.EdcaError, `${label} (${fn.name}): ${e}`);
        assert.match(e.code, /^(read\.|compile\.)/, `${label} (${fn.name}): ${e.code}`);
      }
    }
    assert.throws(() => edca.compileSync(input), (e) => e instanceof edca.EdcaError, label);
  }
  const circular = { ocid: 'a' };
  circular.self = circular;
  assert.equal((await rejection(edca.compile(circular))).code, 'input');
  assert.equal((await rejection(edca.compile(42))).code, 'input');
  assert.equal((await rejection(edca.compile([], { arrays: 'sideways' }))).code, 'options');
  const es = await rejection(edca.validate([], { lang: 'fr' }));
  assert.equal(es.code, 'options');
  const en = await rejection(edca.compile([], { ocdsVersion: '2.0', lang: 'en' }));
  assert.match(en.message, /expected '1.0' or '1.1'/);
  const esMessage = await rejection(edca.compile([], { ocdsVersion: '2.0' }));
  assert.match(esMessage.message, /se espera '1.0' o '1.1'/);
  assert.equal((await rejection(edca.compile([], { schema: '/nonexistent/schema.json' }))).code, 'options');
  assert.equal((await rejection(edca.indices([], { config: { nope: 1 } }))).code, 'options');
});

test('a process that cannot be merged is reported; the others are returned', async () => {
  const releases = [
    { ocid: 'good-1', id: '1', date: '2020-01-01', tender: { title: 'a' } },
    { ocid: 'bad', id: '1', date: '2020-01-01', tender: 'x' },
    { ocid: 'good-2', id: '1', date: '2020-01-01' },
    { ocid: 'bad', id: '2', date: '2020-01-02', tender: { title: 't' } },
  ];
  const error = await rejection(edca.compile(releases, { lang: 'en' }));
  assert.equal(error.code, 'compile.incomplete');
  assert.deepStrictEqual(error.results.map((r) => r.ocid), ['good-1', 'good-2']);
  assert.deepStrictEqual([error.details.failed, error.details.leftOut], [1, 0]);
  const [failed] = error.details.errors;
  // The pointer resolves in the uploaded document: the 4th release's tender.
  assert.deepStrictEqual([failed.code, failed.ocid, failed.releaseId, failed.pointer], ['merge.inconsistent_type', 'bad', '2', '/3/tender']);
  assert.match(error.message, /1 processes could not be merged/);
  assert.match(failed.message, /changes type/);
  const spanish = await rejection(edca.compile(releases));
  assert.match(spanish.message, /1 procesos no se pudieron combinar/);
  // The iterator hands out every other process first, then throws.
  const seen = [];
  const thrown = await rejection((async () => {
    for await (const release of edca.iterCompile(releases)) seen.push(release.ocid);
  })());
  assert.deepStrictEqual(seen, ['good-1', 'good-2']);
  assert.equal(thrown.code, 'compile.incomplete');
  const pkg = await rejection(edca.recordPackage(releases));
  assert.deepStrictEqual(pkg.results.records.map((r) => r.ocid), ['good-1', 'good-2']);
});

test('merge warnings reach onWarning', async () => {
  const releases = [{ ocid: 'a', id: '1', date: '2020', awards: [{ id: 'x', title: 'one' }, { id: 'x', title: 'two' }] }];
  const warnings = [];
  const got = await edca.compile(releases, { onWarning: (w) => warnings.push(w) });
  assert.equal(got.length, 1);
  assert.equal(warnings.length, 1);
  assert.deepStrictEqual([warnings[0].code, warnings[0].severity, warnings[0].ocid, warnings[0].pointer], ['merge.duplicate_id', 'warning', 'a', '/0/awards']);
});
