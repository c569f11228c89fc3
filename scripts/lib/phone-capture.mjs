// A pcapng as an Android phone's own capture writes it (PCAPdroid, in its VPN mode): one section,
// one interface of link type raw IP (LINKTYPE_RAW, 101) with `if_tsresol`, enhanced packet
// blocks. Used to prove, end to end, that a phone capture gives the alerts tshark's view of the
// same file implies (tests/browser/phone-capture.test.js, tests/js/phone-capture.test.js).
//
// What the phone does over `minutes` of capture: DNS lookups over UDP (A and AAAA, in parallel
// from two ports as Android's resolver does; some answers are CNAME chains), TCP connections with
// real handshakes (options, sequence numbers, acknowledgements), a TLS ClientHello with SNI as a
// current Android client sends it, the server's answer (TLS 1.3, or a resumed TLS 1.2 session, so
// that no made-up certificate is in clear), some application data both ways, FIN close; a plain
// HTTP GET with Host and User-Agent (Android's connectivity check, and any contact asked `via:
// 'http'`); QUIC-like UDP 443 (short-header packets only: nothing tshark would try to decrypt);
// Google platform traffic in the background. Every IP, TCP and UDP checksum and length is right:
// `tshark -r FILE -z expert -q` reports no error.
//
// Addresses: the phone is 10.215.173.1 and its resolver 10.215.173.2, the virtual addresses
// PCAPdroid's FAQ names for its VPN interface and its DNS capture. Servers the caller gives no
// address are put in documentation ranges (RFC 5737; AAAA answers in RFC 3849's 2001:db8::/32),
// so no made-up address can match a real indicator list by chance. Transport is IPv4 only
// (PCAPdroid leaves IPv6 off by default).
//
// With app attribution (option `pcapdroid`), the capture is written as PCAPdroid writes it with
// its "dump extensions" on, in either of its formats (as its writer, pcap_dump.c, lays them out):
// - 'pcapng': the SHB also names the phone (shb_hardware, shb_os); every EPB carries the comment
//   "u-<uid>" (opt_comment); a custom block 0x00000BAD (PEN 62652, version 1, type 1: uid, the
//   lengths, package, label, zero padding) comes just before each uid's first EPB. Labels and
//   packages are cut at 63 bytes; an app with no label is "???".
// - 'trailer': a pcap (magic a1b2c3d4 little-endian, version 2.4, link type 1) whose frames are a
//   fake Ethernet header (zero MACs), the IP packet, zero padding to a multiple of 4, and a
//   32-byte trailer: magic 0x01072021 and the uid, big-endian; the label cut at 19 bytes,
//   NUL-padded to 20; the CRC-32 of the frame before it, little-endian (Wireshark, with
//   eth.check_fcs on, verifies it as the frame's FCS).
// Who does what: the connectivity check is uid 1000 (Android), the Google platform names uid
// 10123 (Google Play services), the QUIC flows uid 10145 (YouTube); `benign` names and `contacts`
// given outside `apps` uid -1 (PCAPdroid's "unknown", as when it finds no owner); each app's
// contacts its own uid. A DNS lookup is the asking app's (Android's resolver tags its query
// socket with the uid of the app it resolves for), so netd's uid 1051 is not used.
//
// The same options give the same bytes. As a script:
//   node scripts/lib/phone-capture.mjs OUT [--seed N] [--minutes N] [--nanoseconds]
//     [--contact NAME_OR_ADDRESS ...] [--pcapdroid pcapng|trailer]
//     [--app UID:PACKAGE:LABEL:CONTACT,CONTACT,... ...] [--bad-crc-every N] [--truncate-mapping UID ...]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from './crc32.mjs';
import { rng } from './synthetic-capture.mjs';

export const PHONE = '10.215.173.1';
export const RESOLVER = '10.215.173.2';
export const START = 1793520000; // 2026-11-01T08:00:00Z
export const LINKTYPE_RAW = 101;
export const LINKTYPE_ETHERNET = 1;
const PHONE_MODEL = 'Pixel 7';
const USER_AGENT = `Dalvik/2.1.0 (Linux; U; Android 14; ${PHONE_MODEL} Build/AP2A.240805.005)`;

// PCAPdroid's dump extensions (the header comment above says what they are).
export const PCAPDROID_MAPPING_BLOCK = 0x00000bad; // pcapng custom block, the copyable type
export const PCAPDROID_PEN = 62652;
export const PCAPDROID_NAME_MAX = 63; // bytes of a package or label in a mapping block
export const PCAPDROID_TRAILER_MAGIC = 0x01072021;
export const PCAPDROID_TRAILER_LEN = 32;
const PCAPDROID_SNAPLEN = 65535;

// The apps the platform's own traffic is attributed to: PCAPdroid's virtual apps for system uids
// (its labels and package names) and the Google apps of a Pixel.
export const SYSTEM_APPS = {
  unknown: { uid: -1, package: 'unknown', label: 'Unknown' },
  android: { uid: 1000, package: 'android', label: 'Android' },
  gms: { uid: 10123, package: 'com.google.android.gms', label: 'Google Play services' },
  youtube: { uid: 10145, package: 'com.google.android.youtube', label: 'YouTube' },
};

