#!/usr/bin/env node
// The packet capture benchmark: one phone pcapng (scripts/lib/phone-capture.mjs: a day of a
// phone with NAMES apps, each looked up and used over TLS) analysed by the native CLI and by the
// wasm engine through the npm CLI, in one run on the same file.
//   node scripts/bench/capture.mjs [--names 2000] [--file F.pcapng (reuse one)] [--runs 3]
//   node scripts/bench/capture.mjs --gb 1 [--dir DIR (reuse its files)] [--runs 3] [--no-page]
//     [--names 2000] [--media 60 (media fetches a day)]
// The second form: days of a phone with media fetches (scripts/bench/phone-days.mjs), a 1 GB
// pcapng and the same packets as a pcap, and the first day alone in both formats; then the page
// in Chromium on the long ones.
// Prints MB/s and packets/s for reading (the engine's "logs" stage: packets to records), end to
// end, and peak memory (process RSS; wasm heap). Timings are measured, never asserted.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { phoneCapture } from '../lib/phone-capture.mjs';
import { runInChromium } from './page.mjs';
import { writePhoneDays } from './phone-days.mjs';
import { repeat, timed } from './timed.mjs';
import { has, nativeCli, nodeCli, opt, requireBuiltClis } from './setup.mjs';

requireBuiltClis();

const runs = Number(opt('runs', 3));

// Each engine on one file, best of `runs`; returns the rows' figures.
function measure(file) {
  const argv = ['analyze', file, '--timings'];
  const native = repeat(runs, () => timed(nativeCli, argv));
  const wasm = repeat(runs, () => timed(process.execPath, [nodeCli, ...argv]));
  const input = JSON.parse(native.stdout).inputs[0];
  return { file, bytes: statSync(file).size, input, native, wasm };
}

function table(results) {
  console.log(
    '\n| file | format | MB | packets | engine | read s | read MB/s | read packets/s | rules s | report s | end to end s | peak RSS MiB | wasm heap MiB |',
  );
  console.log('|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { file, bytes, input, native, wasm } of results) {
    const packets = input.capture.packets;
    for (const [name, r] of [
      ['native CLI', native],
      ['wasm (Node, npm CLI)', wasm],
    ]) {
      const rate = (n) => (r.logs > 0 ? n / r.logs : 0);
      console.log(
        `| ${path.basename(file)} | ${input.format} | ${(bytes / 1e6).toFixed(1)} | ${packets} | ${name} | ` +
          `${r.logs.toFixed(3)} | ${(rate(bytes) / 1e6).toFixed(0)} | ${(rate(packets) / 1e6).toFixed(2)}M | ` +
          `${r.rules.toFixed(3)} | ${r.report.toFixed(3)} | ${r.seconds.toFixed(2)} | ${r.rss.toFixed(0)} | ` +
          `${r.heap ? r.heap.toFixed(0) : '-'} |`,
      );
    }
  }
  for (const { file, native, wasm } of results)
    console.log(`wasm/native, reading ${path.basename(file)}: ${(native.logs / wasm.logs).toFixed(2)}`);
}

const gb = opt('gb');
if (gb) {
  // Days of a phone until the pcapng holds GB gigabytes, in both formats; and its first day.
  const dir = opt('dir') ?? mkdtempSync(path.join(tmpdir(), 'zeekscope-capture-bench-'));
  let files = ['phone-days.pcapng', 'phone-days.pcap', 'phone-day.pcapng', 'phone-day.pcap'].map((f) =>
    path.join(dir, f),
  );
  if (!files.every(existsSync)) {
    const made = writePhoneDays({
      dir,
      bytes: Number(gb) * 1e9,
      names: Number(opt('names', 2000)),
      media: Number(opt('media', 60)),
      log: console.log,
    });
    files = [made.files.pcapng, made.files.pcap, made.files.dayPcapng, made.files.dayPcap];
    console.log(`generated ${made.days} days, ${made.packets} packets, in ${dir}`);
  }
  const results = files.map(measure);
  const [days, , day] = results;
  const records = Object.entries(days.input.capture.records)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  console.log(`\nzeekscope capture benchmark: ${dir}; the days give ${records} records`);
  table(results);
  console.log(
    `peak RSS, ${(days.bytes / day.bytes).toFixed(1)} times the bytes: native ${day.native.rss.toFixed(0)} -> ` +
      `${days.native.rss.toFixed(0)} MiB, wasm heap ${day.wasm.heap?.toFixed(0)} -> ${days.wasm.heap?.toFixed(0)} MiB`,
  );
  // The page on the long captures (Chromium: the time to the report and its longest main-thread
  // task while checking).
  if (existsSync('/usr/bin/chromium') && !has('no-page'))
    for (const name of ['phone-days.pcapng', 'phone-days.pcap']) {
      process.stdout.write(`${name}: `);
      await runInChromium(dir, [name]);
    }
  if (!opt('dir')) rmSync(dir, { recursive: true, force: true }); // reused only when asked for
  process.exit(0);
}

let file = opt('file');
if (!file) {
  const names = Number(opt('names', 2000));
  const start = process.hrtime.bigint();
  // Names spread over many registrable domains, as a phone's apps are.
  const benign = Array.from({ length: names }, (_, i) => `api${i % 7}.app${i}.example${i % 211}.net`);
  const capture = phoneCapture({ seed: 7, minutes: 24 * 60, benign });
  file = path.join(mkdtempSync(path.join(tmpdir(), 'zeekscope-capture-bench-')), 'phone.pcapng');
  writeFileSync(file, capture.bytes);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`generated ${file}: ${capture.packets} packets in ${seconds.toFixed(1)} s`);
}
const result = measure(file);
const records = Object.entries(result.input.capture.records)
  .map(([k, v]) => `${v} ${k}`)
  .join(', ');
console.log(`\nzeekscope capture benchmark: ${records} records`);
table([result]);
