// analyze(): streams inputs through the wasm engine in workers and returns the report. The host
// (Node or browser) supplies the workers, the file listing, reading and gunzip; this file holds
// what both share, as named steps: configure, start the engines, load the indicators, read the
// files, merge the states, look up nameservers, produce the output.
import { EngineClient } from './engine-client.js';
import { resolveNameservers } from './resolver.js';
import { atLeast, atMost } from './streams.js';
import { fitMerge, planParts, readInParts } from './file-parts.js';
import { handOver } from './report-export.js';

export const MAX_CHUNKS_IN_FLIGHT = 4;
// Smaller chunks are gathered into pieces of this size: fewer messages and calls into wasm (4 MiB
// pieces made the conn.log benchmark about 5% faster end to end than 1 MiB ones).
export const HAND_OVER_BYTES = 4 << 20;

function abortError(signal) {
  return signal.reason ?? new DOMException('The analysis was cancelled', 'AbortError');
}

export async function runAnalysis(host, inputs, options = {}) {
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const clock = stageClock();
  const config = analysisConfig(options);
  const engines = [];
  const startup = { hostCompile: 0 }; // seconds waiting for the host to compile the engine
  const parts = { files: 0, apart: 0 }; // large logs read in parts, and those whose parts were apart
  const stopAll = () => engines.forEach((e) => e.terminate());
  signal?.addEventListener('abort', stopAll, { once: true });
  let finished = false;
  try {
    // The first engine starts (its worker, the wasm) while the inputs are listed and read.
    const inThread = options.inThread === true && (options.workers ?? 1) <= 1;
    const starting = [startEngine(host, engines, config, startup, inThread)];
    const files = await host.listInputs(Array.isArray(inputs) ? inputs : [inputs]);
    const indicators = await readIndicatorSources(host, options);
    if (signal?.aborted) throw abortError(signal);
    clock.mark('inputs');
    // With several workers, a large log is read in parts by all of them (js/file-parts.js) and
    // the other files by the first; without one, each worker reads a group of consecutive files.
    // The states are merged, in file order, into the first engine, which finishes the analysis.
    const workers = Math.max(1, options.workers ?? 1);
    const plans = await Promise.all(
      files.map((f) => planParts(f, workers, options.partBytes).catch(() => null)),
    );
    if (signal?.aborted) throw abortError(signal);
    const inParts = plans.some(Boolean);
    const groups = inParts ? [] : splitFiles(files, Math.min(workers, files.length || 1));
    const engineCount = inParts ? workers : Math.max(1, groups.length);
    while (starting.length < engineCount) starting.push(startEngine(host, engines, config, startup));
    const [limits] = await Promise.all(starting);
    clock.mark('engine start');
    const [engine] = engines;
    await loadIndicators(engine, indicators, options.onWarning);
    clock.mark('indicators');
    const progress = progressReporter(files, options.onProgress);
    const reader = { host, limits, config, signal, progress, onWarning: options.onWarning };
    if (inParts) {
      for (const [index, file] of files.entries()) {
        if (!plans[index]) await readFile(engine, file, index, reader);
        else {
          parts.files++;
          if (await readFileInParts(engines, file, index, plans[index], reader)) parts.apart++;
        }
      }
    } else {
      await Promise.all(
        groups.map(async (group, k) => {
          for (const { file, index } of group) await readFile(engines[k], file, index, reader);
        }),
      );
      // States that would not merge into one reader's (a limit met, times spanning too long):
      // the first engine reads the other groups' files itself.
      if (engines.length > 1 && !fitMerge(await Promise.all(engines.map((e) => e.filePartsInfo())))) {
        engines.slice(1).forEach((e) => e.terminate());
        engines.length = 1;
        const again = { ...reader, progress: null, onWarning: null }; // said the first time
        for (const group of groups.slice(1))
          for (const { file, index } of group) await readFile(engine, file, index, again);
      }
    }
    clock.mark('files');
    if (inParts)
      engines.slice(1).forEach((e) => e.terminate()); // their parts are merged
    else await mergeStates(engines);
    clock.mark('merge');
    await resolveNames(engine, host, options);
    clock.mark('nameservers');
    const output = await produceOutput(engine, options, clock, files);
    const stats = await engine.stats();
    stats.startup.compile += startup.hostCompile;
    options.onStats?.({ ...stats, stages: clock.stages, parts });
    engine.release(stats);
    finished = true;
    return output;
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    throw e;
  } finally {
    signal?.removeEventListener('abort', stopAll);
    if (!finished) stopAll();
  }
}

