// An engine "worker" on the calling thread: the same protocol and dispatcher as a worker, without
// a thread to start (about 45 ms in Node, much of the time a small capture takes). The engine then
// runs between the caller's own tasks, so this is for small inputs only.
/**
 * @param {() => Promise<Uint8Array>} loadWasmBytes  the engine's .wasm
 * @returns {import('./engine-client.js').WorkerPort}
 */
export function sameThreadPort(loadWasmBytes) {
  let deliver = () => {};
  let stopped = false;
  // Loaded on first use, so a caller that never asks for it does not load the engine's glue.
  const dispatcher = import('./worker-dispatcher.js').then(({ createEngineDispatcher }) =>
    createEngineDispatcher(loadWasmBytes, (reply) => {
      if (!stopped) deliver(reply);
    }),
  );
  return {
    // Requests keep their order: each waits for the same promise, in the order posted.
    postMessage: (message) => {
      if (!stopped) dispatcher.then((dispatch) => dispatch(message));
    },
    onMessage: (fn) => {
      deliver = fn;
    },
    onError: () => {}, // a failure is an error response, as in a worker
    terminate: () => {
      stopped = true;
    },
  };
}
