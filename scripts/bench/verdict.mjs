#!/usr/bin/env node
// Time to verdict at the sizes people check: a two-row capture, a real 1.2 MB day from
// ../shared/data, and generated 10 MB and 100 MB captures (1 GB with --gb), each checked against the
// TinyCheck and Echap feeds by the native CLI, the npm CLI (wasm) and the page in Chromium.
//   node scripts/bench/verdict.mjs [--runs 5] [--sizes tiny,real,10,100] [--gb] [--no-page]
//                                  [--dir DIR (keeps the generated captures there)]
// Each run alternates the CLIs; the tables give medians. The npm CLI's and the page's own
// breakdowns (from --timings and the page's data attributes) say where the time went: process
// start, inputs listed and lists read, engine start (worker, wasm compile and instantiate),
// indicators loaded, files read, rules and report, output; for the page, the page load, the first
// drop on a loaded page and a second drop on the same page. Timings are measured, never asserted.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pageTimesToVerdict } from './page.mjs';
import { timed } from './timed.mjs';
import { has, nativeCli, nodeCli, opt, requireBuiltClis, root } from './setup.mjs';

const runs = Number(opt('runs', 5));
const sizes = opt('sizes', 'tiny,real,10,100').split(',');
if (has('gb')) sizes.push('1000');
requireBuiltClis();
const shared = path.resolve(root, '../shared/data');
const realDay = path.join(shared, 'zeek/stratosphere-security-datasets/012-zeek-mixed/data');
const feeds = ['tinycheck/iocs.json', 'echap/network.csv']
  .map((f) => path.join(shared, 'iocs', f))
  .filter(existsSync);
const feedArgs = feeds.flatMap((f) => ['--iocs', f]);

const work = opt('dir') ?? mkdtempSync(path.join(tmpdir(), 'zeekscope-verdict-'));
mkdirSync(work, { recursive: true });

// The folder holding one input's logs.
function inputFolder(size) {
  if (size === 'real') return existsSync(realDay) ? realDay : null;
  const dir = path.join(work, size);
  if (size === 'tiny') {
    // The real day's conn.log header and its first two rows.
    if (!existsSync(realDay)) return null;
    mkdirSync(dir, { recursive: true });
    const lines = readFileSync(path.join(realDay, 'conn.log.labeled'), 'utf8').split('\n');
    const header = lines.filter((l) => l.startsWith('#') && !l.startsWith('#close'));
    const rows = lines.filter((l) => l && !l.startsWith('#')).slice(0, 2);
    writeFileSync(path.join(dir, 'conn.log'), [...header, ...rows, ''].join('\n'));
    return dir;
  }
  const mb = Number(size);
  if (!existsSync(dir) || readdirSync(dir).length === 0)
    execFileSync(process.execPath, [
      path.join(root, 'scripts/bench/generate.mjs'),
      dir,
      '--mb',
      String(mb),
      '--destinations',
      String(Math.min(50000, mb * 500)),
    ]);
  return dir;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
// Medians of each numeric field of the runs' objects.
function medians(list) {
  const out = {};
  for (const key of Object.keys(list[0] ?? {})) out[key] = median(list.map((o) => o[key] ?? 0));
  return out;
}

// The npm CLI's "stages:" line from --timings, as { name: seconds }.
function stagesOf(stderr) {
  const line = /stages: (.*)/.exec(stderr)?.[1] ?? '';
  const out = {};
  for (const m of line.matchAll(/([a-z][a-z ]*?) ([\d.]+) s/g)) out[m[1].trim()] = Number(m[2]);
  return out;
}

function runCli(cmd, folder) {
  const argv = ['analyze', folder, ...feedArgs, '--timings', '--out', '/dev/null'];
  return cmd === nativeCli ? timed(cmd, argv) : timed(process.execPath, [cmd, ...argv]);
}

const s3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : '-');
const results = [];
for (const size of sizes) {
  const folder = inputFolder(size);
  if (!folder) {
    console.log(`${size}: skipped (${realDay} is absent)`);
    continue;
  }
  const bytes = readdirSync(folder).reduce(
    (n, f) => n + readFileSync(path.join(folder, f)).length * (/\.log/.test(f) ? 1 : 0),
    0,
  );
  const native = [];
  const npm = [];
  for (let i = 0; i < runs; i++) {
    native.push(runCli(nativeCli, folder));
    const r = runCli(nodeCli, folder);
    npm.push({ seconds: r.seconds, ...stagesOf(r.stderr), rss: r.rss });
  }
  const page =
    !has('no-page') && existsSync('/usr/bin/chromium') && existsSync(path.join(root, 'dist/web/index.html'))
      ? await pageTimesToVerdict(
          folder,
          readdirSync(folder).filter((f) => /\.log/.test(f)),
          Math.min(runs, 3),
        )
      : null;
  results.push({
    size,
    bytes,
    native: medians(native.map((r) => ({ seconds: r.seconds, rss: r.rss }))),
    npm: medians(npm),
    page: page && {
      ...medians(page.map(({ load, first, next }) => ({ load, first, next }))),
      firstStages: medians(page.map((p) => p.stages)),
    },
  });
}

const label = (r) => (r.size === 'tiny' ? 'two rows' : r.size === 'real' ? 'real day' : `${r.size} MB`);
console.log(
  `\nzeekscope time to verdict (median of ${runs} runs; feeds: ${feeds.map((f) => path.basename(f)).join(', ') || 'none'})`,
);
console.log(`machine: ${execFileSync('nproc').toString().trim()} cores, node ${process.version}\n`);
console.log(
  '| input | MB | native CLI s | npm CLI s | npm - native | npm / native | page: load | page: first drop | page: next drop |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${label(r)} | ${(r.bytes / 1e6).toFixed(1)} | ${s3(r.native.seconds)} | ${s3(r.npm.seconds)} | ` +
      `${s3(r.npm.seconds - r.native.seconds)} | ${(r.npm.seconds / r.native.seconds).toFixed(1)}x | ` +
      `${s3(r.page?.load)} | ${s3(r.page?.first)} | ${s3(r.page?.next)} |`,
  );
}
const breakdown = (title, pick) => {
  const keys = [...new Set(results.flatMap((r) => Object.keys(pick(r) ?? {})))];
  if (!keys.length) return;
  console.log(`\n${title} (seconds, medians)\n`);
  console.log(`| stage | ${results.map(label).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---:').join('|')}|`);
  for (const k of keys) console.log(`| ${k} | ${results.map((r) => s3(pick(r)?.[k])).join(' | ')} |`);
};
breakdown('npm CLI breakdown', (r) =>
  Object.fromEntries(Object.entries(r.npm).filter(([k]) => k !== 'seconds' && k !== 'rss')),
);
breakdown('page breakdown, first drop on a loaded page', (r) => r.page?.firstStages);
if (!opt('dir')) rmSync(work, { recursive: true, force: true });
