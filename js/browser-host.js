// The browser's side of analyze(): a module Web Worker, File objects, DecompressionStream.
async function* fromWebStream(stream) {
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function toWebStream(iterable) {
  const it = iterable[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await it.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
}

export const browserHost = {
  createWorkerPort() {
    const worker = new Worker(new URL('./worker-browser.js', import.meta.url), { type: 'module' });
    return {
      postMessage: (m, transfer) => worker.postMessage(m, transfer),
      onMessage: (fn) => worker.addEventListener('message', (e) => fn(e.data)),
      onError: (fn) => worker.addEventListener('error', (e) => fn(new Error(e.message || 'the engine worker failed'))),
      terminate: () => worker.terminate(),
    };
  },

  async listInputs(inputs) {
    return inputs.map((input) => {
      if (typeof File !== 'undefined' && input instanceof File) {
        const name = input.webkitRelativePath || input.relativePath || input.name;
        return { name, size: input.size, open: () => fromWebStream(input.stream()) };
      }
      if (input && input.name && input.stream) {
        const s = input.stream;
        return { name: input.name, size: input.size ?? null,
                 open: () => (typeof s.getReader === 'function' ? fromWebStream(s) : s) };
      }
      throw new Error('an input must be a File or { name, stream }');
    });
  },

  async readIndicator(src) {
    if (typeof File !== 'undefined' && src instanceof File) {
      return { name: src.name, bytes: new Uint8Array(await src.arrayBuffer()), format: '' };
    }
    const bytes = src.bytes ? new Uint8Array(src.bytes) : new TextEncoder().encode(src.text ?? '');
    return { name: src.name, bytes: bytes.slice(), format: src.format ?? '' };
  },

  gunzip(source) {
    return fromWebStream(toWebStream(source).pipeThrough(new DecompressionStream('gzip')));
  },

  describeReadError(e) {
    const message = String(e?.message ?? e);
    return /gzip|compress|decod/i.test(message) ? `corrupt gzip data (${message})` : message;
  },

  systemResolver: null,
};
