// PCAPdroid's two capture formats with app attribution, as scripts/lib/phone-capture.mjs writes
// them for the tests of the engine's attribution: read back here byte by byte with readers of
// this file's own (not the generator's), compared packet for packet with the plain pcapng of the
// same options, checked against tshark (Wireshark verifies the trailer's CRC as the frame's FCS),
// and damaged on request exactly where asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from '../../scripts/lib/crc32.mjs';
import {
  CONNECTIVITY_CHECK,
  PHONE,
  PLATFORM_NAMES,
  QUIC_NAMES,
  SYSTEM_APPS,
  cliOptions,
  phoneCapture,
} from '../../scripts/lib/phone-capture.mjs';
import { ROOT } from './helpers.js';
import { TSHARK, needTshark } from './phone-lists.js';

const LONG_PACKAGE = `com.example.monitor.${'very.long.name.'.repeat(5)}end`; // over 63 bytes
const APPS = [
  {
    uid: 10234,
    package: 'com.example.sync',
    label: 'Example Sync',
    contacts: ['sync.example.org', '203.0.113.77'],
  },
  {
    uid: 10301,
    package: LONG_PACKAGE,
    label: 'Contrôle parental—suivi à distance', // multi-byte, over 19 bytes: cut inside a character
    contacts: [{ name: 'upload.monitor.example', via: 'http' }],
  },
  { uid: 10400, package: 'com.example.nolabel', contacts: ['198.51.100.200'] }, // no label
];
const OPTIONS = {
  seed: 21,
  minutes: 6,
  benign: ['api.weather.example'],
  contacts: ['tracker.example.net'],
  apps: APPS,
};
const ADDRESS_CONTACTS = new Map([
  ['203.0.113.77', 10234],
  ['198.51.100.200', 10400],
]);

const pad4 = (n) => (n + 3) & ~3;
const utf8 = (s) => Buffer.from(s, 'utf8');
const appOf = (uid) =>
  APPS.find((a) => a.uid === uid) ?? Object.values(SYSTEM_APPS).find((a) => a.uid === uid);
const labelOf = (uid) => appOf(uid).label ?? '';
const packageOf = (uid) => appOf(uid).package ?? '';

// ---- readers, written here from the formats' specifications ----

// Every block of a little-endian pcapng, its lengths checked.
function readPcapng(buf) {
  const blocks = [];
  assert.equal(buf.readUInt32LE(0), 0x0a0d0d0a, 'starts with a section header block');
  for (let at = 0; at < buf.length;) {
    assert.ok(at + 12 <= buf.length, `a block header at ${at}`);
    const type = buf.readUInt32LE(at);
    const len = buf.readUInt32LE(at + 4);
    assert.equal(len % 4, 0, `block at ${at}: length ${len} a multiple of 4`);
    assert.ok(len >= 12 && at + len <= buf.length, `block at ${at}: length ${len} inside the file`);
    assert.equal(buf.readUInt32LE(at + len - 4), len, `block at ${at}: trailing length`);
    blocks.push({ type, at, body: buf.subarray(at + 8, at + len - 4) });
    at += len;
  }
  return blocks;
}

// The options of a block: [{ code, value }], padding zero, ending with end-of-options (none: []).
function readOptions(buf) {
  const out = [];
  if (buf.length === 0) return out;
  let at = 0;
  while (at < buf.length) {
    const code = buf.readUInt16LE(at);
    const n = buf.readUInt16LE(at + 2);
    const value = buf.subarray(at + 4, at + 4 + n);
    assert.ok(
      buf.subarray(at + 4 + n, at + 4 + pad4(n)).every((b) => b === 0),
      'option padding is zero',
    );
    out.push({ code, value });
    at += 4 + pad4(n);
    if (code === 0) break;
  }
  assert.equal(at, buf.length, 'the options fill the block');
  assert.equal(out.at(-1)?.code, 0, 'options end with opt_endofopt');
  return out;
}

