// One large log read by several workers at once (js/file-parts.js, issue 22): the report is the
// one a single worker (and the native CLI) gives, byte for byte, whether the parts could be read
// apart or the file's layout changed after its header and the first worker read on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze } from '../../js/index.js';
import { PART_MIN_BYTES, planParts } from '../../js/file-parts.js';
import { browserHost } from '../../js/browser-host.js';
import { nodeHost } from '../../js/node-host.js';
import {
  FEEDS,
  SHARED,
  needNative,
  needShared,
  needWasm,
  runNative,
  runNode,
  withoutTool,
} from './helpers.js';

const DAY_CONN = path.join(
  SHARED,
  'zeek/stratosphere-security-datasets/012-zeek-mixed/data/conn.log.labeled',
);
const skip =
  needWasm() || needShared('zeek/stratosphere-security-datasets/012-zeek-mixed') || needShared('iocs');

// Files from this size are read in parts here (the default, 256 MiB, would make slow tests).
const PART_BYTES = 24 << 20;

// The real day's conn.log, its rows repeated past `bytes` with a damaged row now and then,
// under its header: `rotations` of it joined as Zeek's rotated files are (a second header block).
function largeConnLog(dir, name, { rotations = 1, bytes = PART_BYTES * 1.1 } = {}) {
  const lines = readFileSync(DAY_CONN, 'utf8').split('\n');
  const header = lines.filter((l) => l.startsWith('#')).join('\n') + '\n';
  const rows = lines.filter((l) => l && !l.startsWith('#'));
  const block = rows.join('\n') + '\n';
  const copies = Math.ceil(bytes / block.length / rotations);
  const file = path.join(dir, name);
  const fd = openSync(file, 'w');
  for (let r = 0; r < rotations; r++) {
    writeSync(fd, header);
    for (let i = 0; i < copies; i++) writeSync(fd, i % 3 === 1 ? `${block}${rows[i].slice(0, 40)}\n` : block);
    writeSync(fd, '#close\t2022-06-18-00-00-00\n');
  }
  closeSync(fd);
  return file;
}

let dir = null;
test.before(() => {
  if (!skip) dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-parts-'));
});
test.after(() => dir && rmSync(dir, { recursive: true, force: true }));

async function report(file, workers) {
  let parts = null;
  const json = await analyze(file, {
    indicators: FEEDS,
    workers,
    partBytes: PART_BYTES,
    output: 'json',
    onStats: (s) => (parts = s.parts),
  });
  return { json, parts };
}

test(
  "a large log read by two and three workers gives one worker's report",
  { skip, timeout: 300000 },
  async () => {
    const file = largeConnLog(dir, 'conn.log');
    const one = await report(file, 1);
    assert.deepEqual(one.parts, { files: 0, apart: 0 });
    const parsed = JSON.parse(one.json);
    assert.ok(
      parsed.inputs[0].skipped_lines > 10 && parsed.alerts.length > 0,
      'damaged rows and alerts to compare',
    );
    // Every part holds the day's 1529 originators: two parts' together stay within the 4096 a
    // capture keeps, three parts' do not (one reader keeps them all, so the first worker reads on).
    for (const [workers, apart] of [
      [2, 1],
      [3, 0],
    ]) {
      const many = await report(file, workers);
      assert.deepEqual(many.parts, { files: 1, apart }, `${workers} workers`);
      assert.equal(many.json, one.json, `${workers} workers`);
    }
  },
);

test(
  'a large log whose second header block comes after a cut is read on by the first worker',
  { skip, timeout: 300000 },
  async () => {
    const file = largeConnLog(dir, 'rotated-conn.log', { rotations: 2 });
    const one = await report(file, 1);
    assert.equal(JSON.parse(one.json).inputs[0].header_blocks, 2);
    const two = await report(file, 2);
    assert.deepEqual(two.parts, { files: 1, apart: 0 });
    assert.equal(two.json, one.json);
  },
);

test(
  'a large log whose connections span over 24 days, or that meets a limit, is read on by the first worker',
  { skip, timeout: 300000 },
  async () => {
    // The rows again, 30 days later, after the large log's last row.
    const file = largeConnLog(dir, 'month-conn.log');
    const later = readFileSync(DAY_CONN, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.replace(/^(\d+)/, (ts) => String(Number(ts) + 30 * 86400)))
      .join('\n');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/#close.*\n$/, `${later}\n`));
    for (const config of [{}, { limits: { max_destinations: 1000 } }]) {
      const run = async (workers) => {
        let parts = null;
        const json = await analyze(file, {
          config,
          workers,
          partBytes: PART_BYTES,
          output: 'json',
          onStats: (st) => (parts = st.parts),
        });
        return { json, parts };
      };
      const one = await run(1);
      const two = await run(2);
      assert.deepEqual(two.parts, { files: 1, apart: 0 }, JSON.stringify(config));
      assert.equal(two.json, one.json, JSON.stringify(config));
    }
  },
);

