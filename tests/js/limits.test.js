// Resource limits seen from the package and both CLIs: the gzip bomb guard (read by the hosts),
// the wasm engine's memory limit, and limits given in a configuration file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { analyze } from '../../js/index.js';
import { NATIVE_CLI, needNative, run, runNode } from './helpers.js';

const HEADER =
  [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tdns',
    '#fields\tts\tuid\tid.resp_h\tquery\tqtype_name\tanswers',
    '#types\ttime\tstring\taddr\tstring\tstring\tvector[string]',
  ].join('\n') + '\n';
const RECORD = '1.0\tC1\t8.8.8.8\tspy.example\tA\t198.51.100.66\n';
const FEED = { name: 'feed.txt', text: 'spy.example\n', format: 'text:domain/stalkerware' };

// 96 MiB of one repeated record compress about 1000 to 1: over the default ratio of 250 once
// the output passes the guard's 64 MiB floor.
function gzipBomb() {
  const body = Buffer.alloc(96 << 20, RECORD);
  return gzipSync(Buffer.concat([Buffer.from(HEADER), body.subarray(0, body.lastIndexOf(10) + 1)]));
}

function fixture() {
  const dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-limits-'));
  writeFileSync(path.join(dir, 'bomb.log.gz'), gzipBomb());
  writeFileSync(path.join(dir, 'dns.log'), HEADER + RECORD);
  writeFileSync(path.join(dir, 'feed.txt'), 'spy.example\n');
  return dir;
}

function checkBomb(report, bombName) {
  const bomb = report.inputs.find((i) => i.name.endsWith(bombName));
  assert.match(
    bomb.skipped[0].reason,
    /^decompressed data is over 250 times its compressed size \(max_gzip_ratio\), as in a gzip bomb: the rest of the file was not read$/,
  );
  assert.ok(bomb.records > 100000, 'what came before the guard was read');
  assert.ok(bomb.bytes < 80 << 20, `it stopped near the 64 MiB floor (${bomb.bytes} bytes)`);
  assert.deepEqual(
    report.limits_reached.map((l) => [l.limit, l.value, l.skipped]),
    [['max_gzip_ratio', 250, 1]],
  );
  const other = report.inputs.find((i) => i.name.endsWith('dns.log'));
  assert.equal(other.records, 1, 'the next file is read');
}

