// The engine's Web Worker in browsers. It fetches only the .wasm beside it (same origin).
import { createEngineDispatcher } from './worker-dispatcher.js';

const dispatch = createEngineDispatcher(
  async () => {
    const response = await fetch(new URL('../dist/zeekscope-engine.wasm', import.meta.url));
    if (!response.ok) throw new Error(`cannot load the engine (${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  },
  (reply, transfer) => self.postMessage(reply, transfer ?? []),
);
self.onmessage = (event) => dispatch(event.data);