// Starts one engine (added to `engines` at once, so an abort stops it) and resolves to its limits.
// A host that compiles the engine itself (once for all workers) hands the module over.
function startEngine(host, engines, config, startup, inThread = false) {
  const engine = new EngineClient(host.createWorkerPort({ inThread }));
  engines.push(engine);
  const ready = (async () => {
    if (!host.compiledEngine) return engine.init(config);
    const t = performance.now();
    const module = await host.compiledEngine();
    startup.hostCompile = Math.max(startup.hostCompile, (performance.now() - t) / 1000);
    return engine.init(config, module);
  })();
  ready.catch(() => {}); // awaited later, unless listing the inputs fails first
  return ready;
}

// Seconds per named step of one analysis, in order (onStats' `stages`, the CLI's --timings).
function stageClock() {
  let last = performance.now();
  const stages = {};
  return {
    stages,
    mark(name) {
      const now = performance.now();
      stages[name] = (stages[name] ?? 0) + (now - last) / 1000;
      last = now;
    },
  };
}

// The engine's configuration: options.config, with the profile and device options over it.
function analysisConfig(options) {
  const config = { ...(options.config ?? {}) };
  if (options.profile) config.profile = options.profile;
  if (options.device?.length) config.device = options.device;
  return config;
}

// Indicator sources then whitelists, as { name, bytes, format, whitelist, demo }. A source marked
// `demo: true` (a sample's own set) is loaded as such: it never makes a check count as checked.
async function readIndicatorSources(host, options) {
  const sources = [];
  for (const src of options.indicators ?? [])
    sources.push({ ...(await host.readIndicator(src)), whitelist: false, demo: src?.demo === true });
  for (const src of options.whitelists ?? [])
    sources.push({ ...(await host.readIndicator(src)), whitelist: true });
  return sources;
}

async function loadIndicators(engine, sources, onWarning) {
  for (const source of sources) {
    // The engine says what it read: { format, error, loaded, skipped }.
    const { error } = await engine.addIndicators(source);
    if (error) onWarning?.(error);
  }
}

// progress(file, index, fileBytes): calls onProgress with this file's and all files' bytes.
function progressReporter(files, onProgress) {
  const totalBytes = files.reduce((n, f) => n + (f.size ?? 0), 0);
  const state = { bytes: 0 };
  const report = (file, i, fileBytes) =>
    onProgress?.({
      file: file.name,
      fileIndex: i,
      fileCount: files.length,
      fileBytes,
      fileSize: file.size ?? null,
      bytes: state.bytes,
      totalBytes,
    });
  report.add = (n) => (state.bytes += n);
  return report;
}

// Reads one file into an engine: its bytes, gunzipped if they are gzip, in pieces of
// HAND_OVER_BYTES with at most MAX_CHUNKS_IN_FLIGHT unanswered. A file that cannot be read to its
// end (an I/O error, a limit) is reported to the engine and as a warning; what was read counts.
async function readFile(engine, file, index, reader) {
  const { host, limits } = reader;
  const counter = fileCounter(file, index, reader.progress);
  await engine.beginFile(file.name);
  const open = async () => decoded(countedChunks(await file.open(), counter), host, limits);
  const readError = await feedChunks(engine, open, reader, counter);
  await engine.endFile();
  if (readError) await recordReadError(engine, file, readError, reader);
}

// Reads a large log in parts, one per engine (js/file-parts.js).
async function readFileInParts(engines, file, index, plan, reader) {
  const counter = fileCounter(file, index, reader.progress);
  return readInParts(engines, file, plan, {
    // A part read again (by the first engine, when the parts could not be read apart) is not
    // counted twice.
    feed: (engine, chunks, { counted = true } = {}) =>
      feedChunks(engine, () => (counted ? countedChunks(chunks, counter) : chunks), reader, counter),
    fail: (engine, readError) => recordReadError(engine, file, readError, reader),
    fresh: (engine) => engine.init(reader.config),
  });
}

// The progress of one file: count(n) adds n bytes read.
function fileCounter(file, index, progress) {
  let fileBytes = 0;
  progress?.(file, index, fileBytes);
  return {
    count(n) {
      fileBytes += n;
      progress?.add(n);
    },
    report: () => progress?.(file, index, fileBytes),
  };
}

async function* countedChunks(chunks, counter) {
  for await (const chunk of chunks) {
    counter.count(chunk.length);
    yield chunk;
  }
}

