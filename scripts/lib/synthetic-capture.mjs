// A deterministic synthetic capture of one phone's traffic, written as Zeek 6.x logs (TSV or
// JSON). Used for the page's sample capture (small, with planted findings from
// iocs/builtin/demo-indicators.json) and for benchmarks (large, long-tailed popularity).
// All names are under .example and all public addresses are documentation ranges (RFC 5737).

// A small, fast, seedable PRNG (mulberry32).
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCHEMAS = {
  conn: [
    ['ts', 'time'],
    ['uid', 'string'],
    ['id.orig_h', 'addr'],
    ['id.orig_p', 'port'],
    ['id.resp_h', 'addr'],
    ['id.resp_p', 'port'],
    ['proto', 'enum'],
    ['service', 'string'],
    ['duration', 'interval'],
    ['orig_bytes', 'count'],
    ['resp_bytes', 'count'],
    ['conn_state', 'string'],
    ['local_orig', 'bool'],
    ['local_resp', 'bool'],
    ['missed_bytes', 'count'],
    ['history', 'string'],
    ['orig_pkts', 'count'],
    ['orig_ip_bytes', 'count'],
    ['resp_pkts', 'count'],
    ['resp_ip_bytes', 'count'],
    ['tunnel_parents', 'set[string]'],
  ],
  dns: [
    ['ts', 'time'],
    ['uid', 'string'],
    ['id.orig_h', 'addr'],
    ['id.orig_p', 'port'],
    ['id.resp_h', 'addr'],
    ['id.resp_p', 'port'],
    ['proto', 'enum'],
    ['trans_id', 'count'],
    ['rtt', 'interval'],
    ['query', 'string'],
    ['qclass', 'count'],
    ['qclass_name', 'string'],
    ['qtype', 'count'],
    ['qtype_name', 'string'],
    ['rcode', 'count'],
    ['rcode_name', 'string'],
    ['AA', 'bool'],
    ['TC', 'bool'],
    ['RD', 'bool'],
    ['RA', 'bool'],
    ['Z', 'count'],
    ['answers', 'vector[string]'],
    ['TTLs', 'vector[interval]'],
    ['rejected', 'bool'],
  ],
  ssl: [
    ['ts', 'time'],
    ['uid', 'string'],
    ['id.orig_h', 'addr'],
    ['id.orig_p', 'port'],
    ['id.resp_h', 'addr'],
    ['id.resp_p', 'port'],
    ['version', 'string'],
    ['cipher', 'string'],
    ['curve', 'string'],
    ['server_name', 'string'],
    ['resumed', 'bool'],
    ['last_alert', 'string'],
    ['next_protocol', 'string'],
    ['established', 'bool'],
    ['ssl_history', 'string'],
    ['cert_chain_fps', 'vector[string]'],
    ['client_cert_chain_fps', 'vector[string]'],
    ['sni_matches_cert', 'bool'],
    ['validation_status', 'string'],
  ],
  x509: [
    ['ts', 'time'],
    ['fingerprint', 'string'],
    ['certificate.version', 'count'],
    ['certificate.serial', 'string'],
    ['certificate.subject', 'string'],
    ['certificate.issuer', 'string'],
    ['certificate.not_valid_before', 'time'],
    ['certificate.not_valid_after', 'time'],
    ['certificate.key_alg', 'string'],
    ['certificate.sig_alg', 'string'],
    ['certificate.key_type', 'string'],
    ['certificate.key_length', 'count'],
    ['san.dns', 'vector[string]'],
    ['host_cert', 'bool'],
    ['client_cert', 'bool'],
  ],
  http: [
    ['ts', 'time'],
    ['uid', 'string'],
    ['id.orig_h', 'addr'],
    ['id.orig_p', 'port'],
    ['id.resp_h', 'addr'],
    ['id.resp_p', 'port'],
    ['trans_depth', 'count'],
    ['method', 'string'],
    ['host', 'string'],
    ['uri', 'string'],
    ['referrer', 'string'],
    ['version', 'string'],
    ['user_agent', 'string'],
    ['request_body_len', 'count'],
    ['response_body_len', 'count'],
    ['status_code', 'count'],
    ['status_msg', 'string'],
  ],
};

function hex(r, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
  return s;
}

const UID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function uid(r) {
  let s = 'C';
  for (let i = 0; i < 17; i++) s += UID[Math.floor(r() * UID.length)];
  return s;
}

// Writes records of one log as Zeek TSV or JSON lines.
const QTYPES = { A: 1, AAAA: 28, TXT: 16 };

