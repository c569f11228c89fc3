// The engine's worker thread under Node.
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { serveEngine } from './worker-protocol.js';

const handle = serveEngine(
  () => readFile(new URL('../dist/zeekscope-engine.wasm', import.meta.url)),
  (reply, transfer) => parentPort.postMessage(reply, transfer),
);
parentPort.on('message', handle);
