#!/usr/bin/env node
// Deterministic large synthetic captures for benchmarks.
//   node scripts/bench/generate.mjs OUT_DIR [--mb 100] [--format tsv|json] [--destinations 50000] [--seed 1]
// Writes conn, dns, ssl, x509 and http logs whose sizes add up to about --mb MB, with a
// long-tailed (Zipf-like) popularity over --destinations destinations, realistic field widths,
// and the names of a few Echap and TinyCheck indicators so that the rules have work to do.
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { LogWriter, dnsRecord, rng } from '../lib/synthetic-capture.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const out = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!out) {
  console.error('usage: generate.mjs OUT_DIR [--mb N] [--format tsv|json] [--destinations N] [--seed N]');
  process.exit(2);
}
const targetBytes = Number(opt('mb', 100)) * 1e6;
const format = opt('format', 'tsv');
const nDest = Number(opt('destinations', 50000));
const r = rng(Number(opt('seed', 1)));
mkdirSync(out, { recursive: true });

const WORDS = [
  'api',
  'cdn',
  'img',
  'static',
  'edge',
  'push',
  'sync',
  'media',
  'auth',
  'graph',
  'log',
  'ads',
  'metrics',
  'update',
  'store',
  'mail',
  'chat',
  'video',
  'maps',
  'news',
];
const SITES = ['example', 'sample', 'demo', 'test', 'invalid'];
// A few real indicator names (Echap, TinyCheck) so that IOC checks fire in benchmarks.
const PLANTED = [
  'copy9.com',
  'media-sync-a.thetruthspy.com',
  'api.smartechmetrics.com',
  'hkn01.bearclod.com',
];

