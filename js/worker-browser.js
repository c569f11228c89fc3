// The engine's Web Worker in browsers. It fetches only the .wasm beside it (same origin), compiling
// it while it downloads (and from the browser's code cache when it has one).
import { createEngineDispatcher } from './worker-dispatcher.js';

const dispatch = createEngineDispatcher(
  async () => {
    const response = await fetch(new URL('../dist/zeekscope-engine.wasm', import.meta.url));
    if (!response.ok) throw new Error(`cannot load the engine (${response.status})`);
    if (response.headers.get('content-type') === 'application/wasm')
      return WebAssembly.compileStreaming(response);
    return new Uint8Array(await response.arrayBuffer()); // a server that does not say it is wasm
  },
  (reply, transfer) => self.postMessage(reply, transfer ?? []),
);
self.onmessage = (event) => dispatch(event.data);
