'use strict';
// An open-contracting portal on node:http and edca, Spanish by default (`?lang=en` or an
// `Accept-Language` that starts with `en` for English):
//   POST /validate          the validation report of an uploaded package (413 past the limit,
//                           400 with the position when it is not JSON)
//   GET  /records/:ocid     a record of the record package compiled at start from the sample data
//   GET  /indices?level=L   the indices of the sample data at one level (buyer, supplier, ...)
//   POST /publish           an uploaded package or JSON lines into the inbox, then a run of
//                           `edca publish` over the inbox (its summary; 400 when not readable)
// The work is edca's and runs off the event loop, so one large upload does not hold up the
// other visitors.
const http = require('node:http');
const path = require('node:path');
const os = require('node:os');
const { createHash } = require('node:crypto');
const { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const edca = require('edca');

const SAMPLE = path.resolve(__dirname, '..', 'data');
const MAX_UPLOAD = 8 * 1024 * 1024;

const TEXT = {
  es: {
    notFound: 'No existe esa ruta.',
    method: 'Método no permitido.',
    noRecord: (ocid) => `No hay un registro con el ocid ${ocid}.`,
    tooLarge: (limit) => `El archivo supera el límite de ${limit} bytes.`,
    notJson: (line, column) => `El archivo no es JSON válido (línea ${line}, columna ${column}).`,
    level: (levels) => `Nivel desconocido; use uno de: ${levels}.`,
    internal: 'Error interno.',
    starting: 'El portal aún está cargando los datos.',
    unreadable: 'El archivo no se puede leer como datos de contrataciones.',
  },
  en: {
    notFound: 'No such route.',
    method: 'Method not allowed.',
    noRecord: (ocid) => `No record has the ocid ${ocid}.`,
    tooLarge: (limit) => `The upload is larger than the limit of ${limit} bytes.`,
    notJson: (line, column) => `The upload is not valid JSON (line ${line}, column ${column}).`,
    level: (levels) => `Unknown level; use one of: ${levels}.`,
    internal: 'Internal error.',
    starting: 'The portal is still loading its data.',
    unreadable: 'The upload cannot be read as contracting data.',
  },
};

/** Index levels: the member of each family's report, and Cardinal's group for it. */
const LEVELS = {
  dataset: null,
  process: 'OCID',
  buyer: 'Buyer',
  procuringEntity: 'ProcuringEntity',
  supplier: null,
  project: null,
  buyerSupplier: null,
  buyerYearChapter: null,
};

/** The sample data's files as one stream of concatenated JSON values (edca reads that). */
function sampleBytes(dir) {
  const files = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) {
        if (name !== 'inputs') walk(file);
      } else if (/\.(json|jsonl)$/.test(name)) files.push(file);
    }
  };
  walk(dir);
  return Buffer.concat(files.flatMap((file) => [readFileSync(file), Buffer.from('\n')]));
}

/** What the portal serves, computed at start. */
async function load(dir) {
  const bytes = sampleBytes(dir);
  const [pkg, indices] = await Promise.all([
    edca.recordPackage(bytes, { name: 'sample', onWarning() {} }),
    edca.indices(bytes, { name: 'sample' }),
  ]);
  return { records: new Map(pkg.records.map((record) => [record.ocid, record])), indices };
}

