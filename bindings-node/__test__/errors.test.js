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
    assert.equal(typeof error.code, 'string');
    // The CLI prints `edca: FILE:LINE:COLUMN: …` for read errors.
    const where = run.stderr.match(/:(\d+):(\d+)/);
    if (error.code.startsWith('read.')) {
      assert.equal(error.details.file, file, name);
      assert.ok(where, `${name}: ${run.stderr}`);
      assert.equal(error.details.line, Number(where[1]), `${name}: line`);
      assert.equal(error.details.column, Number(where[2]), `${name}: column`);
      assert.ok(run.stderr.includes(error.details.reason), `${name}: ${run.stderr} / ${error.details.reason}`);
      // The same bytes as a Buffer: the same position, under the given name.
      const again = await rejection(edca.compile(readFileSync(file), { name: 'upload.json' }));
      assert.deepStrictEqual({ ...again.details, file: file }, error.details);
      assert.equal(again.details.file, 'upload.json');
    }
    // Validation reports invalid JSON as a finding with its position, never a rejection.
    const report = await edca.validate(file);
    const validateRun = cli(['validate', '--format', 'json', file]);
    assert.deepStrictEqual(report, JSON.parse(validateRun.stdout), name);
  }
});

test('the trailing comma is found where it is', { skip: !hasShared && 'no ../shared' }, async () => {
  const file = path.join(shared, 'fixtures', 'bad-input', 'cdmx-2015-OCDS-87SD3T-SEFIN-DRM-A-015-2015_trailing-comma.json');
  const error = await rejection(edca.compile(file));
  assert.equal(error.code, 'read.syntax');
  // The comma ends line 165; the reader sees that it trails at the `]` on line 167, column 21.
  assert.deepStrictEqual([error.details.line, error.details.column, error.details.pointer], [167, 21, '/releases/0']);
  assert.equal(error.details.reason, 'trailing comma');
});

test('hostile and malformed uploads reject with a code', async () => {
  const cases = [
    ['empty', Buffer.alloc(0), /^read\.empty$/],
    ['blank', '   ', null],
    ['not JSON', Buffer.from('hello'), /^read\./],
    ['truncated', '{"releases": [{"ocid": "a", "date": "2020"', /^read\./],
    ['deep nesting', '['.repeat(200000), /^read\./],
    ['number out of range', '{"ocid": "a", "id": "1", "date": "2020", "x": 1e400}', /^read\./],
    ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80]), /^read\./],
    ['a number', '[1, 2, 3]', /^(read\.|compile\.)/],
    ['release without ocid', { id: '1', date: '2020' }, /^compile\./],
    ['release without date', [{ ocid: 'a', id: '1' }], /^compile\./],
    ['missing file', '/nonexistent/edca.json', /^read\.io$/],
  ];
  for (const [label, input, code] of cases) {
    if (code === null) {
      // A blank string is a path that does not exist.
      const error = await rejection(edca.compile(input));
      assert.equal(error.code, 'read.io', label);
      continue;
    }
    const error = await rejection(edca.compile(input));
    assert.ok(error instanceof edca.EdcaError, `${label}: ${error}`);
    assert.match(error.code, code, `${label}: ${error.code}`);
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
  assert.equal(error.code, 'merge.process');
  assert.deepStrictEqual(error.results.map((r) => r.ocid), ['good-1', 'good-2']);
  assert.equal(error.details.processes.length, 1);
  const [failed] = error.details.processes;
  assert.deepStrictEqual([failed.ocid, failed.releaseId, failed.pointer], ['bad', '2', '/tender']);
  assert.match(error.message, /1 processes could not be merged/);
  const spanish = await rejection(edca.compile(releases));
  assert.match(spanish.message, /1 procesos no se pudieron combinar/);
  // The iterator hands out every other process first, then throws.
  const seen = [];
  const thrown = await rejection((async () => {
    for await (const release of edca.iterCompile(releases)) seen.push(release.ocid);
  })());
  assert.deepStrictEqual(seen, ['good-1', 'good-2']);
  assert.equal(thrown.code, 'merge.process');
  const pkg = await rejection(edca.recordPackage(releases));
  assert.deepStrictEqual(pkg.results.records.map((r) => r.ocid), ['good-1', 'good-2']);
});

test('merge warnings reach onWarning', async () => {
  const releases = [{ ocid: 'a', id: '1', date: '2020', awards: [{ id: 'x', title: 'one' }, { id: 'x', title: 'two' }] }];
  const warnings = [];
  const got = await edca.compile(releases, { onWarning: (w) => warnings.push(w) });
  assert.equal(got.length, 1);
  assert.equal(warnings.length, 1);
  assert.deepStrictEqual([warnings[0].code, warnings[0].ocid, warnings[0].pointer, warnings[0].id], ['merge.duplicate_id', 'a', '/awards', 'x']);
});
