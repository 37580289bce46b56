// The report types of index.d.ts, generated from the report JSON Schemas in ../schemas/ (which
// core keeps current): `node scripts/report-types.mjs` writes types/*.d.ts; with `--check` it
// only says whether they are current (exit 1 if not), for the tests.
import { compile } from 'json-schema-to-typescript';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const reports = [
  ['validation-report.schema.json', 'ValidationReport', 'validation-report.d.ts'],
  ['indices-report.schema.json', 'IndicesReport', 'indices-report.d.ts'],
];

/** TypeScript wants every named member to fit an object's index signature: where a schema has
 * both `properties` and an `additionalProperties` schema, the signature is widened to the union. */
function fitIndexSignatures(node) {
  if (Array.isArray(node)) {
    node.forEach(fitIndexSignatures);
  } else if (node && typeof node === 'object') {
    for (const value of Object.values(node)) fitIndexSignatures(value);
    const extra = node.additionalProperties;
    if (node.properties && extra && typeof extra === 'object') {
      const optional = Object.keys(node.properties).some((key) => !(node.required ?? []).includes(key));
      node.additionalProperties = { anyOf: [extra, ...Object.values(node.properties), ...(optional ? [{ tsType: 'undefined' }] : [])] };
    }
  }
}

export async function generate() {
  const out = {};
  for (const [schemaFile, name, typesFile] of reports) {
    const schema = JSON.parse(await readFile(new URL(`../schemas/${schemaFile}`, root), 'utf8'));
    schema.title = name;
    fitIndexSignatures(schema);
    const text = await compile(schema, name, {
      bannerComment: `/* Generated from schemas/${schemaFile} by scripts/report-types.mjs: do not edit. */`,
      additionalProperties: false,
      unknownAny: true,
      format: true,
      cwd: fileURLToPath(new URL('../schemas/', root)),
    });
    out[typesFile] = text;
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const [file, text] of Object.entries(await generate())) {
    const target = new URL(`types/${file}`, root);
    if (check) {
      const current = await readFile(target, 'utf8').catch(() => '');
      if (current !== text) {
        console.error(`types/${file} is not current: run npm run types`);
        stale = true;
      }
    } else {
      await writeFile(target, text);
    }
  }
  process.exit(stale ? 1 : 0);
}