// Ordinary names a phone looks up and connects to (Google's platform services, apps' back ends).
export const PLATFORM_NAMES = [
  'android.googleapis.com',
  'play.googleapis.com',
  'www.googleapis.com',
  'firebaseinstallations.googleapis.com',
  'android.clients.google.com',
  'clients4.google.com',
  'mtalk.google.com',
  'fonts.gstatic.com',
];
export const CONNECTIVITY_CHECK = 'connectivitycheck.gstatic.com';
export const QUIC_NAMES = ['www.youtube.com', 'rr3---sn-4g5e6nsz.googlevideo.com'];

const between = (r, lo, hi) => lo + r() * (hi - lo);
const int = (r, lo, hi) => Math.floor(between(r, lo, hi + 1));
function randomBytes(r, n) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}
const isIpv4 = (s) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s);

// Big-endian byte building.
class Bytes {
  constructor() {
    this.a = [];
  }
  u8(v) {
    this.a.push(v & 0xff);
    return this;
  }
  u16(v) {
    return this.u8(v >>> 8).u8(v);
  }
  u24(v) {
    return this.u8(v >>> 16).u16(v & 0xffff);
  }
  u32(v) {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }
  bytes(b) {
    for (let i = 0; i < b.length; i++) this.a.push(b[i]);
    return this;
  }
  text(s) {
    return this.bytes(Buffer.from(s, 'latin1'));
  }
  get length() {
    return this.a.length;
  }
  done() {
    return Uint8Array.from(this.a);
  }
}
const vec8 = (b) => new Bytes().u8(b.length).bytes(b).done();
const vec16 = (b) => new Bytes().u16(b.length).bytes(b).done();
const vec24 = (b) => new Bytes().u24(b.length).bytes(b).done();
function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ipv4 = (s) => s.split('.').map(Number);
function ipv6(s) {
  const [head, tail] = s.split('::');
  const groups = (x) => (x ? x.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

// The Internet checksum over the given byte arrays taken as one.
function checksum(...parts) {
  let sum = 0;
  let odd = null;
  for (const p of parts)
    for (let i = 0; i < p.length; i++) {
      if (odd === null) odd = p[i];
      else {
        sum += (odd << 8) | p[i];
        odd = null;
      }
    }
  if (odd !== null) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

// An IPv4 datagram (DF set, as Linux sends) around a transport segment whose checksum field, at
// `sumAt`, is filled here from the pseudo-header.
function ipv4Packet({ src, dst, proto, ttl, id }, segment, sumAt) {
  const s = ipv4(src);
  const d = ipv4(dst);
  const pseudo = [...s, ...d, 0, proto, segment.length >> 8, segment.length & 0xff];
  const seg = segment;
  const sum = checksum(pseudo, seg) || (proto === 17 ? 0xffff : 0);
  seg[sumAt] = sum >> 8;
  seg[sumAt + 1] = sum & 0xff;
  const total = 20 + seg.length;
  const head = [0x45, 0, total >> 8, total & 0xff, id >> 8, id & 0xff, 0x40, 0, ttl, proto, 0, 0, ...s, ...d];
  const hsum = checksum(head);
  head[10] = hsum >> 8;
  head[11] = hsum & 0xff;
  return concat(head, seg);
}

const TCP_FIN = 0x01,
  TCP_SYN = 0x02,
  TCP_PSH = 0x08,
  TCP_ACK = 0x10;

// The packets of one capture, kept with their times (ns) and sorted when written.
class Capture {
  constructor(r) {
    this.r = r;
    this.packets = [];
    this.ports = new Set();
    this.uid = SYSTEM_APPS.unknown.uid; // the app whose packets are being added
  }
  // A packet at `ns` plus a few nanoseconds (under one µs, from its order): a capture in
  // microseconds holds the same times truncated, as libpcap truncates them.
  add(ns, bytes) {
    const order = this.packets.length;
    this.packets.push({ ns: ns + BigInt((order * 7919) % 1000), bytes, order, uid: this.uid });
  }
  // An ephemeral port (Linux's default range), not used before in this capture.
  port() {
    for (;;) {
      const p = int(this.r, 32768, 60999);
      if (!this.ports.has(p)) {
        this.ports.add(p);
        return p;
      }
    }
  }
}

const NS = 1_000_000_000n;
const toNs = (seconds) => BigInt(Math.round(seconds * 1e6)) * 1000n; // microsecond steps

// One TCP connection from the phone: handshake, data both ways, FIN close. `t` is its clock in
// seconds; `rtt` the round trip to the server.
class TcpConnection {
  constructor(cap, t, server, port) {
    const r = cap.r;
    this.cap = cap;
    this.t = t;
    this.rtt = between(r, 0.015, 0.09);
    this.client = {
      addr: PHONE,
      port: cap.port(),
      seq: int(r, 1, 2 ** 32 - 1),
      ttl: 64,
      id: int(r, 0, 65535),
    };
    this.server = {
      addr: server,
      port,
      seq: int(r, 1, 2 ** 32 - 1),
      ttl: int(r, 52, 120),
      id: int(r, 0, 65535),
    };
    this.tsBase = [int(r, 1e6, 4e9), int(r, 1e6, 4e9)];
    this.mss = 1388; // PCAPdroid's MTU of 1440 less 52 bytes of headers with timestamps
  }
  ts(fromClient) {
    return (this.tsBase[fromClient ? 0 : 1] + Math.floor(this.t * 1000)) >>> 0;
  }
  segment(fromClient, flags, payload = new Uint8Array(0), options = null) {
    const a = fromClient ? this.client : this.server;
    const b = fromClient ? this.server : this.client;
    const opts =
      options ??
      new Bytes()
        .u8(1)
        .u8(1)
        .u8(8)
        .u8(10)
        .u32(this.ts(fromClient))
        .u32(this.lastTs?.[fromClient ? 1 : 0] ?? 0)
        .done();
    const h = new Bytes()
      .u16(a.port)
      .u16(b.port)
      .u32(a.seq >>> 0)
      .u32(flags & TCP_ACK ? b.seq >>> 0 : 0)
      .u8(((20 + opts.length) / 4) << 4)
      .u8(flags)
      .u16(flags & TCP_SYN ? (fromClient ? 65535 : 65160) : fromClient ? 1373 : 501) // scaled after the SYNs
      .u16(0)
      .u16(0)
      .bytes(opts)
      .done();
    this.lastTs = this.lastTs ?? [0, 0];
    this.lastTs[fromClient ? 0 : 1] = this.ts(fromClient);
    a.seq = (a.seq + payload.length + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0)) >>> 0;
    const ip = { src: a.addr, dst: b.addr, proto: 6, ttl: a.ttl, id: a.id };
    a.id = (a.id + 1) & 0xffff;
    this.cap.add(toNs(this.t), ipv4Packet(ip, concat(h, payload), 16));
  }
  handshake() {
    const syn = (ws) => (tsval, echo) =>
      new Bytes()
        .u8(2)
        .u8(4)
        .u16(1400)
        .u8(4)
        .u8(2)
        .u8(8)
        .u8(10)
        .u32(tsval)
        .u32(echo)
        .u8(1)
        .u8(3)
        .u8(3)
        .u8(ws)
        .done();
    this.segment(true, TCP_SYN, undefined, syn(9)(this.ts(true), 0));
    this.t += this.rtt;
    this.segment(false, TCP_SYN | TCP_ACK, undefined, syn(7)(this.ts(false), this.ts(true)));
    this.t += 0.0003;
    this.segment(true, TCP_ACK);
    return this;
  }
  // `bytes` from one side in segments of at most the MSS; the other side acknowledges them (also
  // every `ackEvery` segments, when given, as a receiver's delayed ACKs do on a long transfer).
  send(fromClient, bytes, after = 0.0004, ackEvery = 0) {
    this.t += after;
    for (let at = 0, n = 1; at < bytes.length; at += this.mss, n++) {
      const last = at + this.mss >= bytes.length;
      this.segment(fromClient, TCP_ACK | (last ? TCP_PSH : 0), bytes.subarray(at, at + this.mss));
      this.t += 0.00005;
      if (ackEvery && !last && n % ackEvery === 0) this.segment(!fromClient, TCP_ACK);
    }
    this.t += this.rtt / 2;
    this.segment(!fromClient, TCP_ACK);
    return this;
  }
  // The phone closes; the server answers with its own FIN; the phone acknowledges it.
  close(after) {
    this.t += after;
    this.segment(true, TCP_FIN | TCP_ACK);
    this.t += this.rtt;
    this.segment(false, TCP_FIN | TCP_ACK);
    this.t += 0.0002;
    this.segment(true, TCP_ACK);
  }
}

function udp(cap, ns, src, sport, dst, dport, payload, ttl, id) {
  const seg = new Bytes()
    .u16(sport)
    .u16(dport)
    .u16(8 + payload.length)
    .u16(0)
    .bytes(payload)
    .done();
  cap.add(ns, ipv4Packet({ src, dst, proto: 17, ttl, id }, seg, 6));
}

// ---- DNS ----

const dnsName = (name) => concat(...name.split('.').map((l) => vec8(Buffer.from(l, 'latin1'))), [0]);

const QTYPE = { A: 1, CNAME: 5, AAAA: 28 };

// A query, and its answer: the CNAME chain (each link written out in full) then the addresses.
function dnsExchange(cap, t, name, qtype, chain, addresses) {
  const r = cap.r;
  const id = int(r, 0, 65535);
  const port = cap.port();
  const question = concat(dnsName(name), new Bytes().u16(QTYPE[qtype]).u16(1).done());
  const query = concat(new Bytes().u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(0).done(), question);
  udp(cap, toNs(t), PHONE, port, RESOLVER, 53, query, 64, int(r, 0, 65535));
  const answers = [];
  let owner = name;
  for (const target of chain) {
    answers.push(
      concat(
        dnsName(owner),
        new Bytes()
          .u16(QTYPE.CNAME)
          .u16(1)
          .u32(int(r, 30, 3600))
          .done(),
        vec16(dnsName(target)),
      ),
    );
    owner = target;
  }
  const ttl = int(r, 30, 300);
  for (const a of addresses) {
    const rdata = qtype === 'A' ? ipv4(a) : ipv6(a);
    answers.push(concat(dnsName(owner), new Bytes().u16(QTYPE[qtype]).u16(1).u32(ttl).done(), vec16(rdata)));
  }
  const head = new Bytes().u16(id).u16(0x8180).u16(1).u16(answers.length).u16(0).u16(0).done();
  udp(
    cap,
    toNs(t + between(r, 0.008, 0.06)),
    RESOLVER,
    53,
    PHONE,
    port,
    concat(head, question, ...answers),
    64,
    int(r, 0, 65535),
  );
}

// Android's resolver asks A and AAAA together; the phone connects to the first A address.
function lookUp(cap, t, host) {
  dnsExchange(cap, t, host.name, 'A', host.chain, host.v4);
  dnsExchange(cap, t + 0.0002, host.name, 'AAAA', host.chain, host.v6);
  return t + 0.08;
}

// ---- TLS ----

const TLS13_SUITES = [0x1301, 0x1302, 0x1303];
const TLS12_SUITES = [
  0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035,
];
const ext = (type, body) => new Bytes().u16(type).bytes(vec16(body)).done();

// A ClientHello as Android's TLS stack (BoringSSL, through Conscrypt) sends it.
function clientHello(r, serverName, ticket) {
  const exts = [];
  if (serverName) exts.push(ext(0, vec16(concat([0], vec16(Buffer.from(serverName, 'latin1'))))));
  exts.push(ext(23, []));
  exts.push(ext(0xff01, [0]));
  exts.push(ext(10, vec16(new Bytes().u16(0x001d).u16(0x0017).u16(0x0018).done())));
  exts.push(ext(11, vec8([0])));
  exts.push(ext(35, ticket ?? []));
  exts.push(ext(16, vec16(concat(vec8(Buffer.from('h2')), vec8(Buffer.from('http/1.1'))))));
  exts.push(ext(5, [1, 0, 0, 0, 0]));
  const sigalgs = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201];
  const sa = new Bytes();
  for (const s of sigalgs) sa.u16(s);
  exts.push(ext(13, vec16(sa.done())));
  exts.push(ext(51, vec16(concat(new Bytes().u16(0x001d).done(), vec16(randomBytes(r, 32))))));
  exts.push(ext(45, vec8([1])));
  exts.push(ext(43, vec8(new Bytes().u16(0x0304).u16(0x0303).done())));
  const suites = new Bytes();
  for (const s of [...TLS13_SUITES, ...TLS12_SUITES]) suites.u16(s);
  const body = concat(
    new Bytes().u16(0x0303).done(),
    randomBytes(r, 32),
    vec8(randomBytes(r, 32)),
    vec16(suites.done()),
    vec8([0]),
    vec16(concat(...exts)),
  );
  return record(22, 0x0301, concat([1], vec24(body)));
}

function serverHello(r, sessionId, tls13) {
  const exts = tls13
    ? [
        ext(43, new Bytes().u16(0x0304).done()),
        ext(51, concat(new Bytes().u16(0x001d).done(), vec16(randomBytes(r, 32)))),
      ]
    : [ext(0xff01, [0]), ext(23, []), ext(16, vec16(vec8(Buffer.from('h2'))))];
  const body = concat(
    new Bytes().u16(0x0303).done(),
    randomBytes(r, 32),
    vec8(sessionId),
    new Bytes()
      .u16(tls13 ? 0x1301 : 0xc02f)
      .u8(0)
      .done(),
    vec16(concat(...exts)),
  );
  return record(22, 0x0303, concat([2], vec24(body)));
}

const record = (type, version, body) => concat(new Bytes().u8(type).u16(version).done(), vec16(body));
const changeCipherSpec = () => record(20, 0x0303, [1]);
// Encrypted records: application data in TLS 1.3, or a TLS 1.2 Finished after ChangeCipherSpec.
const encrypted = (r, type, n) => record(type, 0x0303, randomBytes(r, n));

// A TLS session: TLS 1.3 with a full handshake, or a TLS 1.2 session resumed from a ticket.
function tlsSession(cap, t, host, port, sizes) {
  const r = cap.r;
  const c = new TcpConnection(cap, t, host.address, port).handshake();
  const tls13 = r() < 0.7;
  const hello = clientHello(r, host.sni, tls13 ? null : randomBytes(r, int(r, 160, 220)));
  const sessionId = hello.subarray(44, 76);
  c.send(true, hello, 0.0002);
  if (tls13) {
    c.send(
      false,
      concat(serverHello(r, sessionId, true), changeCipherSpec(), encrypted(r, 23, int(r, 2500, 4800))),
    );
    c.send(true, concat(changeCipherSpec(), encrypted(r, 23, 53)));
  } else {
    c.send(false, concat(serverHello(r, sessionId, false), changeCipherSpec(), encrypted(r, 22, 40)));
    c.send(true, concat(changeCipherSpec(), encrypted(r, 22, 40)));
  }
  for (let i = 0; i < sizes.exchanges; i++) {
    c.send(true, encrypted(r, 23, int(r, ...sizes.request)), between(r, 0.01, 0.5));
    c.send(false, encrypted(r, 23, int(r, ...sizes.response)));
  }
  c.close(between(r, 0.2, 5));
}

// A media fetch (a video segment, a photo, an app update): a TLS 1.3 session whose answer is
// `size` bytes of application data in records of 16 KiB, acknowledged every second segment.
// The records' bytes are slices of `pool` (random bytes: what ciphertext looks like).
function mediaSession(cap, t, host, size, pool) {
  const r = cap.r;
  const c = new TcpConnection(cap, t, host.address, 443).handshake();
  const hello = clientHello(r, host.sni, null);
  c.send(true, hello, 0.0002);
  const sessionId = hello.subarray(44, 76);
  c.send(
    false,
    concat(serverHello(r, sessionId, true), changeCipherSpec(), encrypted(r, 23, int(r, 2500, 4800))),
  );
  c.send(true, concat(changeCipherSpec(), encrypted(r, 23, 53), encrypted(r, 23, int(r, 300, 900))));
  const records = [];
  for (let left = size; left > 0; left -= 16384) {
    const n = Math.min(left, 16384);
    const at = int(r, 0, pool.length - n);
    records.push(record(23, 0x0303, pool.subarray(at, at + n)));
  }
  c.send(false, concat(...records), 0.03, 2);
  c.close(between(r, 0.2, 5));
}

// A plain HTTP GET and its answer.
function httpGet(cap, t, host, target) {
  const r = cap.r;
  const c = new TcpConnection(cap, t, host.address, 80).handshake();
  const request =
    `GET ${target} HTTP/1.1\r\nHost: ${host.name}\r\nUser-Agent: ${USER_AGENT}\r\n` +
    'Connection: Keep-Alive\r\nAccept-Encoding: gzip\r\n\r\n';
  c.send(true, Buffer.from(request, 'latin1'), 0.0002);
  const body = target === '/generate_204' ? '' : JSON.stringify({ status: 'ok', next: int(r, 60, 900) });
  const status = body ? '200 OK' : '204 No Content';
  const response =
    `HTTP/1.1 ${status}\r\nContent-Length: ${body.length}\r\nDate: ${new Date(t * 1000).toUTCString()}\r\n` +
    (body ? 'Content-Type: application/json\r\n' : '') +
    `\r\n${body}`;
  c.send(false, Buffer.from(response, 'latin1'));
  c.close(between(r, 0.1, 2));
}

// QUIC-like traffic: 1-RTT (short header) packets both ways, with no handshake to decrypt.
function quicFlow(cap, t, host) {
  const r = cap.r;
  const port = cap.port();
  const cid = randomBytes(r, 8);
  let pn = 0;
  for (let i = 0, n = int(r, 6, 14); i < n; i++) {
    const fromPhone = i % 2 === 0;
    const size = fromPhone ? int(r, 40, 300) : int(r, 200, 1250);
    const payload = concat([0x40 | (r() < 0.5 ? 0x04 : 0)], cid, [pn++ & 0xff], randomBytes(r, size));
    if (fromPhone) udp(cap, toNs(t), PHONE, port, host.address, 443, payload, 64, int(r, 0, 65535));
    else udp(cap, toNs(t), host.address, 443, PHONE, port, payload, 57, int(r, 0, 65535));
    t += between(r, 0.005, 0.2);
  }
}

// ---- the files ----

const le = (n, v) => {
  const b = Buffer.alloc(n);
  if (n === 2) b.writeUInt16LE(v);
  else b.writeUInt32LE(v >>> 0);
  return b;
};
const pad4 = (b) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
const option = (code, value) => Buffer.concat([le(2, code), le(2, value.length), pad4(Buffer.from(value))]);
const block = (type, body) => {
  const len = 12 + body.length;
  return Buffer.concat([le(4, type), le(4, len), body, le(4, len)]);
};

// PCAPdroid's uid mapping block: a custom block (the copyable type) under PCAPdroid's PEN. With
// `truncated`, the body stops halfway through the names, at a multiple of 4 so that no padding
// can stand in for the missing bytes (inside the fixed part when the names are short), while the
// block's own lengths stay right, so that the file is still read block by block.
function mappingBlock(app, truncated) {
  const name = (s) => Buffer.from(s, 'utf8').subarray(0, PCAPDROID_NAME_MAX);
  const pkg = name(app.package);
  const label = name(app.label || '???');
  const fixed = Buffer.alloc(14);
  fixed.writeUInt32LE(PCAPDROID_PEN, 0);
  fixed.writeUInt16LE(1, 4); // version
  fixed[6] = 1; // type: uid mapping
  fixed.writeInt32LE(app.uid, 8);
  fixed[12] = pkg.length;
  fixed[13] = label.length;
  let body = Buffer.concat([fixed, pkg, label]);
  if (truncated) body = body.subarray(0, (14 + ((body.length - 14) >> 1)) & ~3);
  return block(PCAPDROID_MAPPING_BLOCK, pad4(body));
}

// A pcapng with one raw IP interface. With `pcapdroid` ({ apps, truncated }), as PCAPdroid writes
// it with its dump extensions: its SHB options, the comment "u-<uid>" on every packet and each
// uid's mapping block just before that uid's first packet.
function pcapng(packets, nanoseconds, pcapdroid = null) {
  const shb = block(
    0x0a0d0d0a,
    Buffer.concat([
      le(4, 0x1a2b3c4d),
      le(2, 1),
      le(2, 0),
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // section length not given
      ...(pcapdroid ? [option(2, PHONE_MODEL), option(3, 'Android 14')] : []), // shb_hardware, shb_os
      option(4, 'PCAPdroid'), // shb_userappl
      option(0, ''),
    ]),
  );
  const idb = block(
    1,
    Buffer.concat([
      le(2, LINKTYPE_RAW),
      le(2, 0),
      le(4, 65535),
      option(2, 'tun0'), // if_name
      option(9, [nanoseconds ? 9 : 6]), // if_tsresol
      option(0, ''),
    ]),
  );
  const unit = nanoseconds ? 1n : 1000n;
  const mapped = new Set();
  const blocks = [shb, idb];
  for (const { ns, bytes, uid } of packets) {
    if (pcapdroid && !mapped.has(uid)) {
      mapped.add(uid);
      blocks.push(mappingBlock(pcapdroid.apps.get(uid), pcapdroid.truncated.has(uid)));
    }
    const ts = ns / unit;
    const head = Buffer.alloc(20);
    head.writeUInt32LE(0, 0);
    head.writeUInt32LE(Number(ts >> 32n), 4);
    head.writeUInt32LE(Number(ts & 0xffffffffn), 8);
    head.writeUInt32LE(bytes.length, 12);
    head.writeUInt32LE(bytes.length, 16);
    const options = pcapdroid ? [option(1, `u-${uid}`), option(0, '')] : []; // opt_comment
    blocks.push(block(6, Buffer.concat([head, pad4(Buffer.from(bytes)), ...options])));
  }
  return Buffer.concat(blocks);
}

// A pcap as PCAPdroid writes it with its dump extensions: link type Ethernet, each frame a fake
// Ethernet header, the IP packet, padding to 4 and PCAPdroid's trailer. Every `badCrcEvery`th
// frame (if given) has a byte of its FCS flipped. Returns { bytes, badCrc }.
function pcapWithTrailer(packets, apps, badCrcEvery) {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(PCAPDROID_SNAPLEN, 16);
  head.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  const records = [head];
  let badCrc = 0;
  packets.forEach(({ ns, bytes, uid }, i) => {
    const pad = (4 - ((14 + bytes.length) % 4)) % 4;
    const frame = Buffer.alloc(14 + bytes.length + pad + PCAPDROID_TRAILER_LEN);
    frame.writeUInt16BE(bytes[0] >> 4 === 4 ? 0x0800 : 0x86dd, 12);
    frame.set(bytes, 14);
    const trailer = frame.subarray(14 + bytes.length + pad);
    trailer.writeUInt32BE(PCAPDROID_TRAILER_MAGIC, 0);
    trailer.writeInt32BE(uid, 4);
    trailer.set(Buffer.from(apps.get(uid).label, 'utf8').subarray(0, 19), 8); // then NULs to 20
    trailer.writeUInt32LE(crc32(frame.subarray(0, frame.length - 4)), 28);
    if (badCrcEvery && (i + 1) % badCrcEvery === 0) {
      trailer[28] ^= 0xff;
      badCrc++;
    }
    const record = Buffer.alloc(16);
    const us = ns / 1000n;
    record.writeUInt32LE(Number(us / 1_000_000n), 0);
    record.writeUInt32LE(Number(us % 1_000_000n), 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    records.push(record, frame);
  });
  return { bytes: Buffer.concat(records), badCrc };
}

// ---- the capture ----

// A server address for a name with none given: in a documentation range, from the name.
function documentationAddress(name, salt) {
  let h = 2166136261;
  for (const c of `${salt}${name}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const nets = ['192.0.2', '198.51.100', '203.0.113'];
  return `${nets[h % 3]}.${1 + ((h >>> 8) % 254)}`;
}

function hostFor(r, name, address) {
  const chained = r() < 0.35;
  const chain = chained ? [`${name.split('.')[0]}.edge-${int(r, 1, 99)}.cdn-lb.example`] : [];
  if (chained && r() < 0.5) chain.push(`a${int(r, 100, 999)}.g.cdn-lb.example`);
  const v4 = address ? [address] : [documentationAddress(name, 'a'), documentationAddress(name, 'b')];
  const v6 = r() < 0.6 ? [`2001:db8:${int(r, 1, 0xfff).toString(16)}::${int(r, 1, 0xfff).toString(16)}`] : [];
  return { name, chain, v4, v6, address: v4[0], sni: name };
}

// The traffic of one contact: a name (looked up, then TLS with that SNI), an IPv4 address (TLS to
// it, no lookup, no SNI), or { name, address, via }; at least once, a small check-in every few
// minutes. Adds its host to `hosts` when it has a name.
function contactTraffic(cap, contact, minutes, hosts) {
  const r = cap.r;
  const span = minutes * 60;
  const c =
    typeof contact === 'string' ? (isIpv4(contact) ? { address: contact } : { name: contact }) : contact;
  const beats = int(r, 1, Math.max(1, Math.floor(minutes / 3)));
  const host = c.name ? hostFor(r, c.name, c.address) : { name: null, address: c.address, sni: null };
  if (c.name) hosts.push(host);
  for (let i = 0; i < beats; i++) {
    const t = START + between(r, 5, span - 20);
    if (!c.name) {
      tlsSession(cap, t, host, 443, { exchanges: 1, request: [300, 700], response: [100, 400] });
      continue;
    }
    const after = lookUp(cap, t, host);
    if (c.via === 'http') httpGet(cap, after, host, `/api/v2/sync?id=${int(r, 1e5, 9e5)}`);
    else tlsSession(cap, after, host, 443, { exchanges: 1, request: [300, 700], response: [100, 400] });
  }
}

// Every app a packet can be attributed to, by uid: the platform's (SYSTEM_APPS) and the caller's.
function appTable(apps) {
  const table = new Map(Object.values(SYSTEM_APPS).map((a) => [a.uid, a]));
  const given = new Set();
  for (const { uid, package: pkg = '', label = '' } of apps) {
    if (!Number.isInteger(uid) || uid < -(2 ** 31) || uid >= 2 ** 31)
      throw new RangeError(`app uid ${uid}: not a 32-bit integer`);
    if (given.has(uid)) throw new RangeError(`app uid ${uid} given twice`);
    const known = table.get(uid);
    if (known && (known.package !== pkg || known.label !== label))
      throw new RangeError(`app uid ${uid} is the platform's ${known.package} (${known.label})`);
    given.add(uid);
    table.set(uid, { uid, package: pkg, label });
  }
  return table;
}

// Writes the capture. Options:
//   seed          the random generator's seed (the same seed gives the same bytes)
//   minutes       how long the capture lasts
//   benign        names the phone's apps use, besides the platform's (PLATFORM_NAMES)
//   contacts      what else the phone contacts: a name (looked up, then TLS with that SNI), an
//                 IPv4 address (TLS to it, no lookup, no SNI), or { name, address, via } where
//                 `address` is the answer given for `name` and `via` is 'tls' (default) or 'http'
//   nanoseconds   if_tsresol 9 instead of 6 (not with pcapdroid 'trailer': that pcap is in µs)
//   apps          apps and what each contacts: [{ uid, package, label, contacts }], `contacts` as
//                 above; their traffic comes after all the rest (so the packets of the options
//                 above stay the same) and is attributed to `uid`. Used in every format: without
//                 `pcapdroid` the packets are there, unattributed.
//   media         how many media fetches (video segments, photos, app updates: 100 kB to 8 MB each,
//                 log-uniform, from YouTube's uid) the phone makes, after all the rest (so the
//                 packets of the options above stay the same); most of a real phone's bytes are
//                 such transfers in full-size segments. For the benchmark.
//   pcapdroid     absent: a plain pcapng (no attribution); 'pcapng': PCAPdroid's pcapng with its
//                 dump extensions; 'trailer': PCAPdroid's pcap with its per-frame trailer
//   damage        for reader tests: { badCrcEvery: N } ('trailer': the FCS of frames N, 2N, ...
//                 has a byte flipped), { truncatedMappings: [uid, ...] } ('pcapng': those uids'
//                 mapping blocks stop inside their names, the block lengths kept right)
// Returns { bytes, packets, start, end, hosts, uids, apps, damaged }: hosts is every name with the
// addresses given; uids the uid of each packet in file order; apps the apps that sent packets,
// in the order of their first packet ({ uid, package, label, packets }); damaged the number of
// frames with a bad FCS and of truncated mapping blocks.
export function phoneCapture(options = {}) {
  const { seed = 20, minutes = 6, benign = [], contacts = [], nanoseconds = false } = options;
  const { apps = [], pcapdroid, damage = {}, media = 0 } = options;
  if (![undefined, 'pcapng', 'trailer'].includes(pcapdroid))
    throw new RangeError(`pcapdroid: 'pcapng' or 'trailer', not ${pcapdroid}`);
  if (pcapdroid === 'trailer' && nanoseconds) throw new RangeError("pcapdroid 'trailer' writes µs only");
  if (damage.badCrcEvery !== undefined && (pcapdroid !== 'trailer' || !(damage.badCrcEvery >= 1)))
    throw new RangeError("damage.badCrcEvery: a count of 1 or more, with pcapdroid 'trailer'");
  if (damage.truncatedMappings !== undefined && pcapdroid !== 'pcapng')
    throw new RangeError("damage.truncatedMappings: with pcapdroid 'pcapng'");
  const table = appTable(apps);
  const r = rng(seed);
  const cap = new Capture(r);
  const span = minutes * 60;
  const at = () => START + between(r, 1, span - 20);
  const hosts = [];
  const tlsSizes = { exchanges: 2, request: [80, 900], response: [120, 6000] };

  // Android's connectivity check, as the capture starts and again later. DNS lookups are
  // attributed to the app that asks (Android's resolver tags its query socket with that uid).
  cap.uid = SYSTEM_APPS.android.uid;
  const check = hostFor(r, CONNECTIVITY_CHECK);
  hosts.push(check);
  for (const t of [START + 0.5, at()]) httpGet(cap, lookUp(cap, t, check), check, '/generate_204');

  // The platform and the apps: each name looked up, then used once or more. `benign` names
  // belong to no app given, so to PCAPdroid's "unknown" (uid -1).
  for (const name of [...PLATFORM_NAMES, ...benign]) {
    cap.uid = (PLATFORM_NAMES.includes(name) ? SYSTEM_APPS.gms : SYSTEM_APPS.unknown).uid;
    const host = hostFor(r, name);
    hosts.push(host);
    for (let i = 0, n = int(r, 1, 3); i < n; i++) {
      const t = at();
      tlsSession(cap, lookUp(cap, t, host), host, name === 'mtalk.google.com' ? 5228 : 443, tlsSizes);
    }
  }
  cap.uid = SYSTEM_APPS.youtube.uid;
  for (const name of QUIC_NAMES) {
    const host = hostFor(r, name);
    hosts.push(host);
    const t = at();
    quicFlow(cap, lookUp(cap, t, host), host);
  }

  // The contacts, each at least once: those of no app given ("unknown"), then each app's.
  cap.uid = SYSTEM_APPS.unknown.uid;
  for (const contact of contacts) contactTraffic(cap, contact, minutes, hosts);
  for (const app of apps) {
    cap.uid = app.uid;
    for (const contact of app.contacts ?? []) contactTraffic(cap, contact, minutes, hosts);
  }

  cap.uid = SYSTEM_APPS.youtube.uid;
  const pool = media ? randomBytes(r, 1 << 18) : null;
  for (let i = 0; i < media; i++) {
    const host = hostFor(r, `v${i % 40}.media-cdn.example.net`);
    if (i < 40) hosts.push(host);
    const size = Math.round(Math.exp(between(r, Math.log(1e5), Math.log(8e6))));
    mediaSession(cap, lookUp(cap, at(), host), host, size, pool);
  }

  cap.packets.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.order - b.order));
  const startNs = BigInt(START) * NS;
  const truncated = new Set(damage.truncatedMappings ?? []);
  let bytes;
  let badCrc = 0;
  if (pcapdroid === 'trailer') ({ bytes, badCrc } = pcapWithTrailer(cap.packets, table, damage.badCrcEvery));
  else bytes = pcapng(cap.packets, nanoseconds, pcapdroid ? { apps: table, truncated } : null);
  const seen = new Map();
  for (const { uid } of cap.packets) {
    if (!seen.has(uid)) seen.set(uid, { ...table.get(uid), packets: 0 });
    seen.get(uid).packets++;
  }
  return {
    bytes,
    packets: cap.packets.length,
    start: Number(cap.packets[0].ns - startNs) / 1e9 + START,
    end: Number(cap.packets.at(-1).ns - startNs) / 1e9 + START,
    hosts: hosts.map(({ name, chain, v4, v6 }) => ({ name, chain, v4, v6 })),
    uids: cap.packets.map((p) => p.uid),
    apps: [...seen.values()],
    damaged: {
      badCrc,
      truncatedMappings: pcapdroid === 'pcapng' ? [...seen.keys()].filter((u) => truncated.has(u)).length : 0,
    },
  };
}

