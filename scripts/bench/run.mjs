#!/usr/bin/env node
// Benchmarks: the same synthetic capture analysed by (a) the native CLI, (b) the wasm engine in
// Node through the package (npm CLI), (c) the page's worker in headless Chromium, and a plain awk
// pass that only counts the distinct (resp_h, proto, resp_p, service) keys of conn.log.
//   node scripts/bench/run.mjs [--mb 100] [--format tsv|json] [--destinations 50000]
//                              [--dir DIR (reuse a generated capture)] [--no-browser] [--no-gzip]
//                              [--page-only (just the page worker in Chromium: its time and heap)]
// Prints MB/s and rows/s per log type and for the whole capture, engine time per stage, and peak
// memory (process RSS, wasm heap). Timings are measured, never asserted.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInChromium } from './page.mjs';
import { repeat, timed } from './timed.mjs';
import { has, nativeCli, nodeCli, opt, requireBuiltClis, root } from './setup.mjs';

const pageOnly = has('page-only');
const mb = Number(opt('mb', 100));
const format = opt('format', 'tsv');
requireBuiltClis();

let dir = opt('dir');
if (!dir) {
  dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-bench-'));
  execFileSync(
    process.execPath,
    [
      path.join(root, 'scripts/bench/generate.mjs'),
      dir,
      '--mb',
      String(mb),
      '--format',
      format,
      '--destinations',
      opt('destinations', '50000'),
    ],
    { stdio: 'inherit' },
  );
}
const shared = path.resolve(root, '../shared/data/iocs');
const feeds = ['tinycheck/iocs.json', 'echap/network.csv']
  .map((f) => path.join(shared, f))
  .filter(existsSync);
const feedArgs = feeds.flatMap((f) => ['--iocs', f]);
const files = readdirSync(dir)
  .filter((f) => /\.log$/.test(f))
  .sort();
const sizeOf = (f) => statSync(path.join(dir, f)).size;
const linesOf = (f) =>
  Number(
    execFileSync('wc', ['-l', path.join(dir, f)])
      .toString()
      .trim()
      .split(/\s+/)[0],
  );
const totalBytes = files.reduce((n, f) => n + sizeOf(f), 0);

// A stage too short for the CLIs' millisecond timings (a small file) has no rate: '-'.
const mbps = (bytes, s) => (s > 0 ? (bytes / 1e6 / s).toFixed(0) : '-');
const perSecond = (rows, s) => (s > 0 ? `${(rows / s / 1e6).toFixed(2)}M` : '-');
const ratio = (a, b) => (a > 0 && b > 0 ? (a / b).toFixed(2) : '-');

const rows = [];
console.log(
  `\nzeekscope benchmark: ${(totalBytes / 1e6).toFixed(0)} MB of ${format.toUpperCase()} logs in ${dir}`,
);
console.log(
  `feeds: ${feeds.length ? feeds.map((f) => path.relative(path.resolve(root, '..'), f)).join(', ') : 'none found (../shared/data/iocs)'}`,
);
console.log(`machine: ${execFileSync('nproc').toString().trim()} cores, node ${process.version}\n`);

// Per log type: the engine's own time for reading and aggregating the file.
console.log('| log | MB | rows | native MB/s | native rows/s | wasm MB/s | wasm rows/s | wasm/native |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const f of pageOnly ? [] : files) {
  const p = path.join(dir, f);
  const n = repeat(3, () => timed(nativeCli, ['analyze', p, ...feedArgs, '--timings', '--out', '/dev/null']));
  const w = repeat(3, () =>
    timed(process.execPath, [nodeCli, 'analyze', p, ...feedArgs, '--timings', '--out', '/dev/null']),
  );
  const lines = linesOf(f);
  console.log(
    `| ${f} | ${(sizeOf(f) / 1e6).toFixed(0)} | ${lines} | ${mbps(sizeOf(f), n.logs)} | ${perSecond(lines, n.logs)} | ` +
      `${mbps(sizeOf(f), w.logs)} | ${perSecond(lines, w.logs)} | ${ratio(n.logs, w.logs)} |`,
  );
}

// The whole capture, end to end (process start to report written). The log files are named one
// by one: the folder may also hold the gzip copy made below.
let wasm = null,
  wasm2 = null;
