'use strict';
// Shared by the tests: where the shared fixtures and corpus are, and how to run the CLI that the
// binding's outputs are compared with.
const { existsSync, readFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const repo = path.resolve(__dirname, '..', '..');
const shared = path.resolve(repo, '..', 'shared');
const hasShared = existsSync(path.join(shared, 'fixtures'));

/** The `edca` command built from this checkout (scripts/test-all sets EDCA_CLI). */
function cliPath() {
  if (process.env.EDCA_CLI) return process.env.EDCA_CLI;
  const triple = process.env.CARGO_BUILD_TARGET ?? '';
  for (const profile of ['release', 'debug']) {
    for (const dir of [path.join(repo, 'target', triple, profile), path.join(repo, 'target', profile)]) {
      const bin = path.join(dir, 'edca');
      if (existsSync(bin)) return bin;
    }
  }
  return null;
}

/** Runs the CLI; returns its stdout (any exit status but a crash). */
function cli(args) {
  const bin = cliPath();
  const run = spawnSync(bin, args, { maxBuffer: 1 << 30, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status === null || run.status > 2) throw new Error(`edca ${args.join(' ')}: ${run.stderr}`);
  return run;
}

/** Parses JSON lines. */
function jsonLines(text) {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
}

/** A deterministic sample of the corpus: every `step`-th file of MANIFEST.csv that parses. */
function corpusSample(step) {
  const manifest = readFileSync(path.join(shared, 'data', 'MANIFEST.csv'), 'utf8').split('\n').slice(1);
  const files = manifest.filter((line) => line.trim() !== '').map((line) => line.split(',')[0]);
  return files.filter((_, i) => i % step === 0).map((file) => path.join(shared, 'data', file));
}

function load(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

module.exports = { repo, shared, hasShared, cliPath, cli, jsonLines, corpusSample, load };
