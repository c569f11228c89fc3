// Generated captures that the behavioural rules (BEH-01 to BEH-06, issue 19) are proved on: twelve
// hours of one phone, ordinary background traffic, and one planted behaviour per scenario, written
// as Zeek 6 logs (TSV, or JSON lines as Zeek's JSON writer makes them) by the sample capture's
// LogWriter. The same seed gives the same bytes. Names are under .example and addresses are in
// documentation ranges (RFC 5737), except the public resolvers that BEH-06 is about.
// As a script, it writes every scenario into a folder of its own, to look at by hand:
//   node scripts/lib/behaviour-captures.mjs OUT_DIR [--format tsv|json] [--seed N]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogWriter, dnsRecord, rng, uid } from './synthetic-capture.mjs';

export const PHONE = '192.168.1.20';
export const RESOLVER = '192.168.1.1';
export const START = 1793520000; // 2026-11-01T08:00:00Z, as the writers' #open line says
export const HOURS = 12;
const END = START + HOURS * 3600;
const LOGS = ['conn', 'dns', 'ssl'];

const between = (r, lo, hi) => lo + r() * (hi - lo);
const int = (r, lo, hi) => Math.floor(between(r, lo, hi + 1));
const usec = (t) => Math.round(t * 1e6) / 1e6; // Zeek's times have microseconds
const toMicroseconds = (visit) => ({ ...visit, ts: usec(visit.ts), seconds: usec(visit.seconds) });
const LABEL = 'abcdefghijklmnopqrstuvwxyz0123456789';
const label = (r, n) => Array.from({ length: n }, () => LABEL[Math.floor(r() * LABEL.length)]).join('');

// Ordinary apps, used at irregular times with sizes that vary a lot. A destination's `ttl` is how
// long the phone keeps its DNS answer; `sni` (when not its name) is the TLS server name.
const BACKGROUND = [
  {
    name: 'www.news.example',
    ip: '192.0.2.10',
    port: 443,
    visits: 30,
    orig: [300, 4000],
    resp: [5e3, 4e5],
    seconds: [0.2, 20],
  },
  {
    name: 'chat.messenger.example',
    ip: '192.0.2.40',
    port: 443,
    visits: 40,
    orig: [200, 2e4],
    resp: [300, 3e4],
    seconds: [0.5, 90],
  },
  {
    name: 'video.cdn.example',
    ip: '192.0.2.30',
    port: 443,
    visits: 12,
    orig: [2e3, 3e4],
    resp: [1e6, 4e7],
    seconds: [20, 600],
  },
];
// The platform's push channel, open all day: long, but a platform service
// (iocs/builtin/platform-services.txt), which no BEH rule may report.
const PUSH = { name: 'mtalk.google.com', ip: '192.0.2.80', port: 5228 };
// A television on the LAN, cast to for four hours: nonroutable, which no BEH rule may report.
const TV = { name: null, ip: '192.168.1.30', port: 8009 };

// The report hosts of the background (the LAN resolver is one: every lookup is a connection to it).
export const BACKGROUND_HOSTS = [...BACKGROUND.map((d) => d.name), PUSH.name, TV.ip, RESOLVER];

function background(r) {
  const visits = [];
  for (const d of BACKGROUND)
    for (let i = 0; i < d.visits; i++)
      visits.push({
        dest: d,
        ts: between(r, START, END - 600),
        seconds: between(r, ...d.seconds),
        orig: int(r, ...d.orig),
        resp: int(r, ...d.resp),
      });
  visits.push({
    dest: PUSH,
    ts: START + between(r, 5, 60),
    seconds: HOURS * 3600 - between(r, 300, 600),
    orig: int(r, 50e3, 70e3),
    resp: int(r, 80e3, 120e3),
  });
  visits.push({
    dest: TV,
    ts: START + 6 * 3600 + between(r, 0, 600),
    seconds: 4 * 3600,
    orig: int(r, 2e5, 4e5),
    resp: int(r, 1e6, 2e6),
  });
  return visits;
}

// A check-in: a small request and answer, of nearly the same sizes each time.
const SYNC = { name: 'sync.unlisted.example', ip: '198.51.100.7', port: 443, ttl: 3600 };
const checkIn = (r, ts) => ({
  dest: SYNC,
  ts,
  seconds: between(r, 0.3, 0.6),
  orig: int(r, 700, 760),
  resp: int(r, 1500, 1600),
});
const BEACONS = 144; // twelve hours at one every five minutes

const STREAM = { name: 'stream.unlisted.example', ip: '198.51.100.17', port: 443 };
const BACKUP = { name: 'backup.unlisted.example', ip: '198.51.100.30', port: 443 };
const TUNNEL_DOMAIN = 'x7-tunnel.example';
const TUNNEL_NAMES = 500;
const DOT = { name: null, ip: '8.8.8.8', port: 853 };
const DOH = { name: 'dns.google', ip: '8.8.8.8', answers: ['8.8.8.8', '8.8.4.4'], port: 443 };