// A dns.log record of an answered lookup over UDP, fields in Zeek's order. qtype: a QTYPES key.
export function dnsRecord({ ts, uid, endpoints, transId, rtt, name, qtype = 'A', answers, ttl = 300 }) {
  return {
    ts,
    uid,
    ...endpoints,
    proto: 'udp',
    trans_id: transId,
    rtt,
    query: name,
    qclass: 1,
    qclass_name: 'C_INTERNET',
    qtype: QTYPES[qtype],
    qtype_name: qtype,
    rcode: 0,
    rcode_name: 'NOERROR',
    AA: false,
    TC: false,
    RD: true,
    RA: true,
    Z: 0,
    answers,
    TTLs: answers.map(() => ttl),
    rejected: false,
  };
}

export class LogWriter {
  constructor(path, format, sink) {
    this.path = path;
    this.format = format;
    this.fields = SCHEMAS[path];
    this.sink = sink;
    if (format === 'tsv') {
      this.sink(
        `#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t${path}\n` +
          `#open\t2026-11-01-08-00-00\n#fields\t${this.fields.map((f) => f[0]).join('\t')}\n` +
          `#types\t${this.fields.map((f) => f[1]).join('\t')}\n`,
      );
    }
  }

  write(rec) {
    if (this.format === 'tsv') {
      const cells = this.fields.map(([name, type]) => {
        const v = rec[name];
        if (v === undefined || v === null) return '-';
        if (Array.isArray(v)) return v.length ? v.join(',') : '(empty)';
        if (typeof v === 'boolean') return v ? 'T' : 'F';
        if (type === 'time' || type === 'interval') return Number(v).toFixed(6);
        return v === '' ? '(empty)' : String(v);
      });
      this.sink(`${cells.join('\t')}\n`);
    } else {
      const obj = {};
      for (const [name] of this.fields)
        if (rec[name] !== undefined && rec[name] !== null) obj[name] = rec[name];
      this.sink(`${JSON.stringify(obj)}\n`);
    }
  }

  close() {
    if (this.format === 'tsv') this.sink('#close\t2026-11-01-20-00-00\n');
  }
}

const CA = 'CN=Example Trust RSA CA 2026,O=Example Trust Services,C=US';
const LE = "CN=R11,O=Let's Encrypt,C=US";

// The destinations of the sample: ordinary apps, plus the planted findings.
function sampleDestinations() {
  return [
    {
      name: 'www.news.example',
      ip: '192.0.2.10',
      port: 443,
      proto: 'tcp',
      service: 'ssl',
      weight: 30,
      issuer: CA,
    },
    {
      name: 'mail.example',
      ip: '192.0.2.20',
      port: 993,
      proto: 'tcp',
      service: 'ssl',
      weight: 12,
      issuer: CA,
    },
    {
      name: 'video.cdn.example',
      ip: '192.0.2.30',
      port: 443,
      proto: 'tcp',
      service: 'ssl',
      weight: 25,
      issuer: CA,
    },
    {
      name: 'chat.messenger.example',
      ip: '192.0.2.40',
      port: 443,
      proto: 'tcp',
      service: 'ssl',
      weight: 20,
      issuer: CA,
    },
    { name: 'time.example', ip: '192.0.2.50', port: 123, proto: 'udp', service: 'ntp', weight: 4 },
    {
      name: 'maps.example',
      ip: '192.0.2.60',
      port: 443,
      proto: 'udp',
      service: 'quic,ssl',
      weight: 8,
      issuer: CA,
    },
    // Planted findings (see iocs/builtin/demo-indicators.json):
    // a stalkerware control server, contacted every few minutes, with a free certificate
    {
      name: 'c2.stalker-demo.example',
      ip: '203.0.113.10',
      port: 443,
      proto: 'tcp',
      service: 'ssl',
      weight: 10,
      issuer: LE,
      planted: true,
    },
    // an advertising tracker
    {
      name: 'metrics.tracker-demo.example',
      ip: '198.51.100.20',
      port: 443,
      proto: 'tcp',
      service: 'ssl',
      weight: 6,
      issuer: CA,
      planted: true,
    },
    // a spyware address reached without any DNS lookup, TLS on a high port, self-signed
    {
      name: null,
      ip: '203.0.113.66',
      port: 8443,
      proto: 'tcp',
      service: 'ssl',
      weight: 3,
      selfSigned: true,
      planted: true,
    },
    // uploads over plain HTTP on a non-standard port
    {
      name: 'upload.files-demo.example',
      ip: '198.51.100.30',
      port: 8080,
      proto: 'tcp',
      service: 'http',
      weight: 3,
      planted: true,
    },
    // UDP to an unusual port with no known service
    {
      name: 'relay.dyn-demo.example',
      ip: '198.51.100.99',
      port: 40000,
      proto: 'udp',
      service: null,
      weight: 2,
      planted: true,
    },
  ];
}

