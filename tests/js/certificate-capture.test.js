// Certificates from packets alone: real TLS 1.2 and 1.0 captures from Zeek's test suite (their
// servers send the chain in the clear), analysed by the native and the npm CLI with a list naming
// the server certificate's SHA-1, as stalkerware certificate lists do. tshark gives the reference
// DER of each certificate; Zeek's own x509.log and ssl.log for each trace give the fingerprints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHARED, needNative, needShared, needWasm, runNative, runNode, withoutTool } from './helpers.js';
import { TSHARK, needTshark } from './phone-lists.js';

const btest = (name, file) => ({
  dir: path.join(SHARED, 'pcap/zeek-btest', name),
  file: path.join(SHARED, 'pcap/zeek-btest', name, file),
});
const TLS12 = btest('scripts.base.protocols.ssl.ecdhe', 'ecdhe.pcap'); // no server name
const TLS10 = btest('scripts.base.protocols.ssl.basic', 'tls-conn-with-extensions.pcap'); // ssl.gstatic.com
const skip = needShared('pcap/zeek-btest') || needTshark() || needNative() || needWasm();

// The certificates tshark finds in the trace, in the order sent: DER bytes of each.
function tsharkCertificates(trace) {
  const out = execFileSync(
    TSHARK,
    ['-r', trace.file, '-Y', 'tls.handshake.certificate', '-T', 'fields', '-e', 'tls.handshake.certificate'],
    {
      encoding: 'utf8',
    },
  );
  return out
    .trim()
    .split(/[\n,]/)
    .filter(Boolean)
    .map((hex) => Buffer.from(hex.replace(/:/g, ''), 'hex'));
}

const hash = (algorithm, der) => createHash(algorithm).update(der).digest('hex');

// A Zeek TSV log's rows as objects keyed by its #fields.
function zeekRows(text) {
  const lines = text.split('\n');
  const fields = lines
    .find((l) => l.startsWith('#fields\t'))
    .split('\t')
    .slice(1);
  return lines
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => Object.fromEntries(l.split('\t').map((v, i) => [fields[i], v])));
}

function analyze(args) {
  return Promise.all([runNative(['analyze', ...args]), runNode(['analyze', ...args])]).then(
    ([native, wasm]) => {
      assert.equal(native.code, 0, `native: ${native.stderr}`);
      assert.equal(wasm.code, 0, `wasm: ${wasm.stderr}`);
      assert.equal(
        withoutTool(wasm.stdout),
        withoutTool(native.stdout),
        'native and wasm reports are identical',
      );
      return JSON.parse(native.stdout);
    },
  );
}

test('a listed server certificate raises IOC-07 from a TLS 1.2 capture alone', { skip }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zs-cert-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const TRACE_DIR = TLS12.dir;
  const TRACE = TLS12.file;
  const certificates = tsharkCertificates(TLS12);
  assert.ok(certificates.length >= 2, 'tshark sees the chain');
  const leaf = certificates[0];
  const zeekX509 = zeekRows(readFileSync(path.join(TRACE_DIR, 'x509.log'), 'utf8'));
  const [zeekSsl] = zeekRows(readFileSync(path.join(TRACE_DIR, 'ssl.log'), 'utf8'));
  assert.equal(
    zeekX509.find((r) => r.host_cert === 'T').fingerprint,
    hash('sha256', leaf),
    "tshark's leaf is Zeek's",
  );

  // A TinyCheck-format list with the leaf's SHA-1, as certificate lists give them.
  const sha1 = hash('sha1', leaf);
  const list = path.join(dir, 'certificates.json');
  writeFileSync(
    list,
    JSON.stringify({ iocs: [{ id: 1, type: 'sha1cert', tag: 'stalkerware', tlp: 'white', value: sha1 }] }),
  );

  const report = await analyze([TRACE, '--iocs', list]);
  assert.equal(report.inputs[0].log_type, 'capture');
  const alerts = report.alerts.filter((a) => a.id === 'IOC-07');
  assert.equal(alerts.length, 1, JSON.stringify(report.alerts.map((a) => [a.id, a.host])));
  assert.equal(alerts[0].level, 'High');
  assert.equal(zeekSsl.version, 'TLSv12');
  assert.equal(alerts[0].host, zeekSsl['id.resp_h'], 'no server name was asked for: the address');
  assert.deepEqual(
    alerts[0].evidence.indicators.map((i) => i.value),
    [sha1],
  );

  // The same capture without the list: no certificate alert (the alert comes from the list).
  const plain = await analyze([TRACE]);
  assert.equal(plain.alerts.filter((a) => a.id === 'IOC-07').length, 0);
});

