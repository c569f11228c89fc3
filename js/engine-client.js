// The client side of the engine protocol (js/protocol.js): one EngineClient per engine worker,
// on the thread that runs analyze(). Each method sends one request and resolves to its result.
import { RequestType, ResponseType } from './protocol.js';

/**
 * @typedef {object} WorkerPort  what a host gives for one engine worker
 * @property {(message: object, transfer: ArrayBuffer[]) => void} postMessage
 * @property {(fn: (response: import('./protocol.js').Response) => void) => void} onMessage
 * @property {(fn: (error: Error) => void) => void} onError
 * @property {() => void} terminate
 * @property {(stats: { wasmHeapBytes?: number }) => void} [release]  ends this client's use of a
 *   worker the host may keep for another (else the worker is terminated)
 */

// A rejection nobody may wait for (an analysis that stopped early) does not surface as unhandled.
function quiet(promise) {
  promise.catch(() => {});
  return promise;
}

export class EngineClient {
  /** @param {WorkerPort} port */
  constructor(port) {
    this.port = port;
    this.next = 1;
    this.pending = new Map();
    this.failed = null;
    this.closed = false;
    port.onMessage((response) => {
      const p = this.pending.get(response.id);
      if (!p) return;
      this.pending.delete(response.id);
      if (response.type === ResponseType.ERROR) p.reject(new Error(response.error));
      else p.resolve(response.result);
    });
    port.onError((error) => {
      if (this.closed) return; // the exit that terminate() asked for
      this.failed = error;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }

  /** @returns {Promise<import('./protocol.js').Limits>} */
  /** @param {WebAssembly.Module} [module]  the engine compiled by the host */
  init(config, module) {
    return this.send(RequestType.INIT, module ? { config, module } : { config });
  }

  /**
   * @param {{ bytes: Uint8Array, name: string, format?: string, whitelist: boolean, demo?: boolean }} source
   */
  addIndicators({ bytes, name, format, whitelist, demo = false, date = '', licence = '' }) {
    const own =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    return this.send(
      RequestType.ADD_INDICATORS,
      { bytes: own.buffer, name, format, whitelist, demo, date, licence },
      [own.buffer],
    );
  }

  beginFile(name) {
    return this.send(RequestType.BEGIN_FILE, { name });
  }

  /** @param {Uint8Array} header  the file's leading header lines (copied) */
  beginFilePart(name, header) {
    const bytes = header.slice().buffer;
    return this.send(RequestType.BEGIN_FILE_PART, { name, bytes }, [bytes]);
  }

  /** @returns {Promise<import('./protocol.js').PartsInfo>} */
  filePartsInfo() {
    return this.send(RequestType.FILE_PARTS_INFO);
  }

  /** @param {ArrayBuffer} bytes  transferred */
  feedChunk(bytes) {
    return this.send(RequestType.FEED_CHUNK, { bytes }, [bytes]);
  }

  endFile() {
    return this.send(RequestType.END_FILE);
  }

  fileError(name, reason, limit = '') {
    return this.send(RequestType.FILE_ERROR, { name, reason, limit });
  }

  /** @returns {Promise<Uint8Array>} */
  exportState() {
    return this.send(RequestType.EXPORT_STATE);
  }

  /** @param {Uint8Array} state  its buffer is transferred */
  mergeState(state) {
    return this.send(RequestType.MERGE_STATE, { bytes: state.buffer }, [state.buffer]);
  }

  /** @returns {Promise<string[]>} */
  nameserverQueries() {
    return this.send(RequestType.NAMESERVER_QUERIES);
  }

  setNameservers(answers, failures) {
    return this.send(RequestType.SET_NAMESERVERS, { answers, failures });
  }

  /** @returns {Promise<Uint8Array[]>} the report's UTF-8 JSON, in pieces */
  finish() {
    return this.send(RequestType.FINISH);
  }

  /** @returns {Promise<string>} */
  textReport(json) {
    return this.send(RequestType.TEXT_REPORT, { json });
  }

  /** @returns {Promise<import('./protocol.js').EngineStats>} */
  stats() {
    return this.send(RequestType.STATS);
  }

  // ---- reports to hand over ----

  digestBegin(module) {
    return this.send(RequestType.DIGEST_BEGIN, module ? { module } : {});
  }

  digestChunk(bytes) {
    return this.send(RequestType.DIGEST_CHUNK, { bytes }, [bytes]);
  }

  digestEnd() {
    return this.send(RequestType.DIGEST_END);
  }

  exportReport(json, { redact = false, caseFile = false, inputs, created, module } = {}) {
    const fields = { json, redact, caseFile, inputs, created };
    return this.send(RequestType.EXPORT_REPORT, module ? { ...fields, module } : fields);
  }

  // ---- `zeekscope logs` ----

  /** @returns {Promise<import('./protocol.js').Limits>} */
  logsBegin({ format = 'tsv', verifyChecksums = false, module } = {}) {
    return this.send(
      RequestType.LOGS_BEGIN,
      module ? { format, verifyChecksums, module } : { format, verifyChecksums },
    );
  }

  /** @param {Uint8Array} head  the file's first bytes (copied) @returns {Promise<boolean>} */
  logsLooksLikeCapture(head) {
    return this.send(RequestType.LOGS_LOOKS_LIKE_CAPTURE, { bytes: head.slice().buffer });
  }

  logsBeginFile(name) {
    return this.send(RequestType.LOGS_BEGIN_FILE, { name });
  }

  /** @param {ArrayBuffer} bytes  transferred */
  logsFeed(bytes) {
    return this.send(RequestType.LOGS_FEED, { bytes }, [bytes]);
  }

  /** @returns {Promise<import('./protocol.js').CaptureOutcome>} */
  logsEndFile(readError = '') {
    return this.send(RequestType.LOGS_END_FILE, { readError });
  }

  /** @returns {Promise<import('./protocol.js').ZeekLog[]>} */
  logsFinish() {
    return this.send(RequestType.LOGS_FINISH);
  }

  // One request: { id, type, ...fields }, answered by the response with the same id.
  send(type, fields = {}, transfer = []) {
    if (this.failed) return quiet(Promise.reject(this.failed));
    if (this.closed) return quiet(Promise.reject(new Error('the analysis stopped')));
    const id = this.next++;
    const promise = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage({ id, type, ...fields }, transfer);
    });
    // Requests still in flight when an analysis stops early are rejected; the caller has
    // already left.
    return quiet(promise);
  }

  // The analysis is over: the host may keep the worker, with its engine loaded, for the next.
  /** @param {{ wasmHeapBytes?: number }} [stats]  the engine's, for the host to judge */
  release(stats = {}) {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error('the analysis stopped'));
    this.pending.clear();
    if (this.port.release) this.port.release(stats);
    else this.port.terminate();
  }

  terminate() {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error('the analysis stopped'));
    this.pending.clear();
    this.port.terminate();
  }
}
