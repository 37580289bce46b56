'use strict';
// The package's API: turns JavaScript inputs and options into what the native layer takes, and
// its outcomes (JSON text, failures as data) into plain objects and `EdcaError`s. All the work
// is core's, in Rust; the Promise-returning functions run it on libuv's thread pool.

const { fileURLToPath } = require('node:url');
const native = require('./native.js');

/** An error of edca: `code` is stable (`read.syntax`, `merge.process`, `options`…), `details`
 * says where (file, line, column, pointer) and why. */
class EdcaError extends Error {
  constructor(failure) {
    super(failure.message);
    this.name = 'EdcaError';
    this.code = failure.code;
    this.details = failure.details;
  }
}

/** A path, a file: URL, bytes, a string of JSON, or JS objects and arrays. A string whose first
 * non-blank character is `{` or `[` is JSON; any other string is a path. */
function toInput(data, name) {
  if (typeof data === 'string') {
    const start = data.trimStart()[0];
    if (start === '{' || start === '[') return { text: data, name: name ?? '<string>' };
    return { path: data };
  }
  if (data instanceof URL) return { path: fileURLToPath(data) };
  if (data instanceof Uint8Array) return { bytes: data, name: name ?? '<buffer>' };
  if (ArrayBuffer.isView(data)) {
    return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), name: name ?? '<buffer>' };
  }
  if (data instanceof ArrayBuffer) return { bytes: new Uint8Array(data), name: name ?? '<buffer>' };
  if (data !== null && typeof data === 'object') return { text: stringify(data, 'input'), name: name ?? '<value>' };
  throw new EdcaError({
    code: 'input',
    message: 'expected a path, a Buffer or Uint8Array, a string of JSON, or an object or array',
    details: { type: data === null ? 'null' : typeof data },
  });
}

function stringify(value, option) {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text;
  } catch (error) {
    throw new EdcaError({ code: 'input', message: `${option}: ${error.message}`, details: { option, reason: error.message } });
  }
  throw new EdcaError({ code: 'input', message: `${option}: not JSON`, details: { option } });
}

/** An option given as a path (string) or a value (an object, sent as JSON text). */
function pathOrValue(value, option) {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') return { path: value };
  if (value instanceof URL) return { path: fileURLToPath(value) };
  return { text: stringify(value, option) };
}

function compileOptions(options = {}) {
  const schema = pathOrValue(options.schema, 'schema');
  return {
    versioned: options.versioned,
    linkedReleases: options.linkedReleases,
    schemaPath: schema.path,
    schemaText: schema.text,
    ocdsVersion: options.ocdsVersion,
    arrays: options.arrays,
    uri: options.uri,
    publishedDate: options.publishedDate,
    lang: options.lang,
  };
}

function validateOptions(options = {}) {
  const schema = pathOrValue(options.schema, 'schema');
  return { lang: options.lang, schemaPath: schema.path, schemaText: schema.text, examples: options.examples };
}

function indicesOptions(options = {}) {
  const config = pathOrValue(options.config, 'config');
  return { configPath: config.path, configText: config.text, lang: options.lang };
}

function prepareOptions(options = {}) {
  const settings = pathOrValue(options.settings, 'settings');
  return { settingsPath: settings.path, settingsText: settings.text, lang: options.lang };
}

function defaultWarning(warning) {
  process.emitWarning(warning.message, { type: 'EdcaWarning', code: warning.code, detail: warning.pointer });
}

/** The outcome of a native call as a value, or an `EdcaError` (with `results`: what was merged,
 * when some processes could not be). */
function settle(outcome, options = {}) {
  if (outcome.warnings) {
    const onWarning = options.onWarning ?? defaultWarning;
    for (const warning of JSON.parse(outcome.warnings)) onWarning(warning);
  }
  if (outcome.error) {
    const error = new EdcaError(JSON.parse(outcome.error));
    if (outcome.json != null) error.results = JSON.parse(outcome.json);
    throw error;
  }
  return JSON.parse(outcome.json);
}

/** The compile stream's batches (arrays of outputs), each parsed while the next is merged; a
 * run's failure is thrown after the batch it came with. Breaking out of the loop stops the merge. */
async function* batches(data, options) {
  const stream = native.openCompile(toInput(data, options?.name), compileOptions(options));
  try {
    for (;;) {
      const outcome = await stream.next();
      // The last batch may come with the run's failure: its processes are handed out first.
      const batch = settle({ ...outcome, error: null, json: outcome.json ?? 'null' }, options);
      if (batch) yield batch;
      if (outcome.error) settle({ error: outcome.error }, options);
      if (outcome.json == null) return;
    }
  } finally {
    stream.close();
  }
}