test('a gzip bomb is stopped by max_gzip_ratio in the package, and the other files are read', async () => {
  const dir = fixture();
  try {
    const report = await analyze([path.join(dir, 'bomb.log.gz'), path.join(dir, 'dns.log')], {
      indicators: [FEED],
    });
    checkBomb(report, 'bomb.log.gz');
    assert.ok(report.alerts.some((a) => a.id === 'IOC-03' && a.host === 'spy.example'));
    // A higher ratio lets it through whole.
    const whole = await analyze([path.join(dir, 'bomb.log.gz')], {
      config: { limits: { max_gzip_ratio: 5000 } },
    });
    assert.deepEqual(whole.limits_reached, []);
    assert.equal(whole.inputs[0].bytes, (96 << 20) - ((96 << 20) % RECORD.length) + HEADER.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the gzip guard counts the compressed bytes the decompressor took, not those read ahead', async () => {
  // 128 MiB of records with a random name each, about 4:1 in gzip (so tens of MiB compressed,
  // far more than the reads ahead), and max_gzip_ratio set to 3/4 of the file's own ratio: the
  // guard trips as soon as the output passes its 64 MiB floor. Counting what was read instead
  // (the whole file, within a few 4 MiB reads) would let the output run to about 96 MiB.
  const line = (hex) => `1.0\tC1\t8.8.8.8\t${hex}.example\tA\t198.51.100.66\n`;
  const lineBytes = line('0'.repeat(32)).length;
  const lines = Math.floor((128 << 20) / lineBytes);
  const hex = randomBytes(16 * lines).toString('hex');
  const body = Buffer.alloc(lines * lineBytes);
  for (let i = 0; i < lines; i++) body.write(line(hex.slice(32 * i, 32 * i + 32)), i * lineBytes);
  const raw = Buffer.concat([Buffer.from(HEADER), body]);
  const gz = gzipSync(raw, { level: 1 });
  const ratio = Math.ceil((0.75 * raw.length) / gz.length);
  assert.ok(gz.length > 16 << 20, `compressed: ${gz.length} bytes`);
  const dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-limits-'));
  try {
    writeFileSync(path.join(dir, 'names.log.gz'), gz);
    const report = await analyze([path.join(dir, 'names.log.gz')], {
      config: { limits: { max_gzip_ratio: ratio } },
    });
    const input = report.inputs[0];
    assert.deepEqual(
      report.limits_reached.map((l) => [l.limit, l.value]),
      [['max_gzip_ratio', ratio]],
    );
    assert.ok(input.bytes >= 64 << 20, `not before the floor (${input.bytes} bytes)`);
    assert.ok(input.bytes < 68 << 20, `it stopped near the 64 MiB floor (${input.bytes} bytes)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'both CLIs stop a gzip bomb alike and print the limit in the text summary',
  { skip: needNative() },
  async () => {
    const dir = fixture();
    try {
      const args = [
        'analyze',
        path.join(dir, 'bomb.log.gz'),
        path.join(dir, 'dns.log'),
        '--iocs',
        `domain/stalkerware:${path.join(dir, 'feed.txt')}`,
      ];
      const native = await run(NATIVE_CLI, args);
      const node = await runNode(args);
      assert.equal(native.code, 0);
      assert.equal(node.code, 0);
      checkBomb(JSON.parse(native.stdout), 'bomb.log.gz');
      checkBomb(JSON.parse(node.stdout), 'bomb.log.gz');
      const text = await runNode([...args, '--format', 'text']);
      assert.match(
        text.stdout.toString(),
        /Limits reached .*\n {2}max_gzip_ratio = 250: 1 gzip files cut short/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('the wasm engine stops reading at max_memory_mib and keeps what it read before', async () => {
  // 300k distinct destinations grow the wasm heap well past 40 MiB.
  const conn = [
    '#separator \\x09',
    '#path\tconn',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring',
  ];
  for (let i = 0; i < 400000; ++i)
    conn.push(
      `2.0\tC${i}\t10.0.0.2\t5000\t10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\t${1000 + (i % 50)}\ttcp\t-`,
    );
  const enc = new TextEncoder();
  const stream = (text) => {
    const bytes = enc.encode(text);
    return new ReadableStream({
      start(c) {
        for (let i = 0; i < bytes.length; i += 65536) c.enqueue(bytes.subarray(i, i + 65536));
        c.close();
      },
    });
  };
  const report = await analyze(
    [
      { name: 'dns.log', stream: stream(HEADER + RECORD) },
      { name: 'conn.log', stream: stream(conn.join('\n') + '\n') },
      { name: 'later.log', stream: stream(HEADER + RECORD) },
    ],
    { indicators: [FEED], config: { limits: { max_memory_mib: 40 } } },
  );
  const big = report.inputs.find((i) => i.name === 'conn.log');
  assert.ok(big.records > 1000 && big.records < 400000, `cut short (${big.records} records)`);
  assert.match(
    big.skipped.at(-1).reason,
    /the engine's memory reached the limit of 40 MiB \(max_memory_mib\) here: the rest of the file was not read/,
  );
  const later = report.inputs.find((i) => i.name === 'later.log');
  assert.equal(later.skipped_file, true);
  assert.match(later.skipped[0].reason, /^not read: the engine's memory reached the limit of 40 MiB/);
  assert.deepEqual(
    report.limits_reached.map((l) => [l.limit, l.skipped]),
    [['max_memory_mib', 2]],
  );
  assert.ok(
    report.alerts.some((a) => a.id === 'IOC-03' && a.host === 'spy.example'),
    'the first file still counts',
  );
});

test('limits from a --config file: the npm CLI skips what is over them and says so', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-limits-'));
  try {
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ limits: { max_indicators: 1 } }));
    writeFileSync(path.join(dir, 'feed.txt'), 'spy.example\nother.example\n');
    writeFileSync(path.join(dir, 'dns.log'), HEADER + RECORD);
    const node = await runNode([
      'analyze',
      path.join(dir, 'dns.log'),
      '--iocs',
      `domain:${path.join(dir, 'feed.txt')}`,
      '--config',
      path.join(dir, 'config.json'),
    ]);
    const report = JSON.parse(node.stdout);
    assert.deepEqual(report.limits_reached, [
      { limit: 'max_indicators', value: 1, skipped: 1, what: 'indicators not loaded' },
    ]);
    assert.equal(report.config.limits.max_indicators, 1);
    const bad = await runNode(['analyze', path.join(dir, 'dns.log'), '--config', path.join(dir, 'feed.txt')]);
    assert.equal(bad.code, 2);
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ limits: { max_fields: 0 } }));
    const zero = await runNode([
      'analyze',
      path.join(dir, 'dns.log'),
      '--config',
      path.join(dir, 'config.json'),
    ]);
    assert.equal(zero.code, 2);
    assert.match(zero.stderr.toString(), /limits\.max_fields/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
