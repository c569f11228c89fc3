// Shared by the JS tests: paths, the shared data folder, and running both CLIs.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = path.resolve(ROOT, '../shared/data');
export const NATIVE_CLI = path.join(ROOT, 'build/native/cli/zeekscope');
export const NODE_CLI = path.join(ROOT, 'js/cli.js');
export const WASM_ENGINE = ['dist/zeekscope-engine.js', 'dist/zeekscope-engine.wasm'].map((f) =>
  path.join(ROOT, f),
);

// Returns a reason to skip when shared data (or a part of it) is absent, else false.
export function needShared(rel = '') {
  const p = path.join(SHARED, rel);
  return existsSync(p) ? false : `shared test data not found: ${p} (tests read ../shared/data)`;
}

export function needNative() {
  return existsSync(NATIVE_CLI) ? false : `the native CLI is not built: ${NATIVE_CLI}`;
}

// The npm package's engine: js/index.js cannot even be imported without it.
export function needWasm() {
  const missing = WASM_ENGINE.find((f) => !existsSync(f));
  return missing ? `the wasm engine is not built: ${missing}` : false;
}

// This machine's folders, which no report may name (a path often carries a person's name).
export const LOCAL_PATHS = [
  ...new Set(
    [ROOT, SHARED, existsSync(SHARED) ? realpathSync(SHARED) : null, `${os.tmpdir()}/`, os.homedir()]
      .filter((p) => p && p !== '/')
      .map((p) => p.replace(/\/+$/, '') + '/'),
  ),
];

// Fails when a report's text names a local path.
export function assertNoLocalPath(text, where = 'the report') {
  const s = Buffer.isBuffer(text) ? text.toString('utf8') : String(text);
  for (const p of LOCAL_PATHS) {
    const at = s.indexOf(p);
    if (at >= 0)
      throw new Error(`${where} names a local path (${p}): …${s.slice(Math.max(0, at - 80), at + 120)}…`);
  }
}

// Every report either CLI writes in the suites (standard output, --out and a case file's JSON)
// is checked for local paths: a run that writes one fails.
function checkReports(args, stdout) {
  const i = args.indexOf('analyze');
  if (i < 0) return;
  assertNoLocalPath(stdout, `zeekscope ${args.slice(i).join(' ')}: its output`);
  const out = args.indexOf('--out');
  if (out < 0) return;
  const file = args[out + 1];
  for (const f of [file, file.replace(/\.html?$/, '.json'), `${file}.json`])
    if (existsSync(f)) assertNoLocalPath(readFileSync(f), f);
}

export function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 1 << 30, encoding: 'buffer', ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  }).then((result) => {
    checkReports(args, result.stdout);
    return result;
  });
}

export const runNode = (args, options) => run(process.execPath, [NODE_CLI, ...args], options);
export const runNative = (args, options) => run(NATIVE_CLI, args, options);

// The report text without the tool field, which alone may differ between the two engines.
export function withoutTool(jsonBuffer) {
  return jsonBuffer.toString('utf8').replace(/"tool": \{[^}]*\}/, '"tool": {}');
}

export const FEEDS = ['iocs/echap/network.csv', 'iocs/tinycheck/iocs.json'].map((f) => path.join(SHARED, f));
