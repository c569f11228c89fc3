// The wasm engine behind a small class: bytes cross into wasm memory once per call, and core
// errors come back as Error objects with the core's message. Used inside the workers.
import createZeekscopeEngine from '../dist/zeekscope-engine.js';
import { VERSION } from '../dist/version.js'; // package.json's, written at build time

export { VERSION };

// The engine from its .wasm bytes, or from a WebAssembly.Module compiled elsewhere (once for
// several workers). module.startup holds the seconds spent compiling and instantiating.
export async function loadEngine(wasm) {
  const t0 = performance.now();
  const compiled = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
  const t1 = performance.now();
  const module = await new Promise((resolve, reject) => {
    createZeekscopeEngine({
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(compiled, imports).then(
          (instance) => receiveInstance(instance, compiled),
          reject,
        );
        return {};
      },
    }).then(resolve, reject);
  });
  module.startup = { compile: (t1 - t0) / 1000, instantiate: (performance.now() - t1) / 1000 };
  return module;
}

export class EngineSession {
  constructor(module, configJson) {
    this.module = module;
    this.session = new module.Session(configJson, VERSION);
    this.check(true);
  }

  check(ok) {
    const error = this.session.lastError();
    if (!ok || error) throw new Error(error || 'the engine failed');
  }

  copyIn(bytes) {
    const ptr = this.session.inputBuffer(bytes.length);
    if (!ptr) this.check(false);
    this.module.HEAPU8.set(bytes, ptr); // HEAPU8 is read after inputBuffer: memory may have grown
    return bytes.length;
  }

  // role: 'indicators' | 'whitelist' | 'demo' (protocol.js indicatorRole); date and licence:
  // what the host knows of the source ('' when nothing).
  addIndicators(bytes, name, format = '', role = 'indicators', { date = '', licence = '' } = {}) {
    const result = this.session.addIndicators(this.copyIn(bytes), name, format, role, date, licence);
    this.check(true);
    return JSON.parse(result); // { format, error, loaded, skipped }
  }

  beginFile(name) {
    this.check(this.session.beginFile(name));
  }
  beginFilePart(name, header) {
    this.check(this.session.beginFilePart(name, this.copyIn(header)));
  }
  filePartsInfo() {
    return JSON.parse(this.session.filePartsInfo());
  }
  feed(bytes) {
    if (bytes.length) this.check(this.session.feed(this.copyIn(bytes)));
  }
  endFile() {
    this.check(this.session.endFile());
  }
  fileError(name, reason, limit = '') {
    this.check(this.session.fileError(name, reason, limit));
  }

  // The effective resource limits of the configuration (see the README).
  limits() {
    return JSON.parse(this.session.limits());
  }

  exportState() {
    const size = this.session.exportState();
    this.check(true);
    const ptr = this.session.stateBuffer();
    return this.module.HEAPU8.slice(ptr, ptr + size); // a copy the caller can transfer
  }

  mergeState(bytes) {
    this.check(this.session.mergeState(this.copyIn(bytes)));
  }

  nameserverQueries() {
    const json = this.session.nameserverQueries();
    this.check(true);
    return JSON.parse(json);
  }

  setNameservers(answers, failures) {
    this.check(this.session.setNameservers(JSON.stringify(answers), JSON.stringify(failures)));
  }

  // The report arrives in pieces (copied out of wasm memory at once), so the engine never holds
  // the whole text; the pieces' buffers can be handed to another thread without a copy.
  finish() {
    const pieces = [];
    const ok = this.session.finish((piece) => pieces.push(piece.slice()));
    this.check(ok);
    return pieces;
  }

  textReport(json) {
    return this.module.textReport(json);
  }

  // Where the time went, and the wasm heap's size (it only grows: this is its peak).
  stats() {
    return { timings: JSON.parse(this.session.timings()), wasmHeapBytes: this.module.HEAPU8.length };
  }

  delete() {
    this.session.delete();
  }
}

// A report to hand over (core/report/case_file.h, redact.h): facts added, redacted if asked,
// and the case file's HTML when asked. options: { redact, caseFile, inputs: [{ name, sha256 }],
// created }.
export function exportReport(module, json, { redact = false, caseFile = false, inputs, created } = {}) {
  const facts = caseFile ? { inputs: inputs ?? [], created: created ?? '' } : {};
  const out = module.exportReport(json, JSON.stringify({ redact, caseFile, ...facts }));
  if (out.startsWith('!')) throw new Error(out.slice(1));
  const cut = out.indexOf('\0'); // JSON text never holds a raw NUL
  return cut < 0 ? { json: out, html: '' } : { json: out.slice(0, cut), html: out.slice(cut + 1) };
}

// The SHA-256 of one file's bytes, fed in pieces (copied into the engine's buffer at once, as the
// session's input is).
export class EngineDigest {
  constructor(module) {
    this.module = module;
    this.digest = new module.InputDigest();
  }

  update(bytes) {
    const ptr = this.digest.inputBuffer(bytes.length);
    if (!ptr && bytes.length) throw new Error(`out of memory for ${bytes.length} bytes`);
    this.module.HEAPU8.set(bytes, ptr); // HEAPU8 is read after inputBuffer: memory may have grown
    this.digest.update(bytes.length);
  }

  hex() {
    const hex = this.digest.hex();
    this.digest.delete();
    return hex;
  }
}

// `zeekscope logs` on the engine: captures fed file by file, then the Zeek logs
// (log_writer::CaptureLogs in the core).
export class EngineCaptureLogs {
  /** @param {{ format?: 'tsv' | 'json', verifyChecksums?: boolean }} options */
  constructor(module, { format = 'tsv', verifyChecksums = false } = {}) {
    this.module = module;
    this.logs = new module.CaptureLogs(format, verifyChecksums);
    this.check(true);
  }

  check(ok) {
    const error = this.logs.lastError();
    if (!ok || error) throw new Error(error || 'the engine failed');
  }

  copyIn(bytes) {
    const ptr = this.logs.inputBuffer(bytes.length);
    if (!ptr) this.check(false);
    this.module.HEAPU8.set(bytes, ptr);
    return bytes.length;
  }

  // The default limits (the gzip ratio guard's max_gzip_ratio).
  limits() {
    return JSON.parse(this.logs.limits());
  }

  // Whether bytes that begin so are a pcap or pcapng capture (4 bytes are enough).
  looksLikeCapture(head) {
    return this.logs.looksLikeCapture(this.copyIn(head));
  }

  beginFile(name) {
    this.check(this.logs.beginFile(name));
  }
  feed(bytes) {
    if (bytes.length) this.check(this.logs.feed(this.copyIn(bytes)));
  }
  // @returns {{ read: boolean, packets: number, connections: number, messages: string[] }}
  endFile(readError = '') {
    const json = this.logs.endFile(readError);
    this.check(true);
    return JSON.parse(json);
  }

  // The logs with rows, in the order conn, dns, ssl, x509, http: [{ name, rows, bytes }] (copies).
  finish() {
    const logs = [];
    const ok = this.logs.finish((name, rows, bytes) => logs.push({ name, rows, bytes: bytes.slice() }));
    this.check(ok);
    return logs;
  }

  delete() {
    this.logs.delete();
  }
}