const dests = [];
for (let i = 0; i < nDest; i++) {
  const planted = i % 5000 === 17 ? PLANTED[((i / 5000) % PLANTED.length) | 0] : null;
  const name =
    planted ??
    `${WORDS[i % WORDS.length]}${i % 97}.${WORDS[(i * 7) % WORDS.length]}-${i}.${SITES[i % SITES.length]}.com`;
  const ip =
    i % 10 === 0
      ? `2001:db8:${(i >> 8).toString(16)}::${(i & 255).toString(16)}`
      : `${11 + (i % 200)}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const kind = r();
  const [port, proto, service] =
    kind < 0.7
      ? [443, 'tcp', 'ssl']
      : kind < 0.8
        ? [80, 'tcp', 'http']
        : kind < 0.9
          ? [443, 'udp', 'quic,ssl']
          : kind < 0.95
            ? [5223, 'tcp', 'ssl']
            : [8000 + (i % 2000), 'tcp', null];
  dests.push({ name, ip, port, proto, service, fp: null });
}
// Zipf-like: destination k is picked with probability ~ 1/(k+1).
const harmonic = [];
let h = 0;
for (let k = 0; k < nDest; k++) harmonic.push((h += 1 / (k + 1)));
function pick() {
  const x = r() * h;
  let lo = 0;
  let hi = nDest - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (harmonic[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return dests[lo];
}
const UID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const uid = (p = 'C') => {
  let s = p;
  for (let i = 0; i < 17; i++) s += UID[(r() * 62) | 0];
  return s;
};
const hex = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += ((r() * 16) | 0).toString(16);
  return s;
};

const ext = format === 'json' ? 'json.log' : 'log';
let written = 0;
const streams = {};
const writers = {};
for (const p of ['conn', 'dns', 'ssl', 'x509', 'http']) {
  const s = createWriteStream(path.join(out, `${p}.${ext}`), { highWaterMark: 1 << 22 });
  streams[p] = s;
  let buf = '';
  writers[p] = new LogWriter(p, format, (text) => {
    buf += text;
    written += text.length;
    if (buf.length > 1 << 20) {
      s.write(buf);
      buf = '';
    }
  });
  writers[p].flush = () => s.write(buf);
}
const phone = '10.0.0.23';
let ts = 1793520000;
const seen = new Set();
let rows = 0;
while (written < targetBytes) {
  const d = pick();
  ts += r() * 0.05;
  const t = Math.round(ts * 1e6) / 1e6; // Zeek writes times and intervals to the microsecond
  const u = uid();
  const sport = 32768 + ((r() * 28000) | 0);
  if (!seen.has(d.name) || r() < 0.05) {
    seen.add(d.name);
    writers.dns.write(
      dnsRecord({
        ts: t,
        uid: uid(),
        endpoints: { 'id.orig_h': phone, 'id.orig_p': sport, 'id.resp_h': '10.0.0.1', 'id.resp_p': 53 },
        transId: (r() * 65535) | 0,
        rtt: r() * 0.05,
        name: d.name,
        qtype: d.ip.includes(':') ? 'AAAA' : 'A',
        answers: [d.ip],
      }),
    );
  }
  const ob = (r() * 20000) | 0;
  const rb = (r() * 900000) | 0;
  writers.conn.write({
    ts: t,
    uid: u,
    'id.orig_h': phone,
    'id.orig_p': sport,
    'id.resp_h': d.ip,
    'id.resp_p': d.port,
    proto: d.proto,
    service: d.service,
    duration: Math.round(r() * 120e6) / 1e6,
    orig_bytes: ob,
    resp_bytes: rb,
    conn_state: 'SF',
    local_orig: true,
    local_resp: false,
    missed_bytes: 0,
    history: 'ShADadFf',
    orig_pkts: ((ob / 1400) | 0) + 3,
    orig_ip_bytes: ob + 200,
    resp_pkts: ((rb / 1400) | 0) + 3,
    resp_ip_bytes: rb + 200,
    tunnel_parents: [],
  });
  rows++;
  if (d.service?.includes('ssl') && r() < 0.5) {
    if (!d.fp) {
      d.fp = hex(64);
      writers.x509.write({
        ts: t,
        fingerprint: d.fp,
        'certificate.version': 3,
        'certificate.serial': hex(16),
        'certificate.subject': `CN=${d.name}`,
        'certificate.issuer': r() < 0.3 ? "CN=R11,O=Let's Encrypt,C=US" : 'CN=Example CA,O=Example,C=US',
        'certificate.not_valid_before': 1790000000,
        'certificate.not_valid_after': 1800000000,
        'certificate.key_alg': 'rsaEncryption',
        'certificate.sig_alg': 'sha256WithRSAEncryption',
        'certificate.key_type': 'rsa',
        'certificate.key_length': 2048,
        'san.dns': [d.name],
        host_cert: true,
        client_cert: false,
      });
    }
    writers.ssl.write({
      ts: t,
      uid: u,
      'id.orig_h': phone,
      'id.orig_p': sport,
      'id.resp_h': d.ip,
      'id.resp_p': d.port,
      version: 'TLSv13',
      cipher: 'TLS_AES_128_GCM_SHA256',
      curve: 'x25519',
      server_name: d.name,
      resumed: false,
      last_alert: null,
      next_protocol: 'h2',
      established: true,
      ssl_history: 'CsiI',
      cert_chain_fps: [d.fp],
      client_cert_chain_fps: [],
      sni_matches_cert: true,
      validation_status: 'ok',
    });
  }
  if (d.service === 'http') {
    writers.http.write({
      ts: t,
      uid: u,
      'id.orig_h': phone,
      'id.orig_p': sport,
      'id.resp_h': d.ip,
      'id.resp_p': d.port,
      trans_depth: 1,
      method: 'GET',
      host: d.name,
      uri: `/v1/${hex(24)}?q=${hex(12)}`,
      referrer: null,
      version: '1.1',
      user_agent: 'Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/AP2A.240805.005)',
      request_body_len: 0,
      response_body_len: rb,
      status_code: 200,
      status_msg: 'OK',
    });
  }
}
for (const w of Object.values(writers)) {
  w.close();
  w.flush();
}
await Promise.all(Object.values(streams).map((s) => new Promise((resolve) => s.end(resolve))));
console.log(
  `generate: ${(written / 1e6).toFixed(1)} MB, ${rows} connections, ${seen.size} destinations seen, ${format}, in ${out}`,
);