function language(url, req) {
  const asked = url.searchParams.get('lang') ?? (req.headers['accept-language'] ?? '').slice(0, 2);
  return asked === 'en' ? 'en' : 'es';
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function fail(res, status, code, message, details) {
  send(res, status, { error: { code, message, ...(details ? { details } : {}) } });
}

/** The request body, or null once a 413 was sent. */
function body(req, res, limit, t) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooLarge = () => {
      res.setHeader('connection', 'close');
      fail(res, 413, 'upload.too_large', t.tooLarge(limit), { limit });
      req.resume();
      resolve(null);
    };
    if (declared > limit) return tooLarge();
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => over || resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The invalid-JSON finding of a report, if the upload was not JSON. */
function invalidJson(report) {
  const group = report.input.find((g) => g.code === 'input.invalid_json');
  return group ? group.examples[0] ?? {} : null;
}

async function validate(req, res, t, lang, options) {
  const upload = await body(req, res, options.maxUpload, t);
  if (upload === null) return;
  const report = await edca.validate(upload, { lang, name: 'upload.json' });
  const broken = invalidJson(report);
  if (broken) {
    const { line = 0, column = 0, pointer = '' } = broken;
    return fail(res, 400, 'upload.invalid_json', t.notJson(line, column), { line, column, pointer, report });
  }
  send(res, 200, report);
}

/** Publication: uploads kept in `DIR/inbox` (one file per distinct upload), published into
 * `DIR/out` (readers use `DIR/out/current`); one run at a time. */
function publisher(dir) {
  const inbox = path.join(dir, 'inbox');
  let queue = Promise.resolve();
  return async function publishUpload(upload, lang) {
    // Read first: a file that cannot be read must not enter the inbox (it would stop every run).
    const stats = await edca.stats(upload, { name: 'upload.json', lang });
    mkdirSync(inbox, { recursive: true });
    const name = `upload-${createHash('sha256').update(upload).digest('hex').slice(0, 16)}.json`;
    writeFileSync(path.join(inbox, name), upload);
    const run = queue.then(() => edca.publish([inbox], { out: path.join(dir, 'out'), lang }));
    queue = run.catch(() => {});
    return { upload: name, stats, summary: await run };
  };
}

async function publishRoute(req, res, t, lang, options) {
  const upload = await body(req, res, options.maxUpload, t);
  if (upload === null) return;
  try {
    send(res, 200, await options.publish(upload, lang));
  } catch (error) {
    if (!(error instanceof edca.EdcaError)) throw error;
    fail(res, 400, error.code, `${t.unreadable} ${error.message}`, error.details);
  }
}

function indicesAt(report, level) {
  const out = { meta: report.meta };
  for (const [family, value] of Object.entries(report)) {
    if (family === 'meta' || family === 'coverage' || !value || typeof value !== 'object') continue;
    if (family === 'cardinal') {
      if (LEVELS[level] && value[LEVELS[level]]) out.cardinal = value[LEVELS[level]];
    } else if (level in value) {
      out[family] = value[level];
    }
  }
  return out;
}

/** The portal: `listen` it; `ready` settles once the sample data is compiled. */
function createPortal(options = {}) {
  const publishDir = options.publishDir ?? process.env.PORTAL_PUBLISH_DIR ?? path.join(os.tmpdir(), 'edca-portal');
  const settings = { data: options.data ?? SAMPLE, maxUpload: options.maxUpload ?? MAX_UPLOAD, publish: publisher(publishDir) };
  let state = null;
  const ready = load(settings.data).then((loaded) => {
    state = loaded;
  });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://portal');
    const lang = language(url, req);
    const t = TEXT[lang];
    const route = async () => {
      if (url.pathname === '/validate') {
        if (req.method !== 'POST') return fail(res, 405, 'http.method', t.method);
        return validate(req, res, t, lang, settings);
      }
      if (url.pathname === '/publish') {
        if (req.method !== 'POST') return fail(res, 405, 'http.method', t.method);
        return publishRoute(req, res, t, lang, settings);
      }
      if (req.method !== 'GET') return fail(res, url.pathname.startsWith('/records/') || url.pathname === '/indices' ? 405 : 404, 'http.method', t.method);
      if (!state) return fail(res, 503, 'portal.starting', t.starting);
      if (url.pathname.startsWith('/records/')) {
        const ocid = decodeURIComponent(url.pathname.slice('/records/'.length));
        const record = state.records.get(ocid);
        return record ? send(res, 200, record) : fail(res, 404, 'record.not_found', t.noRecord(ocid), { ocid });
      }
      if (url.pathname === '/indices') {
        const level = url.searchParams.get('level') ?? 'dataset';
        if (!(level in LEVELS)) return fail(res, 400, 'indices.level', t.level(Object.keys(LEVELS).join(', ')), { level });
        return send(res, 200, indicesAt(state.indices, level));
      }
      return fail(res, 404, 'http.not_found', t.notFound);
    };
    route().catch((error) => {
      // An EdcaError is about the request's data; anything else is ours.
      if (error instanceof edca.EdcaError) return fail(res, 400, error.code, error.message, error.details);
      if (!res.headersSent) fail(res, 500, 'internal', t.internal);
    });
  });
  return { server, ready };
}

module.exports = { createPortal, sampleBytes };

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080);
  const { server, ready } = createPortal();
  ready.then(() => {
    server.listen(port, '127.0.0.1', () => console.log(`portal en http://127.0.0.1:${port}`));
  }, (error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