// Feeds an engine the chunks open() gives: null when all were read, else the read error that
// stopped them ({ error, limit }). A cancelled analysis throws.
async function feedChunks(engine, open, { host, signal }, counter) {
  const inFlight = [];
  let readError = null;
  try {
    for await (const chunk of atLeast(await open(), HAND_OVER_BYTES)) {
      if (signal?.aborted) throw abortError(signal);
      inFlight.push(engine.feedChunk(ownBuffer(chunk)));
      if (inFlight.length >= MAX_CHUNKS_IN_FLIGHT) await inFlight.shift();
      counter.report();
    }
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    readError =
      e instanceof LimitError
        ? { error: e.message, limit: e.limit }
        : { error: host.describeReadError(e), limit: '' };
  }
  await Promise.all(inFlight);
  counter.report();
  return readError;
}

async function recordReadError(engine, file, { error, limit }, { onWarning }) {
  onWarning?.(`${file.path ?? file.name}: ${error}`);
  await engine.fileError(file.name, error, limit);
}

// The chunk's buffer, to hand to the worker (transferred, not copied) when the chunk is all of
// it; a view into a larger buffer (a pooled Buffer, a slice) is copied first.
export function ownBuffer(chunk) {
  const own =
    chunk.byteOffset === 0 &&
    chunk.byteLength === chunk.buffer.byteLength &&
    chunk.buffer instanceof ArrayBuffer;
  return (own ? chunk : new Uint8Array(chunk)).buffer;
}

// Merges every other engine's state, in file order, into the first, and stops those engines.
// engines[k] may be terminated (its groups read again by the first): merges what is left.
async function mergeStates(engines) {
  const [first, ...others] = engines;
  for (const other of others) {
    await first.mergeState(await other.exportState());
    other.terminate();
  }
}

// Nameserver lookups for the domains the rules ask about (options.resolver), or the answers
// given in options.nameservers.
async function resolveNames(engine, host, options) {
  const domains = await engine.nameserverQueries();
  const resolver = options.resolver ?? 'off';
  if (resolver !== 'off' && domains.length > 0) {
    const { answers, failures } = await resolveNameservers(domains, resolver, {
      ...(options.resolverOptions ?? {}),
      system: host.systemResolver,
      signal: options.signal,
    });
    await engine.setNameservers(answers, failures);
  } else if (options.nameservers) {
    await engine.setNameservers(options.nameservers, {});
  }
}

// The report in the form options.output asks for: 'bytes', 'json', 'text', 'json+text', 'case'
// (the case file: { json, html }), or (by default) the parsed object; redacted with
// options.redact.
async function produceOutput(engine, options, clock, files) {
  const pieces = await engine.finish();
  clock.mark('rules and report');
  const { output } = options;
  const caseFile = output === 'case';
  const leaving = caseFile || options.redact === true;
  let result;
  if (output === 'bytes' && !leaving)
    result = pieces.map((p) => new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  else {
    let json = decodeReport(pieces);
    let html = '';
    if (leaving)
      ({ json, html } = await handOver(engine, json, files, {
        redact: options.redact === true,
        caseFile,
        signal: options.signal,
      }));
    if (output === 'bytes') result = [new TextEncoder().encode(json)];
    else if (output === 'case') result = { json, html };
    else if (output === 'json') result = json;
    else if (output === 'text') result = await engine.textReport(json);
    else if (output === 'json+text') result = { json, text: await engine.textReport(json) };
    else result = JSON.parse(json);
  }
  clock.mark('output');
  return result;
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

// ---- gzip: detection and the bomb guard ----

// The file's bytes as the engine reads them: gunzipped when they start as gzip does, under the
// gzip bomb guard. (Also read by zeek-logs.js.)
export async function decoded(raw, host, limits) {
  const { first, stream } = await peekFirst(raw);
  if (!isGzip(first)) return stream;
  let compressedFed = 0;
  const fed = async function* () {
    for await (const piece of atMost(stream, GZIP_FEED_BYTES)) {
      compressedFed += piece.length;
      yield piece;
    }
  };
  return guardRatio(host.gunzip(fed()), () => compressedFed, limits.max_gzip_ratio);
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
export class LimitError extends Error {
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
      throw new LimitError(
        'max_gzip_ratio',
        `decompressed data is over ${ratio} times its ` +
          'compressed size (max_gzip_ratio), as in a gzip bomb: the rest of the file was not read',
      );
    }
    yield chunk;
  }
}
