'use strict';
// A molecule verifier over the remote verifier protocol (docs/remote-verifier-protocol.md).
// Token batches are decoded with the request's vocabulary into SMILES and scored with RDKit by
// options.property: validity (1 valid, 0 invalid), logp (Crippen), tpsa, weight (average mass).
//
//   node server.js --host 127.0.0.1 --port 5006     (or HOST / PORT; port 0 picks a free one)
//
// The first line on stdout is "listening on http://HOST:PORT", so a caller can read the port.

const http = require('node:http');
const { encode, decode } = require('@msgpack/msgpack');
const initRDKitModule = require('@rdkit/rdkit');

const MAX_BODY_BYTES = 64 * 1024 * 1024;

// Descriptor names are those of RDKit's get_descriptors().
const DESCRIPTORS = { logp: 'CrippenClogP', tpsa: 'tpsa', weight: 'amw' };
const PROPERTIES = ['validity', ...Object.keys(DESCRIPTORS)];

/** A request the service refuses; status says whether retrying could help (see the protocol). */
class RequestError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function settings(argv, env) {
  const named = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(host|port)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unknown argument '${argv[i]}' (use --host HOST --port PORT)`);
    named[match[1]] = match[2] ?? argv[++i];
  }
  const host = named.host ?? env.HOST ?? '127.0.0.1';
  const port = Number(named.port ?? env.PORT ?? 5006);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port '${named.port ?? env.PORT}' is not a port number`);
  return { host, port };
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let length = 0;
    // A body past the limit is read to its end but not kept, so the 413 reaches the client.
    request.on('data', chunk => {
      length += chunk.length;
      if (length <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (length > MAX_BODY_BYTES) reject(new RequestError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`));
      else resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

/** The request's sequences as SMILES strings, one per row. */
function decodeSmiles(body) {
  let request;
  try {
    request = decode(body);
  } catch (error) {
    throw new RequestError(400, `not a MessagePack request: ${error.message}`);
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) throw new RequestError(400, 'the request is not a map');
  const { shape, dtype, data, vocabulary } = request;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every(d => Number.isInteger(d) && d >= 0))
    throw new RequestError(400, 'shape must be a list of sizes, starting with the number of rows');
  if (dtype !== 'int64')
    throw new RequestError(422, `the molecule verifier scores token sequences (dtype int64), not ${JSON.stringify(dtype)}`);
  if (!(data instanceof Uint8Array)) throw new RequestError(400, 'data must be bytes');
  if (!Array.isArray(vocabulary) || !vocabulary.every(t => typeof t === 'string'))
    throw new RequestError(400, 'token batches need a vocabulary (token id -> text) to be decoded into SMILES');
  const rows = shape[0];
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  if (data.byteLength !== rows * rowSize * 8)
    throw new RequestError(400, `${data.byteLength} bytes of data do not hold shape [${shape.join(', ')}] of int64`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const smiles = [];
  for (let row = 0; row < rows; row++) {
    let text = '';
    for (let j = 0; j < rowSize; j++) {
      const id = Number(view.getBigInt64((row * rowSize + j) * 8, true));
      if (id < 0 || id >= vocabulary.length)
        throw new RequestError(400, `token id ${id} in row ${row} is outside the vocabulary of ${vocabulary.length} tokens`);
      text += vocabulary[id];
    }
    smiles.push(text);
  }
  const options = request.options ?? {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new RequestError(400, 'options must be a map of strings');
  return { smiles, options };
}

/** A function from SMILES to score, as options.property and options.invalidScore say. */
function scorer(rdkit, options) {
  const property = options.property;
  if (!PROPERTIES.includes(property))
    throw new RequestError(400, `options.property must be one of ${PROPERTIES.join(', ')}; got ${JSON.stringify(property)}`);
  let invalidScore = NaN;
  if (options.invalidScore !== undefined && options.invalidScore !== null) {
    invalidScore = Number(options.invalidScore);
    if (String(options.invalidScore).trim() === '' || Number.isNaN(invalidScore))
      throw new RequestError(400, `options.invalidScore '${options.invalidScore}' is not a number`);
  }
  return smiles => {
    const molecule = parse(rdkit, smiles);
    if (property === 'validity') {
      if (molecule) molecule.delete();
      return molecule ? 1 : 0;
    }
    if (!molecule) return invalidScore;
    try {
      return JSON.parse(molecule.get_descriptors())[DESCRIPTORS[property]];
    } finally {
      molecule.delete();
    }
  };
}

/** The molecule, or null for invalid SMILES; RDKit reads "" as an empty molecule, which is no molecule. */
function parse(rdkit, smiles) {
  if (smiles.length === 0) return null;
  let molecule = null;
  try {
    molecule = rdkit.get_mol(smiles);
  } catch {
    return null;
  }
  if (molecule && !molecule.is_valid()) {
    molecule.delete();
    return null;
  }
  return molecule;
}

async function score(rdkit, request, response) {
  const { smiles, options } = decodeSmiles(await readBody(request));
  const scoreOf = scorer(rdkit, options);
  const seen = new Map();
  const scores = smiles.map(s => {
    if (!seen.has(s)) seen.set(s, scoreOf(s));
    return seen.get(s);
  });
  const body = encode({ scores }, { forceIntegerToFloat: true });
  response.writeHead(200, { 'content-type': 'application/msgpack', 'content-length': body.byteLength });
  response.end(body);
}

function fail(response, status, message) {
  if (response.headersSent) return response.destroy();
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(message);
}

async function handle(rdkit, request, response) {
  const path = new URL(request.url, 'http://localhost').pathname;
  try {
    if (path === '/health' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`ok: molecule verifier, RDKit ${rdkit.version()}`);
    } else if (path === '/score' && request.method === 'POST') {
      await score(rdkit, request, response);
    } else if (path === '/score' || path === '/health') {
      fail(response, 405, `${request.method} is not allowed on ${path}`);
    } else {
      fail(response, 404, `no ${path} here: POST /score or GET /health`);
    }
  } catch (error) {
    if (error instanceof RequestError) fail(response, error.status, error.message);
    else fail(response, 500, `molecule verifier failed: ${error.message}`);
  }
}

async function main() {
  const { host, port } = settings(process.argv.slice(2), process.env);
  const rdkit = await initRDKitModule();
  const server = http.createServer((request, response) => handle(rdkit, request, response));
  server.on('error', error => {
    console.error(`molecule verifier: ${error.message}`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const address = server.address();
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    console.log(`listening on http://${shown}:${address.port}`);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
}

main().catch(error => {
  console.error(`molecule verifier: ${error.message}`);
  process.exit(1);
});
