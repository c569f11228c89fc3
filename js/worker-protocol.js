// The worker side of the analysis protocol, shared by the browser and Node workers. Each request
// {id, op, ...} gets one reply {id, result} or {id, error}; requests are handled in order. The
// report comes back as byte pieces whose buffers are transferred, not copied.
import { EngineSession, loadEngine } from './engine.js';

export function serveEngine(loadWasmBytes, post) {
  let module = null;
  let session = null;
  const ops = {
    async init({ config }) {
      module ??= await loadEngine(await loadWasmBytes());
      session?.delete();
      session = new EngineSession(module, JSON.stringify(config ?? {}));
      return session.limits();
    },
    indicators: ({ bytes, name, format, whitelist }) =>
      session.addIndicators(new Uint8Array(bytes), name, format ?? '', !!whitelist),
    begin: ({ name }) => session.beginFile(name),
    chunk: ({ bytes }) => session.feed(new Uint8Array(bytes)),
    end: () => session.endFile(),
    fileError: ({ name, reason, limit }) => session.fileError(name, reason, limit ?? ''),
    exportState: () => session.exportState(),
    mergeState: ({ bytes }) => session.mergeState(new Uint8Array(bytes)),
    queries: () => session.nameserverQueries(),
    answers: ({ answers, failures }) => session.setNameservers(answers, failures),
    finish: () => {
      const pieces = session.finish();
      return { result: pieces, transfer: pieces.map((p) => p.buffer) };
    },
    text: ({ json }) => session.textReport(json),
    stats: () => session.stats(),
  };
  let queue = Promise.resolve();
  return (message) => {
    queue = queue.then(async () => {
      const { id, op } = message;
      try {
        if (!ops[op]) throw new Error(`unknown operation ${op}`);
        const value = await ops[op](message);
        if (op === 'finish') post({ id, result: value.result }, value.transfer);
        else post({ id, result: value ?? null });
      } catch (e) {
        post({ id, error: String(e?.message ?? e) });
      }
    });
  };
}
