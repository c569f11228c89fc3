// The dispatcher side of the engine protocol (js/protocol.js), shared by the browser and Node
// workers: runs each request on the wasm engine, in the order received, and posts one response.
// The report comes back as byte pieces whose buffers are transferred, not copied.
import { EngineCaptureLogs, EngineDigest, EngineSession, exportReport, loadEngine } from './engine.js';
import { RequestType, ResponseType, indicatorRole, isRequestType } from './protocol.js';

// A handler returns the result, or { result, transfer } with TRANSFERS set for its type.
const TRANSFERS = new Set([RequestType.FINISH, RequestType.LOGS_FINISH]);

/**
 * @param {() => Promise<Uint8Array | WebAssembly.Module>} loadWasm  the engine's .wasm, as bytes or
 *   compiled
 * @param {(response: import('./protocol.js').Response, transfer?: ArrayBuffer[]) => void} post
 * @returns {(request: import('./protocol.js').Request & { id: number }) => void}
 */
export function createEngineDispatcher(loadWasm, post) {
  let module = null;
  let session = null;
  let logs = null;
  let digest = null;
  // Seconds this worker spent getting the engine ready (zero once it is loaded): EngineStats.
  let startup = null;
  // The engine, loaded on first use from the compiled module the client sent, else from loadWasm
  // (its bytes, or a module it compiled as it read them: that time counts as compiling).
  async function ensureModule(compiled) {
    startup = { read: 0, compile: 0, instantiate: 0 };
    if (module) return;
    const t = performance.now();
    const wasm = compiled ?? (await loadWasm());
    const loaded = compiled ? 0 : (performance.now() - t) / 1000;
    module = await loadEngine(wasm);
    Object.assign(startup, module.startup);
    if (wasm instanceof WebAssembly.Module) startup.compile += loaded;
    else startup.read = loaded;
  }
  const handlers = {
    async [RequestType.INIT]({ config, module: compiled }) {
      await ensureModule(compiled);
      session?.delete();
      session = new EngineSession(module, JSON.stringify(config ?? {}));
      return session.limits();
    },
    [RequestType.ADD_INDICATORS]: ({ bytes, name, format, whitelist, demo, date, licence }) =>
      session.addIndicators(new Uint8Array(bytes), name, format ?? '', indicatorRole({ whitelist, demo }), {
        date: date ?? '',
        licence: licence ?? '',
      }),
    [RequestType.BEGIN_FILE]: ({ name }) => session.beginFile(name),
    [RequestType.BEGIN_FILE_PART]: ({ name, bytes }) => session.beginFilePart(name, new Uint8Array(bytes)),
    [RequestType.FILE_PARTS_INFO]: () => session.filePartsInfo(),
    [RequestType.FEED_CHUNK]: ({ bytes }) => session.feed(new Uint8Array(bytes)),
    [RequestType.END_FILE]: () => session.endFile(),
    [RequestType.FILE_ERROR]: ({ name, reason, limit }) => session.fileError(name, reason, limit ?? ''),
    [RequestType.EXPORT_STATE]: () => session.exportState(),
    [RequestType.MERGE_STATE]: ({ bytes }) => session.mergeState(new Uint8Array(bytes)),
    [RequestType.NAMESERVER_QUERIES]: () => session.nameserverQueries(),
    [RequestType.SET_NAMESERVERS]: ({ answers, failures }) => session.setNameservers(answers, failures),
    [RequestType.FINISH]: () => {
      const pieces = session.finish();
      return { result: pieces, transfer: pieces.map((p) => p.buffer) };
    },
    [RequestType.TEXT_REPORT]: ({ json }) => session.textReport(json),
    [RequestType.STATS]: () => ({ ...session.stats(), startup }),
    async [RequestType.DIGEST_BEGIN]({ module: compiled }) {
      if (!module) await ensureModule(compiled);
      digest?.hex(); // one left unfinished (a cancelled export) is let go
      digest = new EngineDigest(module);
    },
    [RequestType.DIGEST_CHUNK]: ({ bytes }) => digest.update(new Uint8Array(bytes)),
    [RequestType.DIGEST_END]() {
      const hex = digest.hex();
      digest = null;
      return hex;
    },
    async [RequestType.EXPORT_REPORT]({ json, redact, inputs, created, caseFile, module: compiled }) {
      if (!module) await ensureModule(compiled);
      const out = exportReport(module, json, { redact, inputs, created, caseFile });
      return { ...out, wasmHeapBytes: module.HEAPU8.length };
    },
    async [RequestType.LOGS_BEGIN]({ format, verifyChecksums, module: compiled }) {
      await ensureModule(compiled);
      logs?.delete();
      logs = new EngineCaptureLogs(module, { format, verifyChecksums: verifyChecksums === true });
      return logs.limits();
    },
    [RequestType.LOGS_LOOKS_LIKE_CAPTURE]: ({ bytes }) => logs.looksLikeCapture(new Uint8Array(bytes)),
    [RequestType.LOGS_BEGIN_FILE]: ({ name }) => logs.beginFile(name),
    [RequestType.LOGS_FEED]: ({ bytes }) => logs.feed(new Uint8Array(bytes)),
    [RequestType.LOGS_END_FILE]: ({ readError }) => logs.endFile(readError ?? ''),
    [RequestType.LOGS_FINISH]: () => {
      const files = logs.finish();
      return { result: files, transfer: files.map((f) => f.bytes.buffer) };
    },
  };
  let queue = Promise.resolve();
  return (request) => {
    queue = queue.then(async () => {
      const { id, type } = request;
      try {
        if (!isRequestType(type)) throw new Error(`unknown request type ${type}`);
        const value = await handlers[type](request);
        if (TRANSFERS.has(type))
          post({ id, type: ResponseType.RESULT, result: value.result }, value.transfer);
        else post({ id, type: ResponseType.RESULT, result: value ?? null });
      } catch (e) {
        post({ id, type: ResponseType.ERROR, error: String(e?.message ?? e) });
      }
    });
  };
}
