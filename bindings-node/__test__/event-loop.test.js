'use strict';
// The contract of the Promise functions: the work runs off the JavaScript thread, so a timer
// keeps firing during a long call (the Sync twin, on the same input, blocks it: the check can
// fail); and many concurrent calls give the answers of sequential ones.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const edca = require('..');
const { repo } = require('./helpers');

/** JSON lines of `processes` generated processes, three releases each. */
function generated(processes) {
  const lines = [];
  for (let p = 0; p < processes; p += 1) {
    for (let r = 0; r < 3; r += 1) {
      lines.push(JSON.stringify({
        ocid: `ocds-gen-${p}`,
        id: `${p}-${r}`,
        date: `2021-0${r + 1}-01T00:00:00Z`,
        tag: [['planning', 'tender', 'award'][r]],
        buyer: { id: `B${p % 17}`, name: `Comprador ${p % 17}` },
        tender: { id: `t-${p}`, title: `Licitación ${p}`, value: { amount: p * 10 + r, currency: 'MXN' },
          items: [{ id: '1', description: 'Papel', quantity: r + 1 }] },
        awards: r === 2 ? [{ id: `a-${p}`, status: 'active', suppliers: [{ id: `S${p % 5}`, name: `Proveedor ${p % 5}` }] }] : [],
      }));
    }
  }
  return Buffer.from(lines.join('\n'));
}

/** Runs `call` while a 5 ms timer ticks; returns the largest gap between ticks and the time. */
async function ticking(call) {
  let last = performance.now();
  let gap = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
    ticks += 1;
  }, 5);
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 20));
  last = performance.now();
  const begun = performance.now();
  await call();
  const elapsed = performance.now() - begun;
  const now = performance.now();
  gap = Math.max(gap, now - last);
  clearInterval(timer);
  void start;
  return { gap, ticks, elapsed };
}

test('a timer keeps firing during a long validate, indices and compile', async () => {
  const input = generated(6000);
  const sync = await ticking(async () => edca.validateSync(input));
  assert.ok(sync.elapsed > 150, `the input is long enough to see (${sync.elapsed.toFixed(0)} ms)`);
  assert.ok(sync.gap >= sync.elapsed * 0.9, `the Sync twin blocks the loop (gap ${sync.gap.toFixed(0)} ms)`);
  for (const [name, call] of [
    ['validate', () => edca.validate(input)],
    ['indices', () => edca.indices(input)],
    ['stats', () => edca.stats(input)],
  ]) {
    const run = await ticking(call);
    assert.ok(run.gap < Math.max(60, run.elapsed / 4), `${name}: largest gap ${run.gap.toFixed(0)} ms in ${run.elapsed.toFixed(0)} ms`);
  }
  // compile's result is large: parsing it on the JavaScript thread is the only pause.
  const compiled = await ticking(() => edca.compile(input));
  assert.ok(compiled.ticks > 3, `compile: ${compiled.ticks} ticks in ${compiled.elapsed.toFixed(0)} ms`);
});

test('concurrent calls give the answers of sequential ones', async () => {
  const sample = path.join(repo, 'examples', 'data', 'cdmx', 'api-release-package-2.json');
  const input = generated(300);
  const jobs = [
    () => edca.compile(input),
    () => edca.compile(sample, { versioned: true }),
    () => edca.validate(sample),
    () => edca.validate(input, { lang: 'en' }),
    () => edca.indices(input),
    () => edca.recordPackage(sample),
    () => edca.stats(input),
  ];
  const sequential = [];
  for (const job of jobs) sequential.push(await job());
  const concurrent = await Promise.all(Array.from({ length: 4 }, () => jobs.map((job) => job())).flat());
  concurrent.forEach((got, i) => assert.deepStrictEqual(got, sequential[i % jobs.length], `job ${i % jobs.length}`));
  const iterated = await Promise.all(Array.from({ length: 6 }, async () => {
    const out = [];
    for await (const release of edca.iterCompile(input)) out.push(release);
    return out;
  }));
  for (const out of iterated) assert.deepStrictEqual(out, sequential[0]);
});

module.exports = { generated };
