// The browser's side of analyze(): a module Web Worker, File objects, DecompressionStream.
import { fromWebStream } from './streams.js';

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

export const browserHost = {
  createWorkerPort() {
    const worker = new Worker(new URL('./worker-browser.js', import.meta.url), { type: 'module' });
    return {
      postMessage: (m, transfer) => worker.postMessage(m, transfer),
      onMessage: (fn) => worker.addEventListener('message', (e) => fn(e.data)),
      onError: (fn) =>
        worker.addEventListener('error', (e) => fn(new Error(e.message || 'the engine worker failed'))),
      terminate: () => worker.terminate(),
    };
  },

  async listInputs(inputs) {
    return inputs.map((input) => {
      if (typeof File !== 'undefined' && input instanceof File) {
        const name = input.webkitRelativePath || input.relativePath || input.name;
        return { name, size: input.size, open: () => fileSlices(input) };
      }
      if (input && input.name && typeof Blob !== 'undefined' && input.file instanceof Blob) {
        return { name: input.name, size: input.file.size, open: () => fileSlices(input.file) };
      }
      if (input && input.name && input.stream) {
        const s = input.stream;
        return {
          name: input.name,
          size: input.size ?? null,
          open: () => (typeof s.getReader === 'function' ? fromWebStream(s) : s),
        };
      }
      throw new Error('an input must be a File, { name, file } or { name, stream }');
    });
  },

  async readIndicator(src) {
    if (typeof File !== 'undefined' && src instanceof File) {
      return { name: src.name, bytes: new Uint8Array(await src.arrayBuffer()), format: '' };
    }
    const bytes = src.bytes ? new Uint8Array(src.bytes) : new TextEncoder().encode(src.text ?? '');
    return { name: src.name, bytes: bytes.slice(), format: src.format ?? '' };
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
