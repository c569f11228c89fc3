// The browser's side of analyze(): a module Web Worker, File objects, DecompressionStream.
import { fromWebStream } from './streams.js';
import { RequestType, indicatorSourceOf } from './protocol.js';

// A File is read in slices of this size, the next slice's read in flight while the engine takes
// the last: each slice is a buffer of its own, handed to the worker whole, where File.stream()
// gives pieces of 64 KiB that the main thread first copies together.
const SLICE_BYTES = 4 << 20;

async function* fileSlices(file) {
  let next = file.size > 0 ? file.slice(0, SLICE_BYTES).arrayBuffer() : null;
  try {
    for (let at = SLICE_BYTES; next; at += SLICE_BYTES) {
      const bytes = await next;
      next = at < file.size ? file.slice(at, at + SLICE_BYTES).arrayBuffer() : null;
      yield new Uint8Array(bytes);
    }
  } finally {
    next?.catch(() => {}); // a read still in flight when the reading stops early
  }
}

// Engine workers kept between checks, their engine loaded and its code warm: a check on a loaded
// page starts at once. A worker whose wasm heap grew past KEEP_HEAP_BYTES is let go (wasm memory
// never shrinks).
const idleWorkers = [];
const MAX_IDLE_WORKERS = 1;
const KEEP_HEAP_BYTES = 256 << 20;

function newWorker() {
  return new Worker(new URL('./worker-browser.js', import.meta.url), { type: 'module' });
}

// One client's use of a worker: its listeners are removed when the client lets the worker go.
function workerPort(worker) {
  let deliver = null;
  let fail = null;
  const message = (e) => deliver?.(e.data);
  const error = (e) => fail?.(new Error(e.message || 'the engine worker failed'));
  worker.addEventListener('message', message);
  worker.addEventListener('error', error);
  const detach = () => {
    worker.removeEventListener('message', message);
    worker.removeEventListener('error', error);
  };
  return {
    postMessage: (m, transfer) => worker.postMessage(m, transfer),
    onMessage: (fn) => (deliver = fn),
    onError: (fn) => (fail = fn),
    terminate: () => {
      detach();
      worker.terminate();
    },
    release: ({ wasmHeapBytes = 0 } = {}) => {
      detach();
      if (idleWorkers.length < MAX_IDLE_WORKERS && wasmHeapBytes <= KEEP_HEAP_BYTES) idleWorkers.push(worker);
      else worker.terminate();
    },
  };
}

// A File or Blob as an input: read whole, or bytes start to end (exclusive) for a large log
// read in parts.
function blobInput(name, blob) {
  return {
    name,
    size: blob.size,
    open: () => fileSlices(blob),
    openRange: (start, end) => fileSlices(blob.slice(start, end)),
  };
}

export const browserHost = {
  createWorkerPort() {
    return workerPort(idleWorkers.pop() ?? newWorker());
  },

  // Starts a worker and loads the engine into it before any check (the page calls it once loaded),
  // so the first check does not wait for them. Its answer (id 0) is for no client.
  warmUp() {
    if (idleWorkers.length) return;
    const worker = newWorker();
    // A worker that fails while it waits (its script did not load) leaves the pool: a check
    // would otherwise take it and wait for answers that never come.
    worker.addEventListener('error', () => {
      const i = idleWorkers.indexOf(worker);
      if (i >= 0) {
        idleWorkers.splice(i, 1);
        worker.terminate();
      }
    });
    worker.postMessage({ id: 0, type: RequestType.INIT, config: {} });
    idleWorkers.push(worker);
  },

  async listInputs(inputs) {
    return inputs.map((input) => {
      if (typeof File !== 'undefined' && input instanceof File) {
        const name = input.webkitRelativePath || input.relativePath || input.name;
        return blobInput(name, input);
      }
      if (input && input.name && typeof Blob !== 'undefined' && input.file instanceof Blob) {
        return blobInput(input.name, input.file);
      }
      if (input && input.name && input.stream) {
        const s = input.stream;
        return {
          name: input.name,
          size: input.size ?? null,
          open: () => (typeof s.getReader === 'function' ? fromWebStream(s) : s),
          once: true, // a stream is read once: no digest of it afterwards
        };
      }
      throw new Error('an input must be a File, { name, file } or { name, stream }');
    });
  },

  async readIndicator(src) {
    if (typeof File !== 'undefined' && src instanceof File) {
      return { name: src.name, bytes: new Uint8Array(await src.arrayBuffer()), format: '' };
    }
    return indicatorSourceOf(src);
  },

  // DecompressionStream first (native and fast). It stops at the end of the first gzip member
  // ("junk after end of compressed data"), so for files joined with cat the compressed bytes
  // are kept while it runs, and the rest is inflated with fflate, skipping what was delivered.
  async *gunzip(source) {
    const kept = [];
    const it = source[Symbol.asyncIterator]();
    const input = new ReadableStream({
      async pull(controller) {
        const { done, value } = await it.next();
        if (done) controller.close();
        else {
          kept.push(value);
          controller.enqueue(value);
        }
      },
    });
    let delivered = 0;
    try {
      for await (const chunk of fromWebStream(input.pipeThrough(new DecompressionStream('gzip')))) {
        delivered += chunk.length;
        yield chunk;
      }
      return;
    } catch (e) {
      if (!/junk/i.test(String(e?.message ?? e))) throw e;
    }
    const { Gunzip } = await import(new URL('./vendor/fflate.js', import.meta.url).href);
    let skip = delivered;
    const out = [];
    const gunzip = new Gunzip((chunk) => {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        return;
      }
      out.push(skip ? chunk.subarray(skip) : chunk);
      skip = 0;
    });
    const push = async function* (chunk, final) {
      gunzip.push(chunk, final);
      while (out.length) yield out.shift();
    };
    for (const chunk of kept) yield* push(chunk, false);
    kept.length = 0;
    while (true) {
      const { done, value } = await it.next();
      if (done) break;
      yield* push(value, false);
    }
    yield* push(new Uint8Array(0), true);
  },

  describeReadError(e) {
    const message = String(e?.message ?? e);
    return /gzip|compress|decod/i.test(message) ? `corrupt gzip data (${message})` : message;
  },

  systemResolver: null,
};
