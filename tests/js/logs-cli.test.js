// `zeekscope logs`: the npm CLI (wasm engine) writes the same Zeek log files, byte for byte, and
// says the same things about each capture as the native CLI, on traces of Zeek's test suite
// (../shared/data/pcap/zeek-btest), in TSV and JSON; damaged and unreadable captures are named
// and the rest goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHARED, needNative, needShared, needWasm, runNative, runNode } from './helpers.js';

const BTEST = path.join(SHARED, 'pcap/zeek-btest');
const skip = needShared('pcap/zeek-btest') || needNative() || needWasm();

// Each case: the arguments (captures, relative to BTEST) and the logs both CLIs must write.
const CASES = [
  { captures: ['scripts.base.protocols.http.http-no-crlf/no_crlf.pcap'], logs: ['conn.log', 'http.log'] },
  {
    captures: ['scripts.base.protocols.dns.multiple-txt-strings/dns-txt-multiple.pcap'],
    logs: ['conn.log', 'dns.log'],
  },
  { captures: ['scripts.base.protocols.ssl.tls1_1/tls1_1.pcap'], logs: ['conn.log', 'ssl.log', 'x509.log'] },
  // gzip, inflated by each host
  {
    captures: ['scripts.base.protocols.ssl.fragment/tls-fragmented-handshake.pcap.gz'],
    logs: ['conn.log', 'ssl.log'],
  },
  // a folder holding a gzip capture: inflated to see what it is
  { captures: ['scripts.base.protocols.ssl.fragment'], logs: ['conn.log', 'ssl.log'] },
  // pcapng over two interfaces, made with checksum offloading (Zeek ran with -C, as both CLIs
  // read by default)
  {
    captures: ['core.pcapng-pktsrc/pcapng-multi-interface.pcapng'],
    logs: ['conn.log', 'dns.log'],
  },
  // checksums verified, as Zeek by default: the offloaded ones fail (history C, no payload)
  {
    captures: ['core.pcapng-pktsrc/pcapng-multi-interface.pcapng'],
    options: ['--verify-checksums'],
    logs: ['conn.log', 'dns.log'],
  },
  // folders, searched: the captures are told from CMD.txt and Zeek's logs by their content
  {
    captures: [
      'scripts.base.protocols.irc.starttls',
      'scripts.base.protocols.http.http-connect',
      'scripts.base.protocols.ssl.dhe',
    ],
    logs: ['conn.log', 'http.log', 'ssl.log', 'x509.log'],
  },
];