test(
  'an analysis cancelled at any point stops, whatever it was waiting for',
  { skip, timeout: 120000 },
  async () => {
    const file = largeConnLog(dir, 'cancelled-conn.log');
    // Before it starts, at once, and when the first bytes were read: it must reject.
    for (const when of ['before', 'microtask', 'first bytes']) {
      const controller = new AbortController();
      if (when === 'before') controller.abort();
      else if (when === 'microtask') queueMicrotask(() => controller.abort());
      const onProgress = when === 'first bytes' ? (p) => p.bytes > 0 && controller.abort() : undefined;
      const running = analyze(file, {
        workers: 2,
        partBytes: PART_BYTES,
        signal: controller.signal,
        onProgress,
      });
      await assert.rejects(running, { name: 'AbortError' }, when);
    }
    // After a few milliseconds, wherever it is: it settles, cancelled or (fast) done, never hangs.
    for (const ms of [1, 5, 20]) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), ms);
      const outcome = await analyze(file, {
        workers: 2,
        partBytes: PART_BYTES,
        signal: controller.signal,
      }).then(
        () => 'done',
        (e) => e.name,
      );
      assert.ok(outcome === 'AbortError' || outcome === 'done', `${ms} ms: ${outcome}`);
    }
  },
);

test(
  'the npm CLI reads a log of 256 MiB with two workers in parts and gives the native report',
  { skip: skip || needNative(), timeout: 300000 },
  async () => {
    const file = largeConnLog(dir, 'large-conn.log', { bytes: PART_MIN_BYTES + (1 << 20) });
    const small = path.join(
      SHARED,
      'zeek/stratosphere-security-datasets/012-zeek-mixed/data/dns.log.labeled',
    );
    const args = ['analyze', small, file, ...FEEDS.flatMap((f) => ['--iocs', f])];
    const native = await runNative(args);
    const two = await runNode([...args, '--workers', '2', '--timings']);
    rmSync(file);
    assert.equal(native.code, 0, native.stderr.toString());
    assert.equal(two.code, 0, two.stderr.toString());
    assert.equal(withoutTool(two.stdout), withoutTool(native.stdout));
    assert.match(two.stderr.toString(), /^stages: .*; logs read in parts: 1, apart: 1$/m);
  },
);

test('the cuts fall after the header at line ends, read through either host', async () => {
  const header = '#separator \\x09\n#fields\tts\tuid\n#types\ttime\tstring\n';
  const rows = Array.from({ length: 5000 }, (_, i) => `${1700000000 + i}\tC${'x'.repeat(i % 50)}\n`).join('');
  const text = header + rows;
  const bytes = new TextEncoder().encode(text);
  const local = path.join(mkdtempSync(path.join(tmpdir(), 'zeekscope-cuts-')), 'conn.log');
  writeFileSync(local, bytes);
  const [nodeFile] = await nodeHost.listInputs([local]);
  const [pageFile] = await browserHost.listInputs([new File([bytes], 'conn.log')]);
  for (const file of [nodeFile, pageFile]) {
    for (const n of [2, 3, 7]) {
      const plan = await planParts(file, n, 1000);
      assert.equal(new TextDecoder().decode(plan.header), header);
      assert.equal(plan.cuts.length, n + 1);
      assert.equal(plan.cuts[0], 0);
      assert.equal(plan.cuts[n], bytes.length);
      for (let k = 1; k < n; k++) {
        assert.ok(plan.cuts[k] > header.length && plan.cuts[k] > plan.cuts[k - 1]);
        assert.equal(bytes[plan.cuts[k] - 1], 0x0a, 'a cut follows a newline');
      }
      // The parts read back are the file.
      let back = '';
      for (let k = 0; k < n; k++)
        for await (const chunk of await file.openRange(plan.cuts[k], plan.cuts[k + 1]))
          back += new TextDecoder().decode(chunk);
      assert.equal(back, text);
    }
    assert.equal(await planParts(file, 2, bytes.length + 1), null, 'under the size');
    assert.equal(await planParts(file, 1, 1000), null, 'one engine');
  }
  // A header the reader would take further than its '#' lines (a blank or indented line in it).
  for (const gap of ['\n', '  #path\tconn\n', '\t\n']) {
    const [file] = await browserHost.listInputs([new File([header + gap + rows], 'gap.log')]);
    assert.equal(await planParts(file, 2, 1000), null, JSON.stringify(gap));
  }
  // Not a TSV log with its header: JSON, gzip, a capture's magic.
  for (const start of ['{"ts":1}\n', '\x1f\x8b\x08', '\xd4\xc3\xb2\xa1']) {
    const [file] = await browserHost.listInputs([new File([start + rows], 'x.log')]);
    assert.equal(await planParts(file, 2, 1000), null, JSON.stringify(start));
  }
  rmSync(path.dirname(local), { recursive: true, force: true });
});

test(
  'files read by two workers whose states would not merge as one reader reads are read by one',
  { skip, timeout: 300000 },
  async () => {
    // The real day's conn.log in two files, the second 30 days later; and the same under a limit
    // on destinations both files reach together.
    const rows = readFileSync(DAY_CONN, 'utf8').split('\n');
    const header = rows.filter((l) => l.startsWith('#')).join('\n') + '\n';
    const data = rows.filter((l) => l && !l.startsWith('#'));
    const half = Math.floor(data.length / 2);
    const later = (l) => l.replace(/^(\d+)/, (ts) => String(Number(ts) + 30 * 86400));
    const folder = mkdtempSync(path.join(dir, 'groups-'));
    writeFileSync(path.join(folder, 'conn.00.log'), header + data.slice(0, half).join('\n') + '\n');
    writeFileSync(path.join(folder, 'conn.01.log'), header + data.slice(half).map(later).join('\n') + '\n');
    for (const config of [{}, { limits: { max_destinations: 1000 } }]) {
      const run = (workers) => analyze(folder, { config, workers, output: 'json' });
      assert.equal(await run(2), await run(1), JSON.stringify(config));
    }
  },
);
