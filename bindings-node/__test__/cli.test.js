'use strict';
// Oracle: the `edca` command built from the same checkout. On a sample of the corpus (every
// 25th file of ../shared/data/MANIFEST.csv) and on the shipped sample data, each function's
// output must equal JSON.parse of the CLI's output for the same file.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { readdirSync, statSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const edca = require('..');
const { repo, hasShared, cliPath, cli, jsonLines, corpusSample } = require('./helpers');

const skip = (!hasShared && 'no ../shared') || (!cliPath() && 'no edca CLI built (set EDCA_CLI)');

function sampleData() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) {
        if (name !== 'inputs') walk(file);
      } else if (name.endsWith('.json')) out.push(file);
    }
  };
  walk(path.join(repo, 'examples', 'data'));
  return out;
}

function files() {
  return [...corpusSample(25), ...sampleData()];
}

/** The binding's result, or its error's code (the CLI's exit 1 / 2 cases). */
async function attempt(call) {
  try {
    return { value: await call() };
  } catch (error) {
    return { code: error.code, results: error.results };
  }
}

test('compile, versioned and record package equal edca compile', { skip }, async () => {
  let compared = 0;
  for (const file of files()) {
    for (const flags of [[], ['--versioned'], ['--package']]) {
      const run = cli(['compile', ...flags, file]);
      const fn = flags[0] === '--package' ? edca.recordPackage : edca.compile;
      const got = await attempt(() => fn(file, { versioned: flags[0] === '--versioned', onWarning() {} }));
      const label = `${file} ${flags.join(' ')}`;
      if (run.status === 0) {
        assert.ok('value' in got, `${label}: the CLI succeeded, the binding failed with ${got.code}`);
        const want = flags[0] === '--package' ? JSON.parse(run.stdout) : jsonLines(run.stdout);
        assert.deepStrictEqual(got.value, want, label);
        compared += 1;
      } else {
        assert.ok(got.code, `${label}: the CLI failed (${run.stderr.trim()}), the binding did not`);
        if (got.code === 'compile.incomplete') {
          const want = flags[0] === '--package' ? JSON.parse(run.stdout) : jsonLines(run.stdout);
          assert.deepStrictEqual(got.results, want, `${label}: the processes merged`);
        }
      }
    }
  }
  assert.ok(compared > 30, `compared ${compared}`);
});

test('validate equals edca validate --format json (es and en)', { skip }, async () => {
  for (const file of files().filter((_, i) => i % 2 === 0)) {
    for (const lang of ['es', 'en']) {
      const run = cli(['validate', '--format', 'json', '--lang', lang, file]);
      assert.ok(run.status <= 1, `${file}: ${run.stderr}`);
      assert.deepStrictEqual(await edca.validate(file, { lang }), JSON.parse(run.stdout), `${file} ${lang}`);
    }
  }
});

test('indices, stats and prepare equal the CLI', { skip }, async () => {
  const config = path.join(repo, 'examples', 'data', 'inputs', 'indices.toml');
  const sample = path.join(repo, 'examples', 'data', 'cdmx', 'api-release-package-2.json');
  for (const file of [...files().filter((_, i) => i % 3 === 0), sample]) {
    const indices = cli(['indices', file]);
    if (indices.status === 0) assert.deepStrictEqual(await edca.indices(file), JSON.parse(indices.stdout), file);
    const stats = cli(['stats', '--format', 'json', file]);
    if (stats.status === 0) assert.deepStrictEqual(await edca.stats(file), JSON.parse(stats.stdout), file);
  }
  const configured = cli(['indices', '--config', config, sample]);
  assert.equal(configured.status, 0, configured.stderr);
  assert.deepStrictEqual(await edca.indices(sample, { config }), JSON.parse(configured.stdout));

  const compiled = cli(['compile', sample]).stdout;
  const run = spawnSync(cliPath(), ['prepare'], { input: compiled, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const got = await edca.prepare(Buffer.from(compiled));
  assert.deepStrictEqual(got.releases, jsonLines(run.stdout));
  const rows = run.stderr.split('\n').filter((line) => /^\d+,/.test(line));
  assert.equal(got.issues.length, rows.length, 'one issue per CSV row');
  for (const [i, issue] of got.issues.entries()) assert.ok(rows[i].startsWith(`${issue.release},`), rows[i]);
});