// Generates the sample capture: returns { 'conn.log': text, ... }.
export function generateSample({ seed = 2026, connections = 400, format = 'tsv' } = {}) {
  const r = rng(seed);
  const out = {};
  const writers = {};
  for (const path of Object.keys(SCHEMAS)) {
    out[`${path}.log`] = '';
    writers[path] = new LogWriter(path, format, (s) => {
      out[`${path}.log`] += s;
    });
  }
  const phone = '10.0.0.23';
  const dnsServer = '10.0.0.1';
  const dests = sampleDestinations();
  const total = dests.reduce((n, d) => n + d.weight, 0);
  const certs = new Map();
  let ts = 1793520000; // 2026-11-01T08:00:00Z
  const resolved = new Set();
  for (let i = 0; i < connections; i++) {
    ts += r() * 90;
    let pick = r() * total;
    const d = dests.find((x) => (pick -= x.weight) < 0) ?? dests[0];
    const u = uid(r);
    const sport = 40000 + Math.floor(r() * 20000);
    if (d.name && (!resolved.has(d.name) || r() < 0.15)) {
      resolved.add(d.name);
      writers.dns.write(
        dnsRecord({
          ts: ts - 0.05,
          uid: uid(r),
          endpoints: {
            'id.orig_h': phone,
            'id.orig_p': 30000 + Math.floor(r() * 30000),
            'id.resp_h': dnsServer,
            'id.resp_p': 53,
          },
          transId: Math.floor(r() * 65535),
          rtt: 0.012,
          name: d.name,
          answers: [d.ip],
        }),
      );
    }
    const ob = Math.floor(200 + r() * 5000);
    const rb = Math.floor(500 + r() * 200000);
    writers.conn.write({
      ts,
      uid: u,
      'id.orig_h': phone,
      'id.orig_p': sport,
      'id.resp_h': d.ip,
      'id.resp_p': d.port,
      proto: d.proto,
      service: d.service,
      duration: r() * 30,
      orig_bytes: ob,
      resp_bytes: rb,
      conn_state: 'SF',
      local_orig: true,
      local_resp: false,
      missed_bytes: 0,
      history: d.proto === 'tcp' ? 'ShADadFf' : 'Dd',
      orig_pkts: 10,
      orig_ip_bytes: ob + 400,
      resp_pkts: 12,
      resp_ip_bytes: rb + 480,
      tunnel_parents: [],
    });
    if (d.service?.includes('ssl')) {
      const key = d.name ?? d.ip;
      if (!certs.has(key)) {
        const fp = hex(r, 64);
        const subject = `CN=${d.name ?? 'localhost'}`;
        certs.set(key, fp);
        writers.x509.write({
          ts,
          fingerprint: fp,
          'certificate.version': 3,
          'certificate.serial': hex(r, 16).toUpperCase(),
          'certificate.subject': subject,
          'certificate.issuer': d.selfSigned ? subject : d.issuer,
          'certificate.not_valid_before': 1790000000,
          'certificate.not_valid_after': 1800000000,
          'certificate.key_alg': 'rsaEncryption',
          'certificate.sig_alg': 'sha256WithRSAEncryption',
          'certificate.key_type': 'rsa',
          'certificate.key_length': 2048,
          'san.dns': d.name ? [d.name] : [],
          host_cert: true,
          client_cert: false,
        });
      }
      writers.ssl.write({
        ts: ts + 0.1,
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
        cert_chain_fps: [certs.get(key)],
        client_cert_chain_fps: [],
        sni_matches_cert: !!d.name,
        validation_status: d.selfSigned ? 'self signed certificate' : 'ok',
      });
    }
    if (d.service === 'http') {
      writers.http.write({
        ts: ts + 0.1,
        uid: u,
        'id.orig_h': phone,
        'id.orig_p': sport,
        'id.resp_h': d.ip,
        'id.resp_p': d.port,
        trans_depth: 1,
        method: 'POST',
        host: `${d.name}:${d.port}`,
        uri: `/upload?id=${hex(r, 8)}`,
        referrer: null,
        version: '1.1',
        user_agent: 'okhttp/4.9.3',
        request_body_len: ob,
        response_body_len: 2,
        status_code: 200,
        status_msg: 'OK',
      });
    }
  }
  for (const w of Object.values(writers)) w.close();
  return out;
}
