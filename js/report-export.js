// Reports that leave the person's hands: redacted on request (core/report/redact.h), or made a
// case file (core/report/case_file.h) with the SHA-256 of each input file. Used at the end of
// analyze() (options.redact, output 'case') and by exportReport() (the page's export, after the
// check).
import { EngineClient } from './engine-client.js';
import { MAX_CHUNKS_IN_FLIGHT, ownBuffer } from './analyze.js';

// When the case file was made: ISO 8601 in UTC, to the second.
export function nowUtc() {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

function cancelled(signal) {
  return signal.reason ?? new DOMException('The export was cancelled', 'AbortError');
}

// Each file's name and the SHA-256 of its bytes as they are on disk, by the engine, in the
// files' order; '' for a file that cannot be read again (a stream, a pipe) or whose reading
// failed.
export async function digestFiles(engine, files, { signal, module } = {}) {
  const out = [];
  for (const file of files) {
    if (signal?.aborted) throw cancelled(signal);
    if (file.once) {
      out.push({ name: file.name, sha256: '' });
      continue;
    }
    await engine.digestBegin(module);
    const inFlight = [];
    let ok = true;
    try {
      for await (const chunk of await file.open()) {
        if (signal?.aborted) throw cancelled(signal);
        inFlight.push(engine.digestChunk(ownBuffer(chunk)));
        if (inFlight.length >= MAX_CHUNKS_IN_FLIGHT) await inFlight.shift();
      }
    } catch (e) {
      if (signal?.aborted) throw e;
      ok = false;
    }
    await Promise.all(inFlight);
    const hex = await engine.digestEnd();
    out.push({ name: file.name, sha256: ok ? hex : '' });
  }
  return out;
}

// The report (JSON text) redacted and/or as a case file: { json, html, wasmHeapBytes } (html ''
// unless caseFile).
export async function handOver(
  engine,
  json,
  files,
  { redact = false, caseFile = false, signal, module } = {},
) {
  const inputs = caseFile ? await digestFiles(engine, files, { signal, module }) : undefined;
  if (signal?.aborted) throw cancelled(signal);
  return engine.exportReport(json, {
    redact,
    caseFile,
    inputs,
    created: caseFile ? nowUtc() : undefined,
    module,
  });
}

// exportReport(): on an engine of its own (the host's kept worker when it has one), stopped when
// `signal` aborts.
export async function runReportExport(
  host,
  json,
  { files = [], redact = false, caseFile = false, signal } = {},
) {
  if (signal?.aborted) throw cancelled(signal);
  const listed = caseFile && files.length ? await host.listInputs(files) : [];
  const engine = new EngineClient(host.createWorkerPort());
  let stop;
  const stopped = new Promise((_, reject) => {
    stop = () => {
      engine.terminate();
      reject(cancelled(signal));
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
  stopped.catch(() => {});
  try {
    const module = await host.compiledEngine?.();
    const {
      json: out,
      html,
      wasmHeapBytes,
    } = await Promise.race([handOver(engine, json, listed, { redact, caseFile, signal, module }), stopped]);
    engine.release({ wasmHeapBytes });
    return { json: out, html };
  } catch (e) {
    engine.terminate();
    throw signal?.aborted ? cancelled(signal) : e;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
