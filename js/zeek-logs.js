// zeekLogs(): packet captures to Zeek logs (conn, dns, ssl, x509 and http, as Zeek's TSV or JSON), on
// the wasm engine in a worker, as the native `zeekscope logs` does: the core's CaptureLogs reads
// each capture (its uids seeded from the file's name) and says what it made of the file; the host
// lists the files (Node: paths and folders; browsers: File objects) and reads them, gunzipped
// under the gzip guard, as analyze() does. Files found in a folder are kept only when their
// content starts like a capture; files named directly are always tried.
import { EngineClient } from './engine-client.js';
import { HAND_OVER_BYTES, LimitError, MAX_CHUNKS_IN_FLIGHT, decoded, ownBuffer } from './analyze.js';
import { atLeast } from './streams.js';

function abortError(signal) {
  return signal.reason ?? new DOMException('The conversion was cancelled', 'AbortError');
}

/**
 * @returns {Promise<{ logs: import('./protocol.js').ZeekLog[],
 *   files: Array<{ name: string } & import('./protocol.js').CaptureOutcome> }>}
 *   logs: the logs with rows (none when no file could be read); files: each capture tried
 */
export async function runZeekLogs(host, inputs, options = {}) {
  const { format = 'tsv', verifyChecksums = false, onMessage, signal } = options;
  if (format !== 'tsv' && format !== 'json')
    throw new Error(`the log format is tsv or json, not "${format}"`);
  if (signal?.aborted) throw abortError(signal);
  const files = await host.listInputs(Array.isArray(inputs) ? inputs : [inputs], { missingAsFile: true });
  const engine = new EngineClient(host.createWorkerPort());
  const stop = () => engine.terminate();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const limits = await engine.logsBegin({ format, verifyChecksums, module: await host.compiledEngine?.() });
    const captures = [];
    for (const file of files) {
      if (!file.inFolder || (await engine.logsLooksLikeCapture(await firstBytes(file, host, limits))))
        captures.push(file);
    }
    const outcomes = [];
    for (const file of captures) {
      const outcome = await readCapture(engine, file, host, limits, signal);
      for (const line of outcome.messages) onMessage?.(line);
      outcomes.push({ name: file.path ?? file.name, ...outcome });
    }
    const logs = outcomes.some((o) => o.read) ? await engine.logsFinish() : [];
    return { logs, files: outcomes };
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    throw e;
  } finally {
    signal?.removeEventListener('abort', stop);
    engine.terminate(); // not kept: captures of any size leave the heap as they made it
  }
}

// The first bytes of a file's content (gunzipped if it is gzip), from its first chunk; none when
// it cannot be read.
async function firstBytes(file, host, limits, n = 4) {
  const it = (await file.open())[Symbol.asyncIterator]();
  try {
    const first = await it.next();
    if (first.done) return new Uint8Array(0);
    const once = (async function* () {
      yield first.value;
    })();
    const head = new Uint8Array(n);
    let have = 0;
    for await (const chunk of await decoded(once, host, limits)) {
      const k = Math.min(n - have, chunk.length);
      head.set(chunk.subarray(0, k), have);
      have += k;
      if (have === n) break;
    }
    return head.subarray(0, have);
  } catch {
    return new Uint8Array(0);
  } finally {
    await it.return?.();
  }
}

// One capture into the engine, in pieces of HAND_OVER_BYTES with at most MAX_CHUNKS_IN_FLIGHT
// unanswered. A read that stops early (an I/O error, the gzip guard) is told to the engine, which
// keeps what came before.
async function readCapture(engine, file, host, limits, signal) {
  // Messages name the capture as it was given (the converted logs do not name it).
  await engine.logsBeginFile(file.path ?? file.name);
  let readError = '';
  const inFlight = [];
  try {
    for await (const chunk of atLeast(await decoded(await file.open(), host, limits), HAND_OVER_BYTES)) {
      if (signal?.aborted) throw abortError(signal);
      inFlight.push(engine.logsFeed(ownBuffer(chunk)));
      if (inFlight.length >= MAX_CHUNKS_IN_FLIGHT) await inFlight.shift();
    }
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    readError = e instanceof LimitError ? e.message : host.describeReadError(e);
  }
  await Promise.all(inFlight);
  return engine.logsEndFile(readError);
}
