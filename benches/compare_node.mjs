// The Node binding against the CLI, and the example portal under load. One run, ratios.
//
//   node benches/compare_node.mjs [FEED]       (FEED: a file to compile; default: generated)
//
// 1. compile throughput: `edca compile FEED > /dev/null` vs `compile(path)`, `compile(buffer)`
//    and `compile(objects)` from Node (best of 3 each; Node's time includes JSON.parse of the
//    result on the JavaScript thread, which is measured apart too).
// 2. the portal (examples/node-portal, its own process) on loopback: POST /validate with a real
//    ~100 KB package on 32 connections and, at the same time, GET /records/:ocid on 32 more,
//    10 s (autocannon); then the GET alone for comparison.
// Needs: the binding built (npm run build in bindings-node), the CLI in release, and npm install
// in examples/node-portal (autocannon).
import { createRequire } from 'node:module';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repo, 'examples', 'node-portal', 'package.json'));
const edca = require(path.join(repo, 'bindings-node'));
const autocannon = require('autocannon');
const triple = process.env.CARGO_BUILD_TARGET ?? execFileSync('rustc', ['-vV'], { encoding: 'utf8' }).match(/host: (\S+)/)[1];
const bin = (name) => [path.join(repo, 'target', triple, 'release', name), path.join(repo, 'target', 'release', name)].find(existsSync);

function feed() {
  if (process.argv[2]) return process.argv[2];
  const file = '/tmp/edca-node-feed.jsonl';
  if (!existsSync(file)) {
    const generate = bin('edca-generate');
    if (!generate) throw new Error('no edca-generate: cargo build --release -p edca-benches, or pass a FEED');
    execFileSync(generate, ['--packages', '--processes', '3000', file], { stdio: 'inherit' });
  }
  return file;
}

async function best(times, fn) {
  let min = Infinity;
  for (let i = 0; i < times; i += 1) {
    const start = performance.now();
    await fn();
    min = Math.min(min, performance.now() - start);
  }
  return min / 1000;
}

async function compileBench(file) {
  const cli = bin('edca');
  const mb = statSync(file).size / 1e6;
  const cliTime = await best(3, () => spawnSync(cli, ['compile', file], { stdio: ['ignore', 'ignore', 'ignore'] }));
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  const objects = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const quiet = { onWarning() {} };
  const pathTime = await best(3, () => edca.compile(file, quiet));
  const bufferTime = await best(3, () => edca.compile(bytes, quiet));
  const objectsTime = await best(3, () => edca.compile(objects, quiet));
  const stringify = await best(3, () => JSON.stringify(objects));
  const output = JSON.stringify(await edca.compile(bytes, quiet));
  const parse = await best(3, () => JSON.parse(output));
  const row = (label, t) => console.log(`| ${label} | ${t.toFixed(3)} s | ${(mb / t).toFixed(1)} MB/s | ${(t / cliTime).toFixed(2)}× |`);
  console.log(`\ncompile, ${path.basename(file)} (${mb.toFixed(1)} MB), best of 3\n`);
  console.log('| run | time | throughput | vs CLI |\n|---|---|---|---|');
  row('`edca compile FILE > /dev/null`', cliTime);
  row('`compile(path)`', pathTime);
  row('`compile(buffer)`', bufferTime);
  row('`compile(objects)`', objectsTime);
  console.log(`\nJSON.stringify of the objects: ${stringify.toFixed(3)} s; JSON.parse of the result (${(output.length / 1e6).toFixed(1)} MB): ${parse.toFixed(3)} s`);
}

function load(url, options) {
  return new Promise((resolve, reject) => {
    autocannon({ url, duration: 10, connections: 32, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function line(label, r) {
  const errors = r.errors + r.non2xx;
  console.log(`| ${label} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.latency.max} ms | ${errors} |`);
}

async function portalBench() {
  const upload = readFileSync(path.join(repo, '..', 'shared', 'data', 'real', 'moldova', 'sample', 'records', 'ocds-ngfbwp-19720585.json'));
  const server = spawn(process.execPath, [path.join(repo, 'examples', 'node-portal', 'server.js')], {
    env: { ...process.env, PORT: '38517' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise((resolve, reject) => {
      server.stdout.once('data', resolve);
      server.once('exit', () => reject(new Error('the portal did not start')));
    });
    const base = 'http://127.0.0.1:38517';
    const pkg = await edca.recordPackage(path.join(repo, 'examples', 'data', 'cdmx', 'api-release-package-2.json'));
    const record = `${base}/records/${encodeURIComponent(pkg.records[0].ocid)}`;
    console.log(`\nportal on loopback, 10 s, 32 connections each; POST /validate with a ${(upload.length / 1024).toFixed(0)} KB package\n`);
    console.log('| load | req/s | p50 | p99 | max | errors |\n|---|---|---|---|---|---|');
    const [post, get] = await Promise.all([
      load(`${base}/validate`, { method: 'POST', body: upload, headers: { 'content-type': 'application/json' } }),
      load(record),
    ]);
    line('POST /validate (with the GETs)', post);
    line('GET /records/:ocid (with the POSTs)', get);
    line('GET /records/:ocid alone', await load(record));
  } finally {
    server.kill();
  }
}

await compileBench(feed());
await portalBench();
