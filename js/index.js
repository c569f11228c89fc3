// zeekscope's JS API. analyze(inputs, options) runs the wasm engine in a worker (worker_threads
// in Node, a Web Worker in browsers) and resolves to the JSON report.
//   inputs: Node paths (files or folders), browser File objects or { name, file }, or
//           { name, stream }
//   options: { config, profile, device, indicators, whitelists, resolver, resolverOptions,
//              nameservers, workers, onProgress, onWarning, onStats, signal,
//              redact, output: 'object' | 'json' | 'text' | 'case' }
//   redact: the phone's own addresses, MAC addresses, device names and the apps no alert
//           concerns replaced by placeholders; output 'case': { json, html }, the case file
// zeekLogs(inputs, options) turns packet captures into Zeek logs (conn, dns, ssl, x509, http) as the
// CLIs' `zeekscope logs` does, and resolves to { logs: [{ name, rows, bytes }], files: [...] }.
//   options: { format: 'tsv' | 'json', verifyChecksums, onMessage, signal }
import { runAnalysis } from './analyze.js';
import { runZeekLogs } from './zeek-logs.js';

export { VERSION } from './engine.js';
export { resolveNameservers, parseResolver, DOH_PRESETS } from './resolver.js';

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';

let hostPromise = null;
function host() {
  hostPromise ??= isNode
    ? import('./node-host.js').then((m) => m.nodeHost)
    : import('./browser-host.js').then((m) => m.browserHost);
  return hostPromise;
}

export async function analyze(inputs, options = {}) {
  return runAnalysis(await host(), inputs, options);
}

// Starts an engine worker with the engine loaded before the first analysis (browsers: a page
// calls it once it is shown, so a check does not wait for the worker and the wasm; Node: nothing).
export async function warmUp() {
  (await host()).warmUp?.();
}

// A finished report (JSON text) made ready to hand over, after the check: redacted (redact), and/or
// as a case file (caseFile; files: the inputs as analyze() was given them, for their SHA-256).
// Resolves to { json, html } (html: the case file's page, or '').
export async function exportReport(json, options = {}) {
  const { runReportExport } = await import('./report-export.js');
  return runReportExport(await host(), json, options);
}

export async function zeekLogs(inputs, options = {}) {
  return runZeekLogs(await host(), inputs, options);
}