const capture = files.map((f) => path.join(dir, f));
if (!pageOnly) {
  const native = repeat(2, () =>
    timed(nativeCli, ['analyze', ...capture, ...feedArgs, '--timings', '--out', '/dev/null']),
  );
  wasm = repeat(2, () =>
    timed(process.execPath, [nodeCli, 'analyze', ...capture, ...feedArgs, '--timings', '--out', '/dev/null']),
  );
  wasm2 = repeat(2, () =>
    timed(process.execPath, [
      nodeCli,
      'analyze',
      ...capture,
      ...feedArgs,
      '--timings',
      '--workers',
      '2',
      '--out',
      '/dev/null',
    ]),
  );
  rows.push(['native CLI', native], ['wasm (Node, npm CLI)', wasm], ['wasm, 2 workers', wasm2]);
}

if (
  !has('no-browser') &&
  existsSync('/usr/bin/chromium') &&
  existsSync(path.join(root, 'dist/web/index.html'))
) {
  const browser = await runInChromium(dir, files);
  rows.push(['page worker (Chromium)', browser]);
}
if (wasm2)
  console.log(
    `\n2 workers: ${(wasm.seconds / wasm2.seconds).toFixed(2)}x the speed of 1 (the logs stage only is split; stage times below are the first worker's)`,
  );
console.log(
  `\n| engine | end to end s | MB/s | logs s | rules s | report s | peak RSS MiB | wasm heap MiB |`,
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, r] of rows) {
  const fmt = (v) => (v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(2));
  console.log(
    `| ${name} | ${r.seconds.toFixed(2)} | ${mbps(totalBytes, r.seconds)} | ${fmt(r.logs)} | ${fmt(r.rules)} | ` +
      `${fmt(r.report)} | ${r.rss ? r.rss.toFixed(0) : '-'} | ${r.heap ? r.heap.toFixed(0) : '-'} |`,
  );
}

// The floor: awk counting distinct destination keys of conn.log.
const conn = path.join(dir, files.find((f) => f.startsWith('conn')) ?? files[0]);
if (format === 'tsv' && !pageOnly) {
  const awk = repeat(2, () => {
    const start = process.hrtime.bigint();
    execFileSync('awk', ['-F', '\t', '!/^#/ { k[$5 FS $7 FS $6 FS $8] = 1 } END { print length(k) }', conn]);
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9 };
  });
  const nConn = repeat(3, () => timed(nativeCli, ['analyze', conn, '--timings', '--out', '/dev/null']));
  const wConn = repeat(3, () =>
    timed(process.execPath, [nodeCli, 'analyze', conn, '--timings', '--out', '/dev/null']),
  );
  console.log(
    `\nconn.log alone (${(statSync(conn).size / 1e6).toFixed(0)} MB), end to end: native ${mbps(statSync(conn).size, nConn.seconds)} MB/s, ` +
      `wasm ${mbps(statSync(conn).size, wConn.seconds)} MB/s; awk key count ${mbps(statSync(conn).size, awk.seconds)} MB/s ` +
      `(native/awk ${(awk.seconds / nConn.seconds).toFixed(2)}x, wasm/awk ${(awk.seconds / wConn.seconds).toFixed(2)}x)`,
  );
}

// gzip: the analysis of conn.log.gz against the decompressor alone.
if (!has('no-gzip') && !pageOnly) {
  const gz = `${conn}.gz`;
  if (!existsSync(gz)) execFileSync('sh', ['-c', `gzip -1 -c '${conn}' > '${gz}'`]);
  const gunzip = repeat(2, () => {
    const start = process.hrtime.bigint();
    execFileSync('sh', ['-c', `gzip -dc '${gz}' > /dev/null`]);
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9 };
  });
  const plain = repeat(2, () => timed(nativeCli, ['analyze', conn, '--timings', '--out', '/dev/null']));
  const packed = repeat(2, () => timed(nativeCli, ['analyze', gz, '--timings', '--out', '/dev/null']));
  const wPlain = repeat(2, () =>
    timed(process.execPath, [nodeCli, 'analyze', conn, '--timings', '--out', '/dev/null']),
  );
  const wPacked = repeat(2, () =>
    timed(process.execPath, [nodeCli, 'analyze', gz, '--timings', '--out', '/dev/null']),
  );
  console.log(
    `gzip: gzip -dc alone ${gunzip.seconds.toFixed(2)} s; native plain ${plain.seconds.toFixed(2)} s vs .gz ${packed.seconds.toFixed(2)} s ` +
      `(+${(packed.seconds - plain.seconds).toFixed(2)} s); wasm plain ${wPlain.seconds.toFixed(2)} s vs .gz ${wPacked.seconds.toFixed(2)} s ` +
      `(+${(wPacked.seconds - wPlain.seconds).toFixed(2)} s)`,
  );
}
