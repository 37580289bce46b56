'use strict';
// Oracle: the reference implementation's merge fixtures (../shared/fixtures/ocds-merge/), each
// case compiled and versioned through the binding with the fixture's schema; outputs compared as
// parsed JSON, member order included (as core's own fixture test does).
const test = require('node:test');
const assert = require('node:assert/strict');
const { readdirSync, existsSync, mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const edca = require('..');
const { shared, hasShared, load, cli, cliPath, jsonLines } = require('./helpers');

const root = path.join(shared, 'fixtures', 'ocds-merge');
const dirs = [
  ['1.1', 'release-schema-1__1__4.json'],
  ['1.0', 'release-schema-1__0__3.json'],
  ['schema', 'schema.json'],
];

/** Same members in the same order, recursively. */
function sameOrder(got, want) {
  assert.deepStrictEqual(got, want);
  if (got && typeof got === 'object' && !Array.isArray(got)) {
    assert.deepStrictEqual(Object.keys(got), Object.keys(want));
    for (const key of Object.keys(got)) sameOrder(got[key], want[key]);
  } else if (Array.isArray(got)) {
    got.forEach((item, i) => sameOrder(item, want[i]));
  }
}

test('every merge fixture, compiled and versioned', { skip: !hasShared && 'no ../shared' }, async () => {
  let cases = 0;
  for (const [dir, schemaFile] of dirs) {
    const schema = load(path.join(root, schemaFile));
    const names = readdirSync(path.join(root, dir))
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -5))
      .filter((n) => !['-compiled', '-versioned', '-append', '-by-position'].some((s) => n.endsWith(s)));
    for (const name of names.sort()) {
      const releases = load(path.join(root, dir, `${name}.json`));
      for (const [kind, versioned] of [['compiled', false], ['versioned', true]]) {
        const expected = path.join(root, dir, `${name}-${kind}.json`);
        if (!existsSync(expected)) continue;
        // Releases as JS objects, the schema as an object on one call and as a path on the other.
        const got = await edca.compile(releases, { schema, versioned, onWarning() {} });
        assert.equal(got.length, 1, `${dir}/${name} ${kind}: one process`);
        sameOrder(got[0], load(expected));
        const again = edca.compileSync(releases, { schema: path.join(root, schemaFile), versioned, onWarning() {} });
        assert.deepStrictEqual(again, got, `${dir}/${name} ${kind}: sync and path schema`);
        cases += 1;
      }
    }
  }
  assert.equal(cases, 50, 'number of fixture cases');
});

// The fixtures' override outputs apply the rule to one path; the option applies it to every
// array, as `edca compile --arrays` does: the CLI is the oracle here.
test('rule overrides: append and by position, as edca compile --arrays', { skip: (!hasShared || !cliPath()) && 'no ../shared or CLI' }, async () => {
  const dir = path.join(root, 'schema');
  const schemaFile = path.join(root, 'schema.json');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'edca-node-'));
  try {
    for (const name of ['identifier-merge-duplicate-id.json', 'identifier-merge-no-id.json']) {
      const once = load(path.join(dir, name));
      const releases = [...once, ...once];
      const file = path.join(tmp, name);
      writeFileSync(file, JSON.stringify(releases));
      for (const arrays of ['identifier', 'append', 'by-position']) {
        const want = jsonLines(cli(['compile', '--arrays', arrays, '--schema', schemaFile, file]).stdout);
        const got = await edca.compile(releases, { schema: schemaFile, arrays, onWarning() {} });
        sameOrder(got, want);
      }
      const append = await edca.compile(releases, { schema: schemaFile, arrays: 'append', onWarning() {} });
      const byId = await edca.compile(releases, { schema: schemaFile, onWarning() {} });
      assert.notDeepStrictEqual(append, byId, `${name}: append differs from identifier merge`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
