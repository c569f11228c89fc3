// The engine's Web Worker in browsers. It fetches only the .wasm beside it (same origin).
import { serveEngine } from './worker-protocol.js';

const handle = serveEngine(
  async () => {
    const response = await fetch(new URL('../dist/zeekscope-engine.wasm', import.meta.url));
    if (!response.ok) throw new Error(`cannot load the engine (${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  },
  (reply, transfer) => self.postMessage(reply, transfer ?? []),
);
self.onmessage = (event) => handle(event.data);