// What a scenario planted, in the numbers its rule is to report (from the times as written).
function planted(rule, written) {
  const visits = written.map(toMicroseconds);
  const dest = visits[0].dest;
  const sum = (key) => visits.reduce((n, v) => n + v[key], 0);
  return {
    rule,
    host: dest.name ?? dest.ip,
    ip: dest.ip,
    port: dest.port,
    connections: visits.length,
    origBytes: sum('orig'),
    respBytes: sum('resp'),
    seconds: usec(sum('seconds')),
    firstTs: visits[0].ts,
    lastTs: visits.at(-1).ts,
  };
}

// Each scenario: its planted connections (`visits`), lookups that lead to no connection
// (`lookups`), and what was planted.
const BUILDERS = {
  beacon(r) {
    // Every five minutes, each wait 300 s ± 10%: a timer that sleeps with jitter.
    const visits = [];
    let ts = START + 90;
    for (let i = 0; i < BEACONS; i++) {
      visits.push(checkIn(r, ts));
      ts += 300 * between(r, 0.9, 1.1);
    }
    return { visits, planted: planted('BEH-01', visits) };
  },
  random(r) {
    // As many check-ins to the same host, at uniformly random times: no rhythm to find.
    const times = Array.from({ length: BEACONS }, () => between(r, START, END)).sort((a, b) => a - b);
    const visits = times.map((ts) => checkIn(r, ts));
    return { visits, planted: planted(null, visits) };
  },
  long(r) {
    // One session held open for three hours, with keep-alives both ways.
    const visits = [
      { dest: STREAM, ts: START + 2 * 3600 + between(r, 0, 60), seconds: 10800, orig: 185000, resp: 262000 },
    ];
    return { visits, planted: planted('BEH-02', visits) };
  },
  subdomains(r) {
    // Names never asked before, each a random label under one domain, asked in a burst of about
    // two hours for TXT records: data carried out in the names and back in the answers.
    const names = new Set();
    while (names.size < TUNNEL_NAMES) names.add(`${label(r, int(r, 8, 20))}.${TUNNEL_DOMAIN}`);
    let ts = START + 3 * 3600;
    const lookups = [...names].map((name) => {
      ts += between(r, 2, 26);
      return { name, ts, qtype: 'TXT', answers: [`TXT 32 ${label(r, 32)}`], ttl: 0 };
    });
    return {
      visits: [],
      lookups,
      planted: {
        rule: 'BEH-03',
        host: TUNNEL_DOMAIN,
        names: names.size,
        firstTs: usec(lookups[0].ts),
        lastTs: usec(ts),
      },
    };
  },
  upload(r) {
    // 20 MB out in four sessions three hours apart, a few kB back: the shape of exfiltration.
    const visits = [6_200_000, 4_900_000, 5_400_000, 3_500_000].map((orig, i) => ({
      dest: BACKUP,
      ts: START + (1 + 3 * i) * 3600 + between(r, 0, 600),
      seconds: orig / between(r, 1e6, 2e6),
      orig,
      resp: int(r, 6000, 12000),
    }));
    return { visits, planted: planted('BEH-04', visits) };
  },
  dot(r) {
    // An app's own DNS over TLS, to Google's resolver by its address: lookups the LAN never sees.
    const visits = [
      {
        dest: DOT,
        ts: START + 5 * 3600 + between(r, 0, 600),
        seconds: between(r, 120, 300),
        orig: int(r, 4000, 6000),
        resp: int(r, 8000, 12000),
      },
    ];
    return { visits, planted: planted('BEH-06', visits) };
  },
  doh(r) {
    // DNS over HTTPS: dns.google looked up once, then the lookups go inside TLS to it.
    const visits = [
      {
        dest: DOH,
        ts: START + 5 * 3600 + between(r, 0, 600),
        seconds: between(r, 60, 180),
        orig: int(r, 5000, 8000),
        resp: int(r, 10000, 16000),
      },
    ];
    return { visits, planted: planted('BEH-06', visits) };
  },
};
export const SCENARIOS = Object.keys(BUILDERS);

// Zeek's records of one lookup: dns.log, and conn.log for the UDP flow to the LAN resolver.
function lookupRecords(ids, { name, ts, qtype = 'A', answers, ttl = 300 }) {
  const u = uid(ids);
  const port = int(ids, 30000, 60999);
  const rtt = usec(between(ids, 0.005, 0.04));
  const query = name.length + 18; // header, name, type and class
  const answer = answers.reduce((n, a) => n + 12 + (qtype === 'A' ? 4 : a.length), 0);
  const endpoints = { 'id.orig_h': PHONE, 'id.orig_p': port, 'id.resp_h': RESOLVER, 'id.resp_p': 53 };
  const dns = dnsRecord({
    ts,
    uid: u,
    endpoints,
    transId: int(ids, 0, 65535),
    rtt,
    name,
    qtype,
    answers,
    ttl,
  });
  const conn = {
    ts,
    uid: u,
    ...endpoints,
    proto: 'udp',
    service: 'dns',
    duration: rtt,
    orig_bytes: query,
    resp_bytes: query + answer,
    conn_state: 'SF',
    local_orig: true,
    local_resp: true,
    missed_bytes: 0,
    history: 'Dd',
    orig_pkts: 1,
    orig_ip_bytes: query + 28,
    resp_pkts: 1,
    resp_ip_bytes: query + answer + 28,
    tunnel_parents: [],
  };
  return { dns, conn };
}