/** Collects the batches: parsing the result overlaps the merge (the one-shot `native.compile`
 * would parse it all at the end). Same results, warnings and errors. */
async function compile(data, options) {
  const results = [];
  try {
    for await (const batch of batches(data, options)) for (const output of batch) results.push(output);
  } catch (error) {
    // As the one-shot call: a run that lost data brings what was merged.
    if (error instanceof EdcaError && error.code === 'compile.incomplete') error.results = results;
    throw error;
  }
  return results;
}
function compileSync(data, options) {
  return settle(native.compileSync(toInput(data, options?.name), compileOptions(options)), options);
}
async function recordPackage(data, options) {
  return settle(await native.recordPackage(toInput(data, options?.name), compileOptions(options)), options);
}
function recordPackageSync(data, options) {
  return settle(native.recordPackageSync(toInput(data, options?.name), compileOptions(options)), options);
}

/** Compiled (or versioned) releases one at a time, as they are merged, for inputs too large to
 * hold every output at once. Breaking out of the loop stops the merge. */
async function* iterCompile(data, options) {
  for await (const batch of batches(data, options)) yield* batch;
}

async function validate(data, options) {
  return settle(await native.validate(toInput(data, options?.name), validateOptions(options)));
}
function validateSync(data, options) {
  return settle(native.validateSync(toInput(data, options?.name), validateOptions(options)));
}
async function indices(data, options) {
  return settle(await native.indices(toInput(data, options?.name), indicesOptions(options)));
}
function indicesSync(data, options) {
  return settle(native.indicesSync(toInput(data, options?.name), indicesOptions(options)));
}
async function prepare(data, options) {
  return settle(await native.prepare(toInput(data, options?.name), prepareOptions(options)));
}
function prepareSync(data, options) {
  return settle(native.prepareSync(toInput(data, options?.name), prepareOptions(options)));
}
async function stats(data, options) {
  return settle(await native.stats(toInput(data, options?.name), options?.lang));
}
function statsSync(data, options) {
  return settle(native.statsSync(toInput(data, options?.name), options?.lang));
}

function flattenOptions(options = {}) {
  return { headers: options.headers, compiled: options.compiled, lang: options.lang };
}
function unflattenOptions(options = {}) {
  return { package: options.package, utcOffset: options.utcOffset, keepParties: options.keepParties, lang: options.lang };
}
/** A spreadsheet's path: a string or a file: URL. */
function sheetPath(path) {
  if (path instanceof URL) return fileURLToPath(path);
  if (typeof path === 'string') return path;
  throw new EdcaError({ code: 'input', message: 'expected the path of a CSV folder or a workbook', details: { type: typeof path } });
}

/** `edca publish`'s options: `out` is required; `config` a path (TOML) or an object. */
function publishArgs(sources, options) {
  if (typeof options?.out !== 'string' && !(options?.out instanceof URL)) {
    throw new EdcaError({
      code: 'options',
      message: 'publish: options.out (la carpeta de publicación / the publication folder) is required',
      details: { option: 'out' },
    });
  }
  const list = (Array.isArray(sources) ? sources : [sources]).map((source, i) => toInput(source, `upload-${i + 1}.json`));
  const config = pathOrValue(options.config, 'config');
  const out = options.out instanceof URL ? fileURLToPath(options.out) : options.out;
  return [list, { out, configPath: config.path, configText: config.text, site: options.site, now: options.now, lang: options.lang }];
}
/** One run of `edca publish`: `sources` (paths, uploads as bytes or objects) into `options.out`. */
async function publish(sources, options) {
  return settle(await native.publish(...publishArgs(sources, options)));
}
function publishSync(sources, options) {
  return settle(native.publishSync(...publishArgs(sources, options)));
}

async function flatten(data, options) {
  return settle(await native.flatten(toInput(data, options?.name), flattenOptions(options)));
}
function flattenSync(data, options) {
  return settle(native.flattenSync(toInput(data, options?.name), flattenOptions(options)));
}
async function unflatten(path, options) {
  return settle(await native.unflatten(sheetPath(path), unflattenOptions(options)));
}
function unflattenSync(path, options) {
  return settle(native.unflattenSync(sheetPath(path), unflattenOptions(options)));
}

module.exports = {
  EdcaError,
  publish,
  publishSync,
  compile,
  compileSync,
  recordPackage,
  recordPackageSync,
  iterCompile,
  validate,
  validateSync,
  indices,
  indicesSync,
  prepare,
  prepareSync,
  stats,
  statsSync,
  flatten,
  flattenSync,
  unflatten,
  unflattenSync,
};
