// A TypeScript user of the package: `tsc --noEmit -p .` type-checks it against index.d.ts (the
// tests run it), so the declarations cannot drift from what a user writes.
import * as edca from 'edca';
import type { IndicesReport, ValidationReport, Stats, Json } from 'edca';

async function main(path: string): Promise<void> {
  const releases: Json[] = await edca.compile(path, { versioned: false, arrays: 'identifier', lang: 'es' });
  const fromBuffer = edca.compileSync(Buffer.from('[]'), { onWarning: (w) => console.warn(w.code, w.pointer) });
  const pkg = await edca.recordPackage(releases, { linkedReleases: true, uri: 'https://example.org/p.json' });
  for await (const release of edca.iterCompile(new URL('file:///tmp/feed.jsonl'))) {
    console.log(release);
  }
  const report: ValidationReport = await edca.validate(path, { lang: 'en', examples: 3 });
  const errors: number = report.summary.errors;
  const firstCode: string | undefined = report.schema[0]?.code;
  const indices: IndicesReport = await edca.indices(path, { config: { families: ['competition'] } });
  const processes: number = indices.meta.processes;
  const prepared = await edca.prepare(path, { settings: { defaults: { bid_status: 'valid' } } });
  const issues: number = prepared.issues.length + prepared.counts.releases;
  const stats: Stats = edca.statsSync(path);
  const ocids: number = stats.ocids;
  try {
    await edca.compile('{"releases": [');
  } catch (error) {
    if (error instanceof edca.EdcaError) {
      const code: string = error.code;
      console.error(code, error.details, error.results);
    }
  }
  console.log(fromBuffer, pkg, errors, firstCode, processes, issues, ocids);
}

void main(process.argv[2] ?? 'examples/data');