function readEpb(body) {
  const caplen = body.readUInt32LE(12);
  return {
    iface: body.readUInt32LE(0),
    ts: (BigInt(body.readUInt32LE(4)) << 32n) | BigInt(body.readUInt32LE(8)),
    caplen,
    origlen: body.readUInt32LE(16),
    data: body.subarray(20, 20 + caplen),
    options: readOptions(body.subarray(20 + pad4(caplen))),
  };
}

// PCAPdroid's mapping block body; `complete` is false when the names run past the body.
function readMapping(body) {
  if (body.length < 14) return { complete: false, pen: body.readUInt32LE(0) };
  const m = {
    pen: body.readUInt32LE(0),
    version: body.readUInt16LE(4),
    type: body[6],
    reserved: body[7],
    uid: body.readInt32LE(8),
    packageLen: body[12],
    labelLen: body[13],
  };
  m.complete = 14 + m.packageLen + m.labelLen <= body.length;
  if (m.complete) {
    m.package = body.subarray(14, 14 + m.packageLen);
    m.label = body.subarray(14 + m.packageLen, 14 + m.packageLen + m.labelLen);
    m.padding = body.subarray(14 + m.packageLen + m.labelLen);
  }
  return m;
}

// A little-endian pcap: its header and records.
function readPcap(buf) {
  const head = {
    magic: buf.readUInt32LE(0),
    major: buf.readUInt16LE(4),
    minor: buf.readUInt16LE(6),
    thiszone: buf.readInt32LE(8),
    sigfigs: buf.readUInt32LE(12),
    snaplen: buf.readUInt32LE(16),
    linktype: buf.readUInt32LE(20),
  };
  const records = [];
  for (let at = 24; at < buf.length;) {
    assert.ok(at + 16 <= buf.length, `a record header at ${at}`);
    const incl = buf.readUInt32LE(at + 8);
    assert.ok(at + 16 + incl <= buf.length, `record at ${at} inside the file`);
    records.push({
      at,
      sec: buf.readUInt32LE(at),
      usec: buf.readUInt32LE(at + 4),
      incl,
      orig: buf.readUInt32LE(at + 12),
      frame: buf.subarray(at + 16, at + 16 + incl),
    });
    at += 16 + incl;
  }
  return { head, records };
}

// The packets of a plain pcapng: { ts (µs), data }.
function plainPackets(buf) {
  return readPcapng(buf)
    .filter((b) => b.type === 6)
    .map((b) => readEpb(b.body));
}

// ---- attribution expected from what the packets are ----

const ipv4 = (b, at) => [...b.subarray(at, at + 4)].join('.');

// The question name of a DNS message over UDP in an IPv4 packet, or null.
function dnsName(ip) {
  if (ip[9] !== 17) return null;
  const udp = (ip[0] & 15) * 4;
  if (ip.readUInt16BE(udp) !== 53 && ip.readUInt16BE(udp + 2) !== 53) return null;
  const labels = [];
  for (let at = udp + 8 + 12; ip[at] !== 0; at += 1 + ip[at])
    labels.push(ip.subarray(at + 1, at + 1 + ip[at]).toString('latin1'));
  return labels.join('.');
}

// The uid each packet must have, from its DNS question or its server's address: the platform's
// names and the apps' contacts as the generator's documentation says. Addresses two names with
// different owners share are left out; `expected` holds null there.
function expectedUids(packets, capture) {
  const byName = new Map([[CONNECTIVITY_CHECK, 1000]]);
  for (const n of PLATFORM_NAMES) byName.set(n, 10123);
  for (const n of QUIC_NAMES) byName.set(n, 10145);
  for (const n of [...OPTIONS.benign, ...OPTIONS.contacts]) byName.set(n, -1);
  for (const a of APPS)
    for (const c of a.contacts)
      if (typeof c !== 'string' || !ADDRESS_CONTACTS.has(c)) byName.set(c.name ?? c, a.uid);
  const byAddress = new Map(ADDRESS_CONTACTS);
  const shared = new Set();
  for (const h of capture.hosts) {
    assert.ok(byName.has(h.name), `${h.name}: an owner is known`);
    const a = h.v4[0];
    if (byAddress.has(a) && byAddress.get(a) !== byName.get(h.name)) shared.add(a);
    byAddress.set(a, byName.get(h.name));
  }
  for (const a of ADDRESS_CONTACTS.keys()) assert.ok(!shared.has(a), `${a} is no name's answer too`);
  return packets.map(({ data }) => {
    const name = dnsName(data);
    if (name !== null) {
      assert.ok(byName.has(name), `DNS for ${name}: an owner is known`);
      return byName.get(name);
    }
    const src = ipv4(data, 12);
    const server = src === PHONE ? ipv4(data, 16) : src;
    assert.ok(byAddress.has(server), `a packet with ${server}: an owner is known`);
    return shared.has(server) ? null : byAddress.get(server);
  });
}