const USAGE =
  'usage: phone-capture.mjs OUT [--seed N] [--minutes N] [--nanoseconds] [--contact NAME_OR_ADDRESS ...]\n' +
  '         [--pcapdroid pcapng|trailer] [--app UID:PACKAGE:LABEL:CONTACT,CONTACT,... ...]\n' +
  '         [--bad-crc-every N] [--truncate-mapping UID ...]';

// The options of a command line (see USAGE); throws on a bad one.
export function cliOptions(args) {
  const valued = new Set(['--seed', '--minutes', '--contact', '--pcapdroid', '--app']);
  valued.add('--bad-crc-every').add('--truncate-mapping');
  const options = { contacts: [], apps: [] };
  const damage = {};
  let out = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      if (out !== null) throw new Error(`more than one output file: ${out}, ${a}`);
      out = a;
      continue;
    }
    if (a === '--nanoseconds') {
      options.nanoseconds = true;
      continue;
    }
    if (!valued.has(a)) throw new Error(`unknown option ${a}`);
    const v = args[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    const number = () => {
      const n = Number(v);
      if (!Number.isInteger(n)) throw new Error(`${a} ${v}: not an integer`);
      return n;
    };
    if (a === '--seed') options.seed = number();
    else if (a === '--minutes') options.minutes = number();
    else if (a === '--contact') options.contacts.push(v);
    else if (a === '--pcapdroid') options.pcapdroid = v;
    else if (a === '--bad-crc-every') damage.badCrcEvery = number();
    else if (a === '--truncate-mapping') (damage.truncatedMappings ??= []).push(number());
    else {
      // UID:PACKAGE:LABEL:CONTACTS (a label has no colon; contacts are comma-separated)
      const m = /^(-?\d+):([^:]*):([^:]*)(?::(.*))?$/.exec(v);
      if (!m) throw new Error(`--app ${v}: not UID:PACKAGE:LABEL:CONTACT,...`);
      const contacts = m[4] ? m[4].split(',').filter(Boolean) : [];
      options.apps.push({ uid: Number(m[1]), package: m[2], label: m[3], contacts });
    }
  }
  if (out === null) throw new Error('no output file');
  if (Object.keys(damage).length) options.damage = damage;
  return { out, options };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let parsed;
  try {
    parsed = cliOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`${e.message}\n${USAGE}`);
    process.exit(2);
  }
  const got = phoneCapture(parsed.options);
  writeFileSync(parsed.out, got.bytes);
  const apps = got.apps.map((a) => `${a.uid} ${a.package}: ${a.packets}`).join(', ');
  console.log(`${parsed.out}: ${got.packets} packets${parsed.options.pcapdroid ? ` (${apps})` : ''}`);
}
