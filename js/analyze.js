// analyze(): streams inputs through the wasm engine in a worker and returns the report. The
// host (Node or browser) supplies the worker, the file listing, reading and gunzip; this file
// holds what both share: the order of steps, flow control, progress, cancellation.
import { WorkerRpc } from './rpc.js';
import { resolveNameservers } from './resolver.js';

const MAX_CHUNKS_IN_FLIGHT = 8;

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

  const rpc = new WorkerRpc(host.createWorkerPort());
  const onAbort = () => rpc.terminate();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await rpc.request('init', { config });
    for (const ind of indicators) {
      const warning = await rpc.request('indicators', ind, [ind.bytes.buffer]);
      if (warning) onWarning?.(warning);
    }

    const totalBytes = files.reduce((n, f) => n + (f.size ?? 0), 0);
    let doneBytes = 0;
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      let fileBytes = 0;
      const report = () =>
        onProgress?.({
          file: file.name, fileIndex: i, fileCount: files.length, fileBytes,
          fileSize: file.size ?? null, bytes: doneBytes, totalBytes,
        });
      await rpc.request('begin', { name: file.name });
      report();
      let error = null;
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
        const data = isGzip(first) ? host.gunzip(stream) : stream;
        for await (const chunk of data) {
          if (signal?.aborted) throw abortError(signal);
          const copy = new Uint8Array(chunk); // a copy (Buffer.slice is a view): it is transferred
          inFlight.push(rpc.request('chunk', { bytes: copy.buffer }, [copy.buffer]));
          if (inFlight.length >= MAX_CHUNKS_IN_FLIGHT) await inFlight.shift();
          report();
        }
      } catch (e) {
        if (signal?.aborted) throw abortError(signal);
        error = host.describeReadError(e);
      }
      await Promise.all(inFlight);
      await rpc.request('end');
      if (error) {
        onWarning?.(`${file.name}: ${error}`);
        await rpc.request('fileError', { name: file.name, reason: error });
      }
      report();
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
    const json = await rpc.request('finish');
    if (options.onStats) options.onStats(await rpc.request('stats'));
    if (options.output === 'json') return json;
    if (options.output === 'text') return await rpc.request('text', { json });
    if (options.output === 'json+text') return { json, text: await rpc.request('text', { json }) };
    return JSON.parse(json);
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    rpc.terminate();
  }
}
