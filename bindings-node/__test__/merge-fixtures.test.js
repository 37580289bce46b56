'use strict';
// Oracle: the reference implementation's merge fixtures (../shared/fixtures/ocds-merge/), each
// case compiled and versioned through the binding with the fixture's schema; outputs compared as
// parsed JSON, member order included (as core's own fixture test does).
const test = require('node:test');
const assert = require('node:assert/strict');
const { readdirSync, existsSync } = require('node:fs');
const path = require('node:path');
const edca = require('..');
const { shared, hasShared, load } = require('./helpers');

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

test('rule overrides: append and by position', { skip: !hasShared && 'no ../shared' }, async () => {
  const dir = path.join(root, 'schema');
  const schema = load(path.join(root, 'schema.json'));
  const twice = (name) => {
    const once = load(path.join(dir, name));
    return [...once, ...once];
  };
  const runs = [
    ['append', 'identifier-merge-duplicate-id.json', 'identifier-merge-duplicate-id-append.json'],
    ['by-position', 'identifier-merge-duplicate-id.json', 'identifier-merge-duplicate-id-by-position.json'],
    ['append', 'identifier-merge-no-id.json', 'identifier-merge-no-id-append.json'],
  ];
  for (const [arrays, input, expected] of runs) {
    const got = await edca.compile(twice(input), { schema, arrays, onWarning() {} });
    sameOrder(got[0], load(path.join(dir, expected)));
  }
});
