#!/usr/bin/env node
// The packet capture benchmark: one phone pcapng (scripts/lib/phone-capture.mjs: a day of a
// phone with NAMES apps, each looked up and used over TLS) analysed by the native CLI and by the
// wasm engine through the npm CLI, in one run on the same file.
//   node scripts/bench/capture.mjs [--names 2000] [--file F.pcapng (reuse one)]
// Prints MB/s and packets/s for reading (the engine's "logs" stage: packets to records), end to
// end, and peak memory (process RSS; wasm heap). Timings are measured, never asserted.
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { phoneCapture } from '../lib/phone-capture.mjs';
import { repeat, timed } from './timed.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const nativeCli = path.join(root, 'build/native/cli/zeekscope');
const nodeCli = path.join(root, 'js/cli.js');
for (const f of [nativeCli, path.join(root, 'dist/zeekscope-engine.wasm')]) {
  if (!existsSync(f)) {
    console.error(`bench: ${f} is missing: run scripts/build-native and scripts/build-wasm`);
    process.exit(2);
  }
}

let file = opt('file');
let packets = null;
if (!file) {
  const names = Number(opt('names', 2000));
  const start = process.hrtime.bigint();
  // Names spread over many registrable domains, as a phone's apps are.
  const benign = Array.from({ length: names }, (_, i) => `api${i % 7}.app${i}.example${i % 211}.net`);
  const capture = phoneCapture({ seed: 7, minutes: 24 * 60, benign });
  file = path.join(mkdtempSync(path.join(tmpdir(), 'zeekscope-capture-bench-')), 'phone.pcapng');
  writeFileSync(file, capture.bytes);
  packets = capture.packets;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`generated ${file}: ${packets} packets in ${seconds.toFixed(1)} s`);
}
const bytes = statSync(file).size;

const mbps = (s) => (s > 0 ? (bytes / 1e6 / s).toFixed(0) : '-');

const argv = ['analyze', file, '--timings'];
const native = repeat(3, () => timed(nativeCli, argv));
const wasm = repeat(3, () => timed(process.execPath, [nodeCli, ...argv]));
const report = JSON.parse(native.stdout);
const input = report.inputs[0];
packets ??= input.capture.packets;
const records = Object.entries(input.capture.records)
  .map(([k, v]) => `${v} ${k}`)
  .join(', ');
console.log(
  `\nzeekscope capture benchmark: ${(bytes / 1e6).toFixed(1)} MB pcapng, ${packets} packets, ${records} records`,
);
console.log(
  '\n| engine | read s | read MB/s | read packets/s | rules s | report s | end to end s | end to end MB/s | peak RSS MiB | wasm heap MiB |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, r] of [
  ['native CLI', native],
  ['wasm (Node, npm CLI)', wasm],
]) {
  console.log(
    `| ${name} | ${r.logs.toFixed(3)} | ${mbps(r.logs)} | ${r.logs > 0 ? `${(packets / r.logs / 1e6).toFixed(2)}M` : '-'} | ` +
      `${r.rules.toFixed(3)} | ${r.report.toFixed(3)} | ${r.seconds.toFixed(2)} | ${mbps(r.seconds)} | ${r.rss.toFixed(0)} | ` +
      `${r.heap ? r.heap.toFixed(0) : '-'} |`,
  );
}
console.log(`\nwasm/native, reading: ${(native.logs / wasm.logs).toFixed(2)}`);
