// The engine's worker thread under Node.
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { createEngineDispatcher } from './worker-dispatcher.js';

const dispatch = createEngineDispatcher(
  () => readFile(new URL('../dist/zeekscope-engine.wasm', import.meta.url)),
  (reply, transfer) => parentPort.postMessage(reply, transfer),
);
parentPort.on('message', dispatch);