// Zeek's records of one TLS session: conn.log, and ssl.log as TLS 1.3 leaves it (no certificate
// is visible, so no chain, validation or x509.log).
function sessionRecords(ids, { dest, ts, seconds, orig, resp }) {
  const u = uid(ids);
  const endpoints = {
    'id.orig_h': PHONE,
    'id.orig_p': int(ids, 32768, 60999),
    'id.resp_h': dest.ip,
    'id.resp_p': dest.port,
  };
  const origPkts = Math.ceil(orig / 1400) + 4;
  const respPkts = Math.ceil(resp / 1400) + 3;
  const conn = {
    ts,
    uid: u,
    ...endpoints,
    proto: 'tcp',
    service: 'ssl',
    duration: seconds,
    orig_bytes: orig,
    resp_bytes: resp,
    conn_state: 'SF',
    local_orig: true,
    local_resp: dest.ip.startsWith('192.168.'),
    missed_bytes: 0,
    history: 'ShADadFf',
    orig_pkts: origPkts,
    orig_ip_bytes: orig + 52 * origPkts,
    resp_pkts: respPkts,
    resp_ip_bytes: resp + 52 * respPkts,
    tunnel_parents: [],
  };
  const ssl = {
    ts: usec(ts + between(ids, 0.02, 0.08)),
    uid: u,
    ...endpoints,
    version: 'TLSv13',
    cipher: 'TLS_AES_128_GCM_SHA256',
    curve: 'x25519',
    server_name: dest.name,
    resumed: false,
    established: true,
    ssl_history: 'CsiI',
  };
  return { conn, ssl };
}

// One scenario's capture: { files: { 'conn.log': text, ... }, records: { 'conn.log': count, ... },
// planted, background }. `seed` chooses every random time, size, name and uid; what a scenario is
// (144 check-ins, one 10800 s session, 500 names, 20,000,000 bytes, the resolvers) does not
// depend on it.
export function generateBehaviourCapture(scenario, { format = 'tsv', seed = 19 } = {}) {
  const build = BUILDERS[scenario];
  if (!build) throw new Error(`unknown scenario "${scenario}" (one of ${SCENARIOS.join(', ')})`);
  const scene = build(rng(seed + 1 + SCENARIOS.indexOf(scenario)));
  const visits = [...background(rng(seed)), ...scene.visits].map(toMicroseconds).sort((a, b) => a.ts - b.ts);
  const ids = rng(seed + 100);
  const records = { conn: [], dns: [], ssl: [] };
  const add = (recs) => {
    for (const [log, rec] of Object.entries(recs)) records[log].push(rec);
  };
  // The phone looks a name up before connecting, unless its last answer is still fresh.
  const lookedUp = new Map();
  for (const visit of visits) {
    const { name, ip, answers = [ip], ttl = 300 } = visit.dest;
    const last = lookedUp.get(name);
    if (name && (last === undefined || visit.ts - last >= ttl)) {
      const ts = usec(visit.ts - between(ids, 0.05, 0.2));
      add(lookupRecords(ids, { name, ts, answers, ttl }));
      lookedUp.set(name, ts);
    }
    add(sessionRecords(ids, visit));
  }
  for (const lookup of scene.lookups ?? []) add(lookupRecords(ids, { ...lookup, ts: usec(lookup.ts) }));

  // Zeek writes a connection when it ends, a lookup or a handshake when it is seen.
  records.conn.sort((a, b) => a.ts + a.duration - (b.ts + b.duration));
  records.dns.sort((a, b) => a.ts - b.ts);
  records.ssl.sort((a, b) => a.ts - b.ts);
  const files = {};
  for (const log of LOGS) {
    let text = '';
    const writer = new LogWriter(log, format, (s) => (text += s));
    for (const rec of records[log]) writer.write(rec);
    writer.close();
    files[`${log}.log`] = text;
  }
  return {
    files,
    records: Object.fromEntries(LOGS.map((log) => [`${log}.log`, records[log].length])),
    planted: scene.planted,
    background: BACKGROUND_HOSTS,
  };
}

// Writes one scenario's logs into dir (made if need be); returns what generateBehaviourCapture
// does, without the files' text.
export function writeBehaviourCapture(dir, scenario, options) {
  const { files, ...rest } = generateBehaviourCapture(scenario, options);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return rest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
  const out = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!out) {
    console.error('usage: behaviour-captures.mjs OUT_DIR [--format tsv|json] [--seed N]');
    process.exit(2);
  }
  for (const scenario of SCENARIOS) {
    const { planted: p } = writeBehaviourCapture(path.join(out, scenario), scenario, {
      format: opt('format', 'tsv'),
      seed: Number(opt('seed', 19)),
    });
    console.log(`${scenario}: ${JSON.stringify(p)}`);
  }
}