test('SSL-02 from packets: the leaf certificate issuer, given as a free issuer', { skip }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zs-issuer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const [zeekSsl] = zeekRows(readFileSync(path.join(TLS10.dir, 'ssl.log'), 'utf8'));
  const config = path.join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ free_issuers: ['O=Google Inc'] }));
  const issuers = await analyze([TLS10.file, '--config', config]);
  const ssl02 = issuers.alerts.filter((a) => a.id === 'SSL-02');
  assert.equal(ssl02.length, 1, JSON.stringify(issuers.alerts.map((a) => [a.id, a.host])));
  assert.equal(ssl02[0].host, zeekSsl.server_name);
  const plain = await analyze([TLS10.file]);
  assert.equal(
    plain.alerts.filter((a) => a.id === 'SSL-02').length,
    0,
    'Google is not a free issuer by default',
  );
});

test(
  'zeekscope logs writes x509.log and the ssl.log chain as Zeek does, and reads them back',
  { skip },
  async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zs-cert-logs-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const TRACE_DIR = TLS10.dir;
    const TRACE = TLS10.file;
    const certificates = tsharkCertificates(TLS10);
    const outs = { native: path.join(dir, 'native'), npm: path.join(dir, 'npm') };
    const [native, npm] = await Promise.all([
      runNative(['logs', TRACE, '--out', outs.native]),
      runNode(['logs', TRACE, '--out', outs.npm]),
    ]);
    assert.equal(native.code, 0, native.stderr.toString());
    assert.equal(npm.code, 0, npm.stderr.toString());
    for (const log of ['ssl.log', 'x509.log'])
      assert.equal(
        readFileSync(path.join(outs.npm, log), 'utf8'),
        readFileSync(path.join(outs.native, log), 'utf8'),
        log,
      );

    const zeekX509 = zeekRows(readFileSync(path.join(TRACE_DIR, 'x509.log'), 'utf8'));
    const ours = zeekRows(readFileSync(path.join(outs.native, 'x509.log'), 'utf8'));
    assert.equal(ours.length, zeekX509.length);
    for (const z of zeekX509) {
      const row = ours.find((r) => r.fingerprint === z.fingerprint);
      assert.ok(row, `Zeek's ${z.fingerprint} is written`);
      for (const [field, value] of Object.entries(z))
        if (field !== 'ts') assert.equal(row[field], value, field);
      const der = certificates.find((c) => hash('sha256', c) === z.fingerprint);
      assert.equal(row.sha1, hash('sha1', der), "the extra sha1 column is the DER's SHA-1");
    }
    const [zeekSsl] = zeekRows(readFileSync(path.join(TRACE_DIR, 'ssl.log'), 'utf8'));
    const [ssl] = zeekRows(readFileSync(path.join(outs.native, 'ssl.log'), 'utf8'));
    for (const field of ['cert_chain_fps', 'client_cert_chain_fps', 'sni_matches_cert'])
      assert.equal(ssl[field], zeekSsl[field], field);

    // The written logs give the same certificate alert as the capture.
    const list = path.join(dir, 'certificates.json');
    const sha1 = hash('sha1', certificates[0]);
    writeFileSync(
      list,
      JSON.stringify({ iocs: [{ id: 1, type: 'sha1cert', tag: 'stalkerware', tlp: 'white', value: sha1 }] }),
    );
    const fromLogs = await analyze([outs.native, '--iocs', list]);
    const alerts = fromLogs.alerts.filter((a) => a.id === 'IOC-07');
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].evidence.indicators[0].value, sha1);
  },
);
