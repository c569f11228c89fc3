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

// The SHA-256 of each file's bytes as they are on disk, by the engine, in the files' order; ''
// for a file that cannot be read again (a stream) or whose reading failed.
export async function digestFiles(engine, files, { signal, module } = {}) {
  const out = [];
  for (const file of files) {
    if (file.once) {
      out.push('');
      continue;
    }
    await engine.digestBegin(module);
    const inFlight = [];
    let ok = true;
    try {
      for await (const chunk of await file.open()) {
        if (signal?.aborted) throw signal.reason ?? new DOMException('cancelled', 'AbortError');
        inFlight.push(engine.digestChunk(ownBuffer(chunk)));
        if (inFlight.length >= MAX_CHUNKS_IN_FLIGHT) await inFlight.shift();
      }
    } catch (e) {
      if (signal?.aborted) throw e;
      ok = false;
    }
    await Promise.all(inFlight);
    const hex = await engine.digestEnd();
    out.push(ok ? hex : '');
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
  const sha256 = caseFile ? await digestFiles(engine, files, { signal, module }) : undefined;
  return engine.exportReport(json, {
    redact,
    caseFile,
    sha256,
    created: caseFile ? nowUtc() : undefined,
    module,
  });
}

// exportReport(): on an engine of its own (the host's kept worker when it has one).
export async function runReportExport(
  host,
  json,
  { files = [], redact = false, caseFile = false, signal } = {},
) {
  const listed = files.length ? await host.listInputs(files) : [];
  const engine = new EngineClient(host.createWorkerPort());
  try {
    const module = await host.compiledEngine?.();
    const {
      json: out,
      html,
      wasmHeapBytes,
    } = await handOver(engine, json, listed, {
      redact,
      caseFile,
      signal,
      module,
    });
    engine.release({ wasmHeapBytes });
    return { json: out, html };
  } catch (e) {
    engine.terminate();
    throw e;
  }
}
