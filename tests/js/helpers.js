// Shared by the JS tests: paths, the shared data folder, and running both CLIs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
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

export function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 1 << 30, encoding: 'buffer', ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

export const runNode = (args, options) => run(process.execPath, [NODE_CLI, ...args], options);
export const runNative = (args, options) => run(NATIVE_CLI, args, options);

// The report text without the tool field, which alone may differ between the two engines.
export function withoutTool(jsonBuffer) {
  return jsonBuffer.toString('utf8').replace(/"tool": \{[^}]*\}/, '"tool": {}');
}

export const FEEDS = ['iocs/echap/network.csv', 'iocs/tinycheck/iocs.json'].map((f) => path.join(SHARED, f));
