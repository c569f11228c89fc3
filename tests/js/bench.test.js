// The benchmark harness (issue 5): the generator is deterministic and writes the five logs a
// phone capture has, and the runner prints its tables for a small capture. Timings are printed,
// never asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, needNative, needShared, run } from './helpers.js';

const GENERATE = path.join(ROOT, 'scripts/bench/generate.mjs');
const RUN = path.join(ROOT, 'scripts/bench/run.mjs');
const LOGS = ['conn.log', 'dns.log', 'http.log', 'ssl.log', 'x509.log'];

function temp(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-bench-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function generate(dir, { seed = 3, format = 'tsv' } = {}) {
  const r = await run(process.execPath, [
    GENERATE,
    dir,
    '--mb',
    '2',
    '--destinations',
    '400',
    '--seed',
    String(seed),
    '--format',
    format,
  ]);
  assert.equal(r.code, 0, r.stderr.toString());
  return r.stdout.toString();
}

test('the generator writes the same capture for the same seed, with its destinations', async (t) => {
  const a = temp(t),
    b = temp(t);
  const said = await generate(a);
  await generate(b);
  assert.deepEqual(readdirSync(a).sort(), LOGS);
  for (const f of LOGS) assert.ok(readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))), f);
  const conn = readFileSync(path.join(a, 'conn.log'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  const keys = new Set(conn.map((l) => l.split('\t')).map((c) => [c[4], c[6], c[5], c[7]].join('\t')));
  assert.ok(conn.length > 5000, `${conn.length} conn rows`);
  assert.ok(keys.size > 100 && keys.size <= 400, `${keys.size} destinations`);
  assert.match(said, new RegExp(`${keys.size} destinations seen`));
  const other = temp(t);
  await generate(other, { seed: 4 });
  assert.ok(!readFileSync(path.join(other, 'conn.log')).equals(readFileSync(path.join(a, 'conn.log'))));
});

test('the generator writes JSON logs, one object per line', async (t) => {
  const dir = temp(t);
  await generate(dir, { format: 'json' });
  assert.deepEqual(
    readdirSync(dir).sort(),
    LOGS.map((f) => f.replace('.log', '.json.log')),
  );
  const lines = readFileSync(path.join(dir, 'conn.json.log'), 'utf8').trim().split('\n');
  assert.ok(lines.length > 1000);
  for (const l of lines.slice(0, 50)) assert.equal(typeof JSON.parse(l)['id.resp_h'], 'string');
});

test(
  'the runner prints per-log, end-to-end and awk figures for a capture',
  { skip: needNative() },
  async (t) => {
    const dir = temp(t);
    await generate(dir);
    const r = await run(process.execPath, [RUN, '--dir', dir, '--no-browser', '--no-gzip']);
    assert.equal(r.code, 0, r.stderr.toString());
    const out = r.stdout.toString();
    // Every log has a row; a file too small for the CLIs' millisecond timings shows '-', never
    // Infinity or NaN.
    for (const f of LOGS)
      assert.match(
        out,
        new RegExp(`^\\| ${f.replace('.', '\\.')} \\| \\d+ \\| \\d+ \\| (\\d+|-) \\|`, 'm'),
        f,
      );
    assert.doesNotMatch(out, /Infinity|NaN/);
    for (const engine of ['native CLI', 'wasm \\(Node, npm CLI\\)', 'wasm, 2 workers'])
      assert.match(
        out,
        new RegExp(
          `^\\| ${engine} \\| [\\d.]+ \\| \\d+ \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| \\d+ \\|`,
          'm',
        ),
      );
    assert.match(
      out,
      /conn\.log alone \(\d+ MB\), end to end: native \d+ MB\/s, wasm \d+ MB\/s; awk key count \d+ MB\/s/,
    );
  },
);

test(
  'the capture benchmark prints reading, end-to-end and memory figures for native and wasm',
  { skip: needNative() },
  async () => {
    const row = (file, format, engine) =>
      new RegExp(
        `^\\| ${file} \\| ${format} \\| [\\d.]+ \\| \\d+ \\| ${engine} \\| [\\d.]+ \\| \\d+ \\| [\\d.]+M \\| ` +
          `[\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| \\d+ \\| (\\d+|-) \\|$`,
        'm',
      );
    const engines = ['native CLI', 'wasm \\(Node, npm CLI\\)'];
    const r = await run(process.execPath, [
      path.join(ROOT, 'scripts/bench/capture.mjs'),
      '--names',
      '30',
      '--runs',
      '1',
    ]);
    assert.equal(r.code, 0, r.stderr.toString());
    const out = r.stdout.toString();
    assert.match(out, /zeekscope capture benchmark: \d+ conn, \d+ dns/);
    assert.doesNotMatch(out, /Infinity|NaN/);
    for (const engine of engines) assert.match(out, row('phone.pcapng', 'pcapng', engine), engine);

    // Days of a phone in both formats (here one small day: --gb asks for 1 MB), and the memory line.
    const days = await run(process.execPath, [
      path.join(ROOT, 'scripts/bench/capture.mjs'),
      ...['--gb', '0.001', '--names', '20', '--media', '2', '--runs', '1', '--no-page'],
    ]);
    assert.equal(days.code, 0, days.stderr.toString());
    const text = days.stdout.toString();
    assert.doesNotMatch(text, /Infinity|NaN/);
    for (const engine of engines)
      for (const [file, format] of [
        ['phone-days.pcapng', 'pcapng'],
        ['phone-days.pcap', 'pcap'],
        ['phone-day.pcapng', 'pcapng'],
        ['phone-day.pcap', 'pcap'],
      ])
        assert.match(text, row(file.replace('.', '\\.'), format, engine), `${file} ${engine}`);
    assert.match(
      text,
      /^peak RSS, [\d.]+ times the bytes: native \d+ -> \d+ MiB, wasm heap \d+ -> \d+ MiB$/m,
    );
  },
);

test(
  'the time-to-verdict benchmark prints its table and the npm CLI breakdown',
  { skip: needNative() || needShared('zeek/stratosphere-security-datasets/012-zeek-mixed') },
  async (t) => {
    const dir = temp(t);
    const r = await run(process.execPath, [
      path.join(ROOT, 'scripts/bench/verdict.mjs'),
      '--sizes',
      'tiny,real,2',
      '--runs',
      '1',
      '--no-page',
      '--dir',
      dir,
    ]);
    assert.equal(r.code, 0, r.stderr.toString());
    const out = r.stdout.toString();
    for (const input of ['two rows', 'real day', '2 MB'])
      assert.match(
        out,
        new RegExp(`^\\| ${input} \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| -?[\\d.]+ \\| [\\d.]+x \\|`, 'm'),
      );
    for (const stage of [
      'process start',
      'engine start',
      'indicators',
      'files',
      'rules and report',
      'compile',
    ])
      assert.match(out, new RegExp(`^\\| ${stage} \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\|$`, 'm'), stage);
    assert.doesNotMatch(out, /Infinity|NaN/);
    // The two-row capture is the real day's conn.log header with two of its rows.
    const rows = readFileSync(path.join(dir, 'tiny/conn.log'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    assert.equal(rows.length, 2);
  },
);
