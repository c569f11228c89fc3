// analyze(): streams inputs through the wasm engine in a worker and returns the report. The
// host (Node or browser) supplies the worker, the file listing, reading and gunzip; this file
// holds what both share: the order of steps, flow control, progress, cancellation.
import { WorkerRpc } from './rpc.js';
import { resolveNameservers } from './resolver.js';
import { atLeast, atMost } from './streams.js';

const MAX_CHUNKS_IN_FLIGHT = 4;
// Smaller chunks are gathered into pieces of this size: fewer messages and calls into wasm (4 MiB
// pieces made the conn.log benchmark about 5% faster end to end than 1 MiB ones).
const HAND_OVER_BYTES = 4 << 20;

function abortError(signal) {
  return signal.reason ?? new DOMException('The analysis was cancelled', 'AbortError');
}

// Yields the first chunk again after looking at it.
async function peekFirst(iterable) {
  const it = iterable[Symbol.asyncIterator]();
  const first = await it.next();
  const rest = {
    async *[Symbol.asyncIterator]() {
      if (!first.done) yield first.value;
      while (true) {
        const n = await it.next();
        if (n.done) return;
        yield n.value;
      }
    },
  };
  return { first: first.done ? null : first.value, stream: rest };
}

function isGzip(bytes) {
  return bytes && bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

// The gzip bomb guard (limits.max_gzip_ratio): past 64 MiB of output, more than `ratio` times
// the compressed bytes given to the decompressor so far stops the file. The same words as the
// native CLI's.
const GZIP_GUARD_FLOOR = 64 * 1024 * 1024;
class LimitError extends Error {
  constructor(limit, message) {
    super(message);
    this.limit = limit;
  }
}
// Compressed data goes to the decompressor in pieces of at most this size and the guard counts
// what the decompressor was given, not what was read: counting reads of 4 MiB, several of them
// ahead, loosened the guard by max_gzip_ratio times that (GBs of output). Each piece is a hand-
// over to zlib's thread in Node: 64 KiB pieces cost 7% on a 222 MB .gz, 256 KiB ones 2%.
const GZIP_FEED_BYTES = 256 << 10;

async function* guardRatio(decompressed, compressedSoFar, ratio) {
  let out = 0;
  for await (const chunk of decompressed) {
    out += chunk.length;
    if (out > GZIP_GUARD_FLOOR && out / ratio > compressedSoFar()) {
      throw new LimitError('max_gzip_ratio', `decompressed data is over ${ratio} times its ` +
        'compressed size (max_gzip_ratio), as in a gzip bomb: the rest of the file was not read');
    }
    yield chunk;
  }
}

export async function runAnalysis(host, inputs, options = {}) {
  const { signal, onProgress, onWarning } = options;
  if (signal?.aborted) throw abortError(signal);
  const config = { ...(options.config ?? {}) };
  if (options.profile) config.profile = options.profile;
  if (options.device?.length) config.device = options.device;

  const files = await host.listInputs(Array.isArray(inputs) ? inputs : [inputs]);
  const indicators = [];
  for (const src of options.indicators ?? []) indicators.push({ ...(await host.readIndicator(src)), whitelist: false });
  for (const src of options.whitelists ?? []) indicators.push({ ...(await host.readIndicator(src)), whitelist: true });

  // One worker per group of consecutive files (at most `workers`); their states are merged,
  // in file order, into the first, which finishes the analysis.
  const groups = splitFiles(files, Math.max(1, Math.min(options.workers ?? 1, files.length || 1)));
  const rpcs = groups.map(() => new WorkerRpc(host.createWorkerPort()));
  const rpc = rpcs[0];
  const onAbort = () => rpcs.forEach((r) => r.terminate());
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const [limits] = await Promise.all(rpcs.map((r) => r.request('init', { config })));
    for (const ind of indicators) {
      const { error } = await rpc.request('indicators', ind, [ind.bytes.buffer]);
      if (error) onWarning?.(error);
    }

    const totalBytes = files.reduce((n, f) => n + (f.size ?? 0), 0);
    let doneBytes = 0;
    const readFile = async (worker, file, i) => {
      let fileBytes = 0;
      const report = () =>
        onProgress?.({
          file: file.name, fileIndex: i, fileCount: files.length, fileBytes,
          fileSize: file.size ?? null, bytes: doneBytes, totalBytes,
        });
      await worker.request('begin', { name: file.name });
      report();
      let error = null;
      let limit = '';
      const inFlight = [];
      try {
        const raw = {
          async *[Symbol.asyncIterator]() {
            for await (const chunk of await file.open()) {
              fileBytes += chunk.length;
              doneBytes += chunk.length;
              yield chunk;
            }
          },
        };
        const { first, stream } = await peekFirst(raw);
        let compressedFed = 0;
        const fed = async function* () {
          for await (const piece of atMost(stream, GZIP_FEED_BYTES)) {
            compressedFed += piece.length;
            yield piece;
          }
        };
        const data = isGzip(first)
          ? guardRatio(host.gunzip(fed()), () => compressedFed, limits.max_gzip_ratio)
          : stream;
        for await (const chunk of atLeast(data, HAND_OVER_BYTES)) {
          if (signal?.aborted) throw abortError(signal);
          // The chunk's buffer is handed to the worker (transferred, not copied) when the chunk
          // is all of it; a view into a larger buffer (a pooled Buffer, a slice) is copied first.
          const own = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength &&
            chunk.buffer instanceof ArrayBuffer;
          const bytes = own ? chunk : new Uint8Array(chunk);
          inFlight.push(worker.request('chunk', { bytes: bytes.buffer }, [bytes.buffer]));
          if (inFlight.length >= MAX_CHUNKS_IN_FLIGHT) await inFlight.shift();
          report();
        }
      } catch (e) {
        if (signal?.aborted) throw abortError(signal);
        error = e instanceof LimitError ? e.message : host.describeReadError(e);
        limit = e instanceof LimitError ? e.limit : '';
      }
      await Promise.all(inFlight);
      await worker.request('end');
      if (error) {
        onWarning?.(`${file.name}: ${error}`);
        await worker.request('fileError', { name: file.name, reason: error, limit });
      }
      report();
    };
    await Promise.all(groups.map(async (group, k) => {
      for (const { file, index } of group) await readFile(rpcs[k], file, index);
    }));
    for (const other of rpcs.slice(1)) {
      const state = await other.request('exportState');
      await rpc.request('mergeState', { bytes: state.buffer }, [state.buffer]);
      other.terminate();
    }

    const domains = await rpc.request('queries');
    const resolver = options.resolver ?? 'off';
    if (resolver !== 'off' && domains.length > 0) {
      const { answers, failures } = await resolveNameservers(domains, resolver, {
        ...(options.resolverOptions ?? {}), system: host.systemResolver, signal,
      });
      await rpc.request('answers', { answers, failures });
    } else if (options.nameservers) {
      await rpc.request('answers', { answers: options.nameservers, failures: {} });
    }
    const pieces = await rpc.request('finish');
    if (options.onStats) options.onStats(await rpc.request('stats'));
    if (options.output === 'bytes') return pieces.map((p) => new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
    const json = decodeReport(pieces);
    if (options.output === 'json') return json;
    if (options.output === 'text') return await rpc.request('text', { json });
    if (options.output === 'json+text') return { json, text: await rpc.request('text', { json }) };
    return JSON.parse(json);
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    rpcs.forEach((r) => r.terminate());
  }
}

// Consecutive groups of files with about the same number of bytes each.
function splitFiles(files, n) {
  const total = files.reduce((sum, f) => sum + (f.size ?? 1), 0);
  const groups = Array.from({ length: n }, () => []);
  let acc = 0;
  files.forEach((file, index) => {
    const k = Math.min(n - 1, Math.floor((acc * n) / Math.max(total, 1)));
    groups[k].push({ file, index });
    acc += file.size ?? 1;
  });
  return groups.filter((g) => g.length > 0);
}

// The report's pieces (bytes of UTF-8 JSON, split anywhere) as one text.
function decodeReport(pieces) {
  const decoder = new TextDecoder();
  let text = '';
  for (const piece of pieces) text += decoder.decode(piece, { stream: true });
  return text + decoder.decode();
}
