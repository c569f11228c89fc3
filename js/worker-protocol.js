// The worker side of the analysis protocol, shared by the browser and Node workers. Each request
// {id, op, ...} gets one reply {id, result} or {id, error}; requests are handled in order.
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
    finish: () => session.finish(),
    text: ({ json }) => session.textReport(json),
    stats: () => session.stats(),
  };
  let queue = Promise.resolve();
  return (message) => {
    queue = queue.then(async () => {
      const { id, op } = message;
      try {
        if (!ops[op]) throw new Error(`unknown operation ${op}`);
        post({ id, result: (await ops[op](message)) ?? null });
      } catch (e) {
        post({ id, error: String(e?.message ?? e) });
      }
    });
  };
}
