'use strict';
// The declarations: the report types are those the JSON Schemas in schemas/ generate
// (scripts/report-types.mjs --check), and a TypeScript example type-checks (tsc --noEmit).
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

test('report types are generated from the current JSON Schemas', () => {
  const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'report-types.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
});

test('the TypeScript example type-checks', () => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', root], { encoding: 'utf8', cwd: root });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