async function tempDir(t) {
  const dir = await mkdtemp(path.join(tmpdir(), 'zeekscope-logs-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// Runs both CLIs with the same arguments, each into its own folder; returns what they did.
async function both(dir, args, tag) {
  const outs = { native: path.join(dir, `${tag}-native`), npm: path.join(dir, `${tag}-npm`) };
  const [native, npm] = await Promise.all([
    runNative(['logs', ...args, '--out', outs.native]),
    runNode(['logs', ...args, '--out', outs.npm]),
  ]);
  const text = (r, out) => r.stderr.toString().replaceAll(out, 'OUT');
  return { native, npm, outs, stderr: { native: text(native, outs.native), npm: text(npm, outs.npm) } };
}

async function filesIn(dir) {
  return (await readdir(dir).catch(() => [])).sort();
}

for (const format of ['tsv', 'json']) {
  test(`npm and native CLIs write identical ${format} logs`, { skip, timeout: 300000 }, async (t) => {
    const dir = await tempDir(t);
    for (const [i, c] of CASES.entries()) {
      const args = [...c.captures.map((p) => path.join(BTEST, p)), '--format', format, ...(c.options ?? [])];
      const { native, npm, outs, stderr } = await both(dir, args, `${format}-${i}`);
      assert.equal(native.code, 0, `native: ${native.stderr}`);
      assert.equal(npm.code, 0, `npm: ${npm.stderr}`);
      assert.equal(stderr.npm, stderr.native, `messages, ${c.captures}`);
      assert.deepEqual(await filesIn(outs.native), c.logs, c.captures.join(' '));
      assert.deepEqual(await filesIn(outs.npm), c.logs, c.captures.join(' '));
      for (const name of c.logs) {
        const [a, b] = await Promise.all([
          readFile(path.join(outs.native, name)),
          readFile(path.join(outs.npm, name)),
        ]);
        assert.ok(a.length > 0);
        assert.ok(a.equals(b), `${name} of ${c.captures} differs`);
        if (format === 'tsv')
          assert.match(a.toString(), new RegExp(`^#separator \\\\x09\\n[^]*#path\\t${name.slice(0, -4)}\\n`));
        else assert.match(a.toString(), /^\{"ts":\d/);
      }
    }
  });
}

test(
  'a damaged capture is named with its byte offset and the others are still written',
  { skip, timeout: 120000 },
  async (t) => {
    const dir = await tempDir(t);
    const data = path.join(dir, 'captures');
    await mkdir(data);
    const whole = await readFile(path.join(BTEST, 'scripts.base.protocols.http.http-no-crlf/no_crlf.pcap'));
    await writeFile(path.join(data, 'cut.pcap'), whole.subarray(0, Math.floor(whole.length / 2)));
    await writeFile(path.join(data, 'notes.pcap'), 'not a capture at all\n'); // named like one
    await copyFile(
      path.join(BTEST, 'scripts.base.protocols.ssl.tls1_1/tls1_1.pcap'),
      path.join(data, 'good.pcap'),
    );
    const args = ['cut.pcap', 'notes.pcap', 'good.pcap', 'missing.pcap'].map((f) => path.join(data, f));
    const { native, npm, outs, stderr } = await both(dir, args, 'damaged');
    assert.equal(native.code, 0);
    assert.equal(npm.code, 0);
    assert.equal(stderr.npm, stderr.native);
    const cut = path.join(data, 'cut.pcap');
    assert.match(stderr.npm, new RegExp(`${cut}: at byte \\d+: `));
    assert.match(
      stderr.npm,
      new RegExp(`${path.join(data, 'notes.pcap')}: not read \\(not a pcap or pcapng capture\\)`),
    );
    assert.match(stderr.npm, new RegExp(`${path.join(data, 'missing.pcap')}: cannot open the file`));
    assert.match(stderr.npm, new RegExp(`${path.join(data, 'good.pcap')}: 23 packets, `));
    for (const name of await filesIn(outs.native)) {
      const [a, b] = await Promise.all([
        readFile(path.join(outs.native, name)),
        readFile(path.join(outs.npm, name)),
      ]);
      assert.ok(a.equals(b), name);
    }
    // Both captures that could be read are in conn.log: the cut one's connection and tls1_1's.
    const conn = (await readFile(path.join(outs.npm, 'conn.log'), 'utf8'))
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    assert.ok(conn.length >= 2, conn.join('\n'));

    // Nothing readable: exit 2 and the same words.
    const none = await both(dir, [path.join(data, 'notes.pcap')], 'none');
    assert.equal(none.native.code, 2);
    assert.equal(none.npm.code, 2);
    assert.equal(none.stderr.npm, none.stderr.native);
    assert.match(none.stderr.npm, /no capture could be read/);
    assert.deepEqual(await filesIn(none.outs.npm), []);

    // Usage errors: exit 2, as native.
    for (const args of [[path.join(data, 'good.pcap')], ['--format', 'csv', '--out', dir, data]]) {
      const [a, b] = await Promise.all([runNative(['logs', ...args]), runNode(['logs', ...args])]);
      assert.equal(a.code, 2);
      assert.equal(b.code, 2);
      assert.equal(b.stderr.toString(), a.stderr.toString());
    }
  },
);

test(
  'zeekLogs() in the JS API gives the native files and says what it read',
  { skip, timeout: 120000 },
  async (t) => {
    const { zeekLogs } = await import('../../js/index.js');
    const dir = await tempDir(t);
    const capture = path.join(BTEST, 'scripts.base.protocols.dns.multiple-txt-strings/dns-txt-multiple.pcap');
    const native = await runNative(['logs', capture, '--format', 'json', '--out', dir]);
    assert.equal(native.code, 0);
    const lines = [];
    const { logs, files } = await zeekLogs([capture], { format: 'json', onMessage: (l) => lines.push(l) });
    assert.deepEqual(
      logs.map((l) => [l.name, l.rows]),
      [
        ['conn.log', 1],
        ['dns.log', 1],
      ],
    );
    for (const log of logs)
      assert.ok(Buffer.from(log.bytes).equals(await readFile(path.join(dir, log.name))), log.name);
    assert.deepEqual(files, [
      {
        name: capture,
        read: true,
        packets: 2,
        connections: 1,
        messages: [`${capture}: 2 packets, 1 connections`],
      },
    ]);
    assert.deepEqual(lines, files[0].messages);
    await assert.rejects(zeekLogs([capture], { format: 'csv' }), /tsv or json/);
  },
);