// ---- tests ----

test('CRC-32: the check value and zlib crc32 behaviour', () => {
  assert.equal(crc32(Buffer.from('123456789', 'latin1')), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
  assert.equal(crc32([0]), 0xd202ef8d);
  // Continuing a CRC gives the CRC of the whole.
  const whole = Buffer.from('The quick brown fox jumps over the lazy dog', 'latin1');
  assert.equal(crc32(whole), 0x414fa339);
  assert.equal(crc32(whole.subarray(17), crc32(whole.subarray(0, 17))), 0x414fa339);
});

test("apps' traffic is added after the rest: the packets without apps are all still there", () => {
  const before = phoneCapture({ ...OPTIONS, apps: [] });
  const after = phoneCapture(OPTIONS);
  const key = (p) => `${p.ts} ${p.data.toString('hex')}`;
  const had = plainPackets(before.bytes).map(key);
  const has = plainPackets(after.bytes).map(key);
  const hasSet = new Set(has);
  assert.ok(
    had.every((k) => hasSet.has(k)),
    'every packet of the capture without apps is in the one with apps',
  );
  const appUids = new Set(APPS.map((a) => a.uid));
  assert.equal(has.length - had.length, after.uids.filter((u) => appUids.has(u)).length);
  assert.deepEqual(
    [...new Set(before.uids)].sort((a, b) => a - b),
    [-1, 1000, 10123, 10145],
    'the platform only',
  );
  assert.deepEqual(phoneCapture(OPTIONS).bytes, after.bytes, 'the same options, the same bytes');
});

test("'pcapng': every EPB carries u-<uid>, each uid's mapping block comes before its first EPB", () => {
  const plain = phoneCapture(OPTIONS);
  const got = phoneCapture({ ...OPTIONS, pcapdroid: 'pcapng' });
  assert.deepEqual(got.uids, plain.uids);
  assert.equal(got.packets, plain.packets);
  const blocks = readPcapng(got.bytes);

  const shbOptions = readOptions(blocks[0].body.subarray(16));
  const text = (code) => shbOptions.find((o) => o.code === code)?.value.toString('utf8');
  assert.equal(text(4), 'PCAPdroid');
  assert.equal(text(3), 'Android 14');
  assert.ok(text(2), 'shb_hardware names the phone');
  assert.equal(blocks[1].type, 1, 'one interface');
  assert.equal(blocks[1].body.readUInt16LE(0), 101, 'raw IP');
  assert.ok(!blocks.slice(2).some((b) => b.type === 1), 'no other interface');

  const expectedPackets = plainPackets(plain.bytes);
  const epbs = [];
  const mappings = [];
  for (const b of blocks.slice(2)) {
    if (b.type === 6) epbs.push(readEpb(b.body));
    else {
      assert.equal(b.type, 0x00000bad, 'only EPBs and PCAPdroid custom blocks follow the interface');
      mappings.push({ at: epbs.length, ...readMapping(b.body) });
    }
  }
  assert.equal(epbs.length, expectedPackets.length);
  epbs.forEach((e, i) => {
    assert.deepEqual(e.data, expectedPackets[i].data, `packet ${i}: the plain output's IP packet`);
    assert.equal(e.ts, expectedPackets[i].ts, `packet ${i}: time`);
    assert.equal(e.origlen, e.caplen);
    assert.deepEqual(
      e.options.map((o) => [o.code, o.value.toString('utf8')]),
      [
        [1, `u-${got.uids[i]}`],
        [0, ''],
      ],
      `packet ${i}: one opt_comment, then the end of options`,
    );
  });

  // One mapping per uid, just before that uid's first packet, in the order of first packets.
  const firstAt = new Map();
  got.uids.forEach((u, i) => firstAt.has(u) || firstAt.set(u, i));
  assert.deepEqual(
    mappings.map((m) => [m.uid, m.at]),
    [...firstAt],
  );
  assert.deepEqual(
    got.apps.map((a) => a.uid),
    [...firstAt.keys()],
  );
  assert.deepEqual(
    [...firstAt.keys()].sort((a, b) => a - b),
    [-1, 1000, 10123, 10145, 10234, 10301, 10400],
  );
  for (const m of mappings) {
    assert.ok(m.complete, `uid ${m.uid}: complete`);
    assert.equal(m.pen, 62652);
    assert.equal(m.version, 1);
    assert.equal(m.type, 1);
    assert.equal(m.reserved, 0);
    assert.deepEqual(m.package, utf8(packageOf(m.uid)).subarray(0, 63), `uid ${m.uid}: package`);
    assert.deepEqual(m.label, utf8(labelOf(m.uid) || '???').subarray(0, 63), `uid ${m.uid}: label`);
    assert.ok(m.padding.length < 4 && m.padding.every((b) => b === 0), `uid ${m.uid}: zero padding`);
  }
  assert.equal(mappings.find((m) => m.uid === 10301).package.length, 63, 'a long package is cut at 63');
  assert.equal(mappings.find((m) => m.uid === 10400).label.toString(), '???', 'no label: ???');
  for (const a of got.apps)
    assert.equal(a.packets, got.uids.filter((u) => u === a.uid).length, `uid ${a.uid}: packet count`);

  // Who does what: each packet's uid from its DNS question or its server.
  const expected = expectedUids(epbs, got);
  let checked = 0;
  epbs.forEach((_, i) => {
    if (expected[i] === null) return;
    assert.equal(got.uids[i], expected[i], `packet ${i}'s uid`);
    checked++;
  });
  assert.ok(checked > epbs.length * 0.8, `most packets checked (${checked} of ${epbs.length})`);
  for (const a of APPS) assert.ok(got.uids.includes(a.uid), `${a.package} sent packets`);
});

test("'trailer': Ethernet, the IP packet, padding and PCAPdroid's trailer with its CRC", () => {
  const plain = phoneCapture(OPTIONS);
  const got = phoneCapture({ ...OPTIONS, pcapdroid: 'trailer' });
  assert.deepEqual(got.uids, plain.uids);
  const { head, records } = readPcap(got.bytes);
  assert.deepEqual([...got.bytes.subarray(0, 4)], [0xd4, 0xc3, 0xb2, 0xa1], 'magic a1b2c3d4, little-endian');
  assert.deepEqual(head, {
    magic: 0xa1b2c3d4,
    major: 2,
    minor: 4,
    thiszone: 0,
    sigfigs: 0,
    snaplen: 65535,
    linktype: 1,
  });
  const expectedPackets = plainPackets(plain.bytes);
  assert.equal(records.length, expectedPackets.length);
  const labels = new Map();
  records.forEach((r, i) => {
    const ip = expectedPackets[i].data;
    const what = `frame ${i}`;
    assert.equal(BigInt(r.sec) * 1_000_000n + BigInt(r.usec), expectedPackets[i].ts, `${what}: time`);
    assert.ok(r.usec < 1_000_000);
    assert.equal(r.incl, r.orig, `${what}: not cut`);
    const f = r.frame;
    assert.ok(
      f.subarray(0, 12).every((b) => b === 0),
      `${what}: zero MACs`,
    );
    assert.equal(f.readUInt16BE(12), 0x0800, `${what}: IPv4 ethertype`);
    assert.deepEqual(f.subarray(14, 14 + ip.length), ip, `${what}: the plain output's IP packet`);
    const pad = f.length - 32 - 14 - ip.length;
    assert.ok(pad >= 0 && pad <= 3, `${what}: 0 to 3 bytes of padding`);
    assert.equal((14 + ip.length + pad) % 4, 0, `${what}: Ethernet, IP and padding a multiple of 4`);
    assert.ok(f.subarray(14 + ip.length, 14 + ip.length + pad).every((b) => b === 0));
    const t = f.subarray(f.length - 32);
    assert.equal(t.readUInt32BE(0), 0x01072021, `${what}: trailer magic`);
    assert.equal(t.readInt32BE(4), got.uids[i], `${what}: uid, big-endian`);
    const name = t.subarray(8, 28);
    assert.deepEqual(
      name,
      Buffer.concat([utf8(labelOf(got.uids[i])).subarray(0, 19), Buffer.alloc(20)]).subarray(0, 20),
    );
    assert.equal(name[19], 0, `${what}: the name ends with a NUL`);
    assert.equal(t.readUInt32LE(28), crc32(f.subarray(0, f.length - 4)), `${what}: CRC-32, little-endian`);
    labels.set(got.uids[i], name);
  });
  // The long label is cut by byte at 19, inside a two-byte character (as PCAPdroid cuts it).
  assert.equal(utf8(APPS[1].label)[18] & 0xc0, 0xc0, 'the test label has a lead byte at 19');
  assert.deepEqual(labels.get(10301).subarray(0, 19), utf8(APPS[1].label).subarray(0, 19));
  assert.ok(
    labels.get(10400).every((b) => b === 0),
    'no label: an empty name',
  );
  const uidMinus1 = records[got.uids.indexOf(-1)].frame;
  assert.deepEqual(
    [...uidMinus1.subarray(uidMinus1.length - 28, uidMinus1.length - 24)],
    [255, 255, 255, 255],
  );
});

test('damage: bad CRCs every Nth frame, truncated mapping blocks, each exactly where asked', () => {
  const clean = phoneCapture({ ...OPTIONS, pcapdroid: 'trailer' });
  const bad = phoneCapture({ ...OPTIONS, pcapdroid: 'trailer', damage: { badCrcEvery: 7 } });
  assert.equal(bad.damaged.badCrc, Math.floor(clean.packets / 7));
  assert.equal(clean.damaged.badCrc, 0);
  assert.equal(bad.bytes.length, clean.bytes.length);
  const { records } = readPcap(bad.bytes);
  const differing = [];
  for (let i = 0; i < bad.bytes.length; i++) if (bad.bytes[i] !== clean.bytes[i]) differing.push(i);
  const fcsAt = records.filter((_, i) => (i + 1) % 7 === 0).map((r) => r.at + 16 + r.incl - 4);
  assert.deepEqual(differing, fcsAt, 'only the first FCS byte of frames 7, 14, ... differs');
  records.forEach((r, i) => {
    const f = r.frame;
    const ok = f.readUInt32LE(f.length - 4) === crc32(f.subarray(0, f.length - 4));
    assert.equal(ok, (i + 1) % 7 !== 0, `frame ${i}: CRC ${ok ? 'right' : 'wrong'}`);
  });

  const whole = phoneCapture({ ...OPTIONS, pcapdroid: 'pcapng' });
  const cut = [10123, 10301, -1, 10400];
  const truncated = phoneCapture({
    ...OPTIONS,
    pcapdroid: 'pcapng',
    damage: { truncatedMappings: [...cut, 4242] },
  });
  assert.equal(truncated.damaged.truncatedMappings, cut.length, 'a uid with no packets has no block to cut');
  const a = readPcapng(whole.bytes);
  const b = readPcapng(truncated.bytes);
  assert.equal(a.length, b.length, 'the same blocks');
  let cuts = 0;
  a.forEach((blockA, i) => {
    const blockB = b[i];
    assert.equal(blockA.type, blockB.type);
    if (blockA.type !== 0x00000bad) return assert.deepEqual(blockB.body, blockA.body, `block ${i} unchanged`);
    const mA = readMapping(blockA.body);
    const mB = readMapping(blockB.body);
    if (!cut.includes(mA.uid))
      return assert.deepEqual(blockB.body, blockA.body, `uid ${mA.uid}'s block unchanged`);
    cuts++;
    assert.equal(mB.complete, false, `uid ${mA.uid}: the block is too short for its names`);
    assert.equal(mB.pen, 62652, 'still a PCAPdroid block');
    assert.ok(blockB.body.length < blockA.body.length);
    assert.deepEqual(blockB.body, blockA.body.subarray(0, blockB.body.length), 'a prefix of the whole block');
  });
  assert.equal(cuts, cut.length);

  assert.throws(
    () => phoneCapture({ ...OPTIONS, pcapdroid: 'pcapng', damage: { badCrcEvery: 3 } }),
    RangeError,
  );
  assert.throws(() => phoneCapture({ ...OPTIONS, damage: { badCrcEvery: 3 } }), RangeError);
  assert.throws(
    () => phoneCapture({ ...OPTIONS, pcapdroid: 'trailer', damage: { badCrcEvery: 0 } }),
    RangeError,
  );
  assert.throws(() => phoneCapture({ ...OPTIONS, pcapdroid: 'trailer', damage: { truncatedMappings: [1] } }));
});

test('bad options are refused', () => {
  assert.throws(() => phoneCapture({ pcapdroid: 'pcap' }), RangeError);
  assert.throws(() => phoneCapture({ pcapdroid: 'trailer', nanoseconds: true }), RangeError);
  assert.throws(() => phoneCapture({ apps: [{ uid: 10001 }, { uid: 10001 }] }), /given twice/);
  assert.throws(
    () => phoneCapture({ apps: [{ uid: 10123, package: 'com.other', label: 'Other' }] }),
    /platform/,
  );
  assert.throws(() => phoneCapture({ apps: [{ uid: 2 ** 31 }] }), /32-bit/);
  // The platform's own app, given as it is, is accepted.
  assert.doesNotThrow(() => phoneCapture({ apps: [{ ...SYSTEM_APPS.gms, contacts: ['x.example'] }] }));
});

test('the command line gives the same bytes as the same options', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zs-pcapdroid-cli-'));
  try {
    const args = [
      '--seed',
      '21',
      '--minutes',
      '6',
      '--pcapdroid',
      'trailer',
      '--contact',
      'tracker.example.net',
      '--app',
      '10234:com.example.sync:Example Sync:sync.example.org,203.0.113.77',
      '--app',
      '10400:com.example.nolabel::198.51.100.200',
      '--bad-crc-every',
      '5',
    ];
    const file = path.join(dir, 'phone.pcap');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/lib/phone-capture.mjs'), file, ...args], {
      stdio: 'ignore',
    });
    const apps = [
      {
        uid: 10234,
        package: 'com.example.sync',
        label: 'Example Sync',
        contacts: ['sync.example.org', '203.0.113.77'],
      },
      { uid: 10400, package: 'com.example.nolabel', label: '', contacts: ['198.51.100.200'] },
    ];
    const expected = phoneCapture({
      seed: 21,
      minutes: 6,
      pcapdroid: 'trailer',
      contacts: ['tracker.example.net'],
      apps,
      damage: { badCrcEvery: 5 },
    });
    assert.deepEqual(readFileSync(file), expected.bytes);
    assert.deepEqual(cliOptions(['out', '--truncate-mapping', '-1', '--pcapdroid', 'pcapng']).options, {
      contacts: [],
      apps: [],
      pcapdroid: 'pcapng',
      damage: { truncatedMappings: [-1] },
    });
    assert.throws(() => cliOptions(['out', '--app', '10234']), /UID:PACKAGE:LABEL/);
    assert.throws(() => cliOptions(['out', '--seed']), /needs a value/);
    assert.throws(() => cliOptions(['--nanoseconds']), /no output file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- tshark ----

function tshark(file, ...args) {
  return execFileSync(TSHARK, ['-r', file, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}
const CHECKS = ['-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'eth.check_fcs:TRUE'];
const sections = (file) =>
  Object.fromEntries(
    [...tshark(file, ...CHECKS, '-q', '-z', 'expert').matchAll(/^(\w+) \((\d+)\)$/gm)].map((m) => [
      m[1],
      +m[2],
    ]),
  );
const lines = (text) => text.split('\n').filter((l) => l !== '');
// What tshark sees of each IP packet.
const IP_VIEW = ['frame.time_epoch', 'ip.src', 'ip.dst', 'ip.id', 'ip.len', 'ip.checksum', 'ip.proto'];
IP_VIEW.push(
  'tcp.srcport',
  'tcp.dstport',
  'tcp.seq_raw',
  'tcp.checksum',
  'udp.srcport',
  'udp.checksum',
  'dns.qry.name',
);
const ipView = (file) =>
  lines(tshark(file, '-Y', 'ip', '-T', 'fields', ...IP_VIEW.flatMap((f) => ['-e', f])));

test(
  'tshark reads both formats with no error, the same IP packets as the plain file, the attribution',
  { skip: needTshark(), timeout: 120000 },
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zs-pcapdroid-'));
    try {
      const write = (name, options) => {
        const capture = phoneCapture({ ...OPTIONS, ...options });
        const file = path.join(dir, name);
        writeFileSync(file, capture.bytes);
        return { file, capture };
      };
      const plain = write('plain.pcapng', {});
      const ng = write('pcapdroid.pcapng', { pcapdroid: 'pcapng' });
      const tr = write('pcapdroid.pcap', { pcapdroid: 'trailer' });
      const bad = write('bad-crc.pcap', { pcapdroid: 'trailer', damage: { badCrcEvery: 9 } });
      const cut = write('cut.pcapng', { pcapdroid: 'pcapng', damage: { truncatedMappings: [10234, -1] } });

      for (const { file } of [plain, ng, tr, cut]) {
        const s = sections(file);
        assert.equal(s.Errors, undefined, `${path.basename(file)}: no expert errors`);
        assert.equal(s.Warns, undefined, `${path.basename(file)}: no expert warnings`);
        assert.ok(s.Chats > 0, `${path.basename(file)}: tshark read the connections`);
      }
      // The only errors of the damaged pcap: the FCS of frames 9, 18, ..., as Wireshark checks it.
      assert.equal(sections(bad.file).Errors, bad.capture.damaged.badCrc);
      const fcs = (file) => lines(tshark(file, ...CHECKS, '-T', 'fields', '-e', 'eth.fcs.status'));
      assert.deepEqual(
        fcs(tr.file),
        tr.capture.uids.map(() => '1'),
        'every FCS good',
      );
      assert.deepEqual(
        fcs(bad.file),
        bad.capture.uids.map((_, i) => ((i + 1) % 9 === 0 ? '0' : '1')),
        'the FCS bad exactly in frames 9, 18, ...',
      );

      const view = ipView(plain.file);
      assert.equal(view.length, plain.capture.packets);
      for (const { file } of [ng, tr, bad, cut]) assert.deepEqual(ipView(file), view, path.basename(file));

      // The comments on the IP frames, and the custom blocks as tshark shows them.
      for (const { file, capture } of [ng, cut]) {
        const comments = lines(tshark(file, '-Y', 'ip', '-T', 'fields', '-e', 'frame.comment'));
        assert.deepEqual(
          comments,
          capture.uids.map((u) => `u-${u}`),
          `${path.basename(file)}: u-<uid> comments`,
        );
        const rows = lines(
          tshark(file, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.cb_pen', '-e', 'frame.comment'),
        );
        const custom = rows.map((r) => r.split('\t')).filter(([, pen]) => pen);
        assert.equal(custom.length, capture.apps.length, 'one custom block per uid');
        for (const [number, pen] of custom) {
          assert.equal(pen, '62652');
          const next = rows[Number(number)].split('\t'); // the frame after it (numbers count from 1)
          assert.equal(next[2], `u-${capture.apps[custom.findIndex((c) => c[0] === number)].uid}`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
