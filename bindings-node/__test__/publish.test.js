'use strict';
// Oracle: `edca publish` built from the same checkout. The binding's run over the shipped
// participatory-budget sample (its configuration, its releases) writes the same files, byte for
// byte, as the command with the same run time; uploads as bytes are read like files; a
// malformed upload costs only itself.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } = require('node:fs');
const os = require('node:os');
const { spawnSync } = require('node:child_process');
const edca = require('..');
const { repo, cliPath } = require('./helpers');

const sample = path.join(repo, 'examples', 'presupuesto-participativo');
const config = path.join(sample, 'edca.toml');
const releases = path.join(sample, 'releases.jsonl');
const NOW = '2026-01-15T12:00:00Z';

/** Every file under `dir` (relative path → bytes). */
function tree(dir) {
  const out = new Map();
  const walk = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) walk(file);
      else out.set(path.relative(dir, file), readFileSync(file));
    }
  };
  walk(dir);
  return out;
}

test('publish writes what edca publish writes', { skip: !cliPath() && 'no edca CLI built (set EDCA_CLI)' }, async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'edca-node-publish-'));
  try {
    const theirs = path.join(tmp, 'cli');
    const run = spawnSync(cliPath(), ['publish', '--config', config, '--out', theirs, releases], {
      env: { ...process.env, EDCA_PUBLISH_NOW: NOW },
      encoding: 'utf8',
    });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    const ours = path.join(tmp, 'node');
    const summary = await edca.publish([releases], { out: ours, config, now: NOW });
    const want = tree(path.join(theirs, 'current'));
    const got = tree(path.join(ours, 'current'));
    assert.deepEqual([...got.keys()], [...want.keys()]);
    for (const [file, bytes] of want) {
      // index.json names the folder it indexes; everything else is the same bytes.
      if (file === 'index.json') continue;
      assert.ok(got.get(file).equals(bytes), file);
    }
    // The CLI's headline figures are the summary's.
    assert.match(run.stdout, new RegExp(`procesos: ${summary.processes} publicados de ${summary.processes_read} leídos`));
    assert.match(run.stdout, new RegExp(`${summary.held_releases} retenidas`));
    assert.equal(summary.generation, 1);
    assert.ok(summary.held_releases > 0, 'the sample holds releases back');
    assert.equal(summary.current, path.join(ours, 'current'));
    assert.deepEqual(JSON.parse(readFileSync(path.join(ours, 'current', 'index.json'))).files?.length > 0, true);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('uploads as bytes publish like files; a malformed one costs only itself', async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'edca-node-publish-'));
  try {
    const lines = readFileSync(releases, 'utf8').split('\n').filter(Boolean);
    const upload = Buffer.from(lines.join('\n'));
    const first = await edca.publish([upload], { out: tmp, now: NOW, lang: 'en' });
    assert.equal(first.releases_read, lines.length);
    assert.match(first.message, /published in/);
    // A line that is not JSON is left out and reported; the other lines are published.
    const withBadLine = Buffer.from([...lines.slice(0, 5), '{"ocid": "ocds-x-1", nope}', ...lines.slice(5)].join('\n'));
    const second = edca.publishSync([withBadLine], { out: tmp, now: '2026-01-16T12:00:00Z' });
    assert.equal(second.generation, 2);
    assert.equal(second.releases_read, lines.length);
    assert.equal(second.left_out, 1);
    assert.equal(second.reused, first.rewritten, 'unchanged processes are reused');
    assert.ok(second.findings.some((f) => f.severity === 'error' && f.line === 6), JSON.stringify(second.findings));
    // A package cut short cannot be read at all: the run is refused and `current` stays.
    const truncated = Buffer.from('{"releases": [{"ocid": "ocds-x-1", "id": ');
    await assert.rejects(
      () => edca.publish([upload, truncated], { out: tmp, now: '2026-01-17T12:00:00Z' }),
      (e) => e instanceof edca.EdcaError && e.code === 'publish.input' && /upload-2/.test(e.message),
    );
    const index = JSON.parse(readFileSync(path.join(tmp, 'current', 'index.json'), 'utf8'));
    assert.equal(index.generation, 2);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('publish without a publication folder, or with a bad configuration, is refused', async () => {
  await assert.rejects(() => edca.publish([releases], {}), (e) => e instanceof edca.EdcaError && e.code === 'options');
  await assert.rejects(
    () => edca.publish([releases], { out: os.tmpdir(), config: { gate: 'nonsense' } }),
    (e) => e instanceof edca.EdcaError && e.code === 'publish.config',
  );
});
