'use strict';
// Oracle: the same package read from a path, a file: URL, a gzip file, a Buffer, a Uint8Array,
// an ArrayBuffer, a string of JSON and JS objects must give one and the same output (the path's,
// which cli.test.js compares with the CLI); each function takes every form, sync and async.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const os = require('node:os');
const { readFileSync, writeFileSync, mkdtempSync, rmSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const { gzipSync } = require('node:zlib');
const edca = require('..');
const { repo } = require('./helpers');

const file = path.join(repo, 'examples', 'data', 'cdmx', 'api-release-package-2.json');
const bytes = readFileSync(file);

function forms(dir) {
  const gz = path.join(dir, 'package.json.gz');
  writeFileSync(gz, gzipSync(bytes));
  const copy = new Uint8Array(bytes);
  return {
    path: file,
    url: pathToFileURL(file),
    gzip: gz,
    buffer: bytes,
    uint8array: copy,
    arraybuffer: copy.buffer,
    dataview: new DataView(copy.buffer),
    string: bytes.toString('utf8'),
    objects: JSON.parse(bytes.toString('utf8')),
  };
}

const calls = {
  compile: [edca.compile, edca.compileSync],
  recordPackage: [edca.recordPackage, edca.recordPackageSync],
  validate: [edca.validate, edca.validateSync],
  indices: [edca.indices, edca.indicesSync],
  stats: [edca.stats, edca.statsSync],
};

test('every input form gives the output of the path', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edca-node-'));
  try {
    const inputs = forms(dir);
    for (const [name, [asyncFn, syncFn]] of Object.entries(calls)) {
      const want = await asyncFn(file);
      assert.ok(want && typeof want === 'object', name);
      for (const [form, input] of Object.entries(inputs)) {
        // Reports name their input: give bytes and text the path's name, so that they compare.
        // A path is its own name (the gzip copy's is swapped back for the comparison).
        const options = { name: file };
        // JS objects have no text of their own: lines and columns are those of the JSON that
        // V8 wrote for them, so they are compared without positions (pointers still must match).
        const positions = form === 'objects' ? (key, value) => (key === 'line' || key === 'column' ? undefined : value) : undefined;
        const named = (value) => JSON.parse(JSON.stringify(value).split(inputs.gzip).join(file), positions);
        const wanted = form === 'objects' ? JSON.parse(JSON.stringify(want), positions) : want;
        assert.deepStrictEqual(named(await asyncFn(input, options)), wanted, `${name} from ${form}`);
        assert.deepStrictEqual(named(syncFn(input, options)), wanted, `${name}Sync from ${form}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('iterCompile yields what compile returns, and stops when the loop breaks', async () => {
  const want = await edca.compile(file);
  const got = [];
  for await (const release of edca.iterCompile(bytes)) got.push(release);
  assert.deepStrictEqual(got, want);
  // Many processes (more than a batch), and an early break.
  const releases = Array.from({ length: 3000 }, (_, i) => ({ ocid: `ocds-x-${i}`, id: '1', date: '2020-01-01' }));
  let count = 0;
  for await (const release of edca.iterCompile(releases)) {
    assert.equal(release.ocid, `ocds-x-${count}`);
    count += 1;
    if (count === 700) break;
  }
  assert.equal(count, 700);
  const all = [];
  for await (const release of edca.iterCompile(releases, { versioned: true })) all.push(release.ocid);
  assert.equal(all.length, 3000);
});

test('a release schema as an object or a path; ocdsVersion; record package options', async () => {
  const schemaFile = path.join(repo, 'schemas', 'ocds-1.1.5', 'release-schema.json');
  const byPath = await edca.compile(file, { schema: schemaFile });
  const byObject = await edca.compile(file, { schema: JSON.parse(readFileSync(schemaFile, 'utf8')) });
  assert.deepStrictEqual(byObject, byPath);
  assert.equal((await edca.compile(file, { ocdsVersion: '1.0' })).length, byPath.length);
  const pkg = await edca.recordPackage(file, { uri: 'https://example.org/p.json', publishedDate: '2024-01-01T00:00:00Z' });
  assert.equal(pkg.uri, 'https://example.org/p.json');
  assert.equal(pkg.publishedDate, '2024-01-01T00:00:00Z');
  assert.equal(pkg.records.length, byPath.length);
});
