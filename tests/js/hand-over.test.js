// Issue 24 in both CLIs and the API: reports a person can hand to a helper. No report names a
// local path (helpers.js checks every report the suites' CLI runs write; here the inputs and
// feeds are given by absolute paths on purpose), --redact hides the phone's own identifiers, and
// the case file (HTML and its JSON) is the same from both CLIs, with each file's SHA-256.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  SHARED,
  assertNoLocalPath,
  needNative,
  needShared,
  needWasm,
  runNative,
  runNode,
  withoutTool,
} from './helpers.js';
import { listPaths, pickIndicators, readLists } from './phone-lists.js';
import { SPY_APP, spyCapture } from './spy-app.js';
import { PHONE, RESOLVER } from '../../scripts/lib/phone-capture.mjs';

const RAT = path.join(SHARED, 'zeek/stratosphere-security-datasets/003-zeek-scenario-malicious');
// A computer on a university network for a day: its own public address, the name the network's
// DHCP gave it, and the network's private addresses.
const BENIGN_DAY = path.join(SHARED, 'zeek/stratosphere-security-datasets/012-zeek-mixed/data');
const BENIGN_DAY_OWN = ['147.32.83.161', 'dhcp-83-161.felk.cvut.cz', '10.1.138.176'];
const TINYCHECK = path.join(SHARED, 'iocs/tinycheck/iocs.json');
const skip =
  needShared('zeek/stratosphere-security-datasets/003-zeek-scenario-malicious') ||
  needShared('iocs') ||
  needNative() ||
  needWasm();

let dir;
before(() => {
  if (!skip) dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-hand-over-'));
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

function assertRan(run, what) {
  assert.equal(run.code, 0, `${what}: exit code ${run.code}: ${run.stderr}`);
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
// The case file's parts that may differ between two runs: the engine's name, when it was made.
const sameParts = (text) =>
  text
    .replace(/"tool": \{[^}]*\}/, '"tool": {}')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'TIME')
    .replace(/\((native|wasm) engine/, '(engine');

test('both CLIs name inputs and lists without local paths, in every format', { skip }, async () => {
  // A list of one's own, by its absolute path: the RAT's address.
  const own = path.join(dir, 'rat-addresses.txt');
  writeFileSync(own, '147.32.83.234\n');
  const args = [
    'analyze',
    RAT,
    path.join(RAT, 'conn.log'),
    '--iocs',
    TINYCHECK,
    '--iocs',
    `ip4addr/stalkerware:${own}`,
  ];
  for (const format of ['json', 'text']) {
    const [native, wasm] = await Promise.all([
      runNative([...args, '--format', format]),
      runNode([...args, '--format', format]),
    ]);
    assertRan(native, `native ${format}`);
    assertRan(wasm, `npm ${format}`);
    if (format === 'json') {
      assert.equal(withoutTool(wasm.stdout), withoutTool(native.stdout));
      const report = JSON.parse(native.stdout);
      assert.deepEqual(
        report.inputs.map((i) => i.name),
        ['README.md', 'conn.log', 'dns.log', 'conn.log'].map((n, i) =>
          i < 3 ? `003-zeek-scenario-malicious/${n}` : n,
        ),
      );
      assert.equal(report.indicators[1].name, 'iocs.json');
      assert.equal(report.indicators[2].name, 'rat-addresses.txt');
      const alert = report.alerts.find((a) => a.evidence.indicators.length);
      assert.equal(alert?.evidence.indicators[0].source, 'rat-addresses.txt');
    }
  }
  const html = await runNode([...args, '--format', 'html']);
  assertRan(html, 'npm html');
});

test('a feed fetch-feeds wrote is named by its feed, date and licence', { skip }, async () => {
  const feeds = path.join(dir, 'feeds');
  mkdirSync(feeds, { recursive: true });
  copyFileSync(TINYCHECK, path.join(feeds, 'tinycheck-iocs.json'));
  // fetch-feeds writes the STIX2 files the MVT list names one folder down.
  mkdirSync(path.join(feeds, 'mvt'), { recursive: true });
  const stix = path.join(SHARED, 'iocs/mvt/predator.stix2');
  copyFileSync(stix, path.join(feeds, 'mvt/predator.stix2'));
  writeFileSync(
    path.join(feeds, 'SOURCES.json'),
    JSON.stringify({
      fetched_by: 'zeekscope fetch-feeds',
      sources: [
        {
          name: 'TinyCheck: iocs.json',
          file: 'tinycheck-iocs.json',
          url: 'https://raw.githubusercontent.com/KasperskyLab/TinyCheck/main/assets/iocs.json',
          licence: 'Apache-2.0, Kaspersky Lab (TinyCheck)',
          fetched: '2026-11-30T09:15:00.000Z',
          sha256: sha256(TINYCHECK),
        },
        {
          name: 'MVT indicators: predator.stix2',
          file: 'mvt/predator.stix2',
          url: 'https://raw.githubusercontent.com/mvt-project/mvt-indicators/main/2023-03-29_predator/predator.stix2',
          licence: 'MIT, the MVT project (mvt-indicators)',
          fetched: '2026-11-30T09:15:02.000Z',
          sha256: sha256(stix),
        },
      ],
    }),
  );
  const files = ['tinycheck-iocs.json', 'mvt/predator.stix2'].flatMap((f) => ['--iocs', path.join(feeds, f)]);
  const [byFolder, byFile, native] = await Promise.all([
    runNode(['analyze', RAT, '--feeds', feeds]),
    runNode(['analyze', RAT, ...files]),
    runNative(['analyze', RAT, ...files]),
  ]);
  for (const [run, what] of [
    [byFolder, '--feeds'],
    [byFile, 'npm --iocs'],
    [native, 'native --iocs'],
  ]) {
    assertRan(run, what);
    const source = JSON.parse(run.stdout).indicators[1];
    assert.equal(source.name, 'TinyCheck: iocs.json', what);
    assert.equal(source.date, '2026-11-30', what);
    assert.equal(source.licence, 'Apache-2.0, Kaspersky Lab (TinyCheck)', what);
    const mvt = JSON.parse(run.stdout).indicators[2];
    assert.deepEqual(
      [mvt.name, mvt.date, mvt.licence],
      ['MVT indicators: predator.stix2', '2026-11-30', 'MIT, the MVT project (mvt-indicators)'],
      what,
    );
  }
});

test('the case file: the same from both CLIs, with each file as it is on disk', { skip }, async () => {
  const args = (out) => ['analyze', RAT, '--iocs', TINYCHECK, '--format', 'case', '--out', out];
  const [native, wasm] = await Promise.all([
    runNative(args(path.join(dir, 'native-case.html'))),
    runNode(args(path.join(dir, 'npm-case.html'))),
  ]);
  assertRan(native, 'native');
  assertRan(wasm, 'npm');
  const read = (name) => readFileSync(path.join(dir, name), 'utf8');
  assert.equal(sameParts(read('npm-case.json')), sameParts(read('native-case.json')));
  assert.equal(sameParts(read('npm-case.html')), sameParts(read('native-case.html')));
  const report = JSON.parse(read('native-case.json'));
  assert.match(report.case_file.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const html = read('native-case.html');
  for (const [i, name] of ['README.md', 'conn.log', 'dns.log'].entries()) {
    const digest = sha256(path.join(RAT, name));
    assert.equal(report.inputs[i].sha256, digest, name);
    assert.ok(html.includes(digest), name);
  }
  assert.ok(html.includes('<h3>147.32.83.234</h3>'), 'the RAT channel is a finding');
  assert.ok(!/<script|src=|href=/.test(html), 'no script, nothing fetched');
  // Without --out the page goes to standard output.
  const stdout = await runNative(args('/dev/stdout').slice(0, -2));
  assertRan(stdout, 'native to stdout');
  assert.equal(sameParts(stdout.stdout.toString()), sameParts(html));
});

test('--redact hides the phone, its resolver and the apps no alert concerns', { skip }, async () => {
  const capture = spyCapture(pickIndicators(readLists()), 'pcapng');
  const file = path.join(dir, 'phone.pcapng');
  writeFileSync(file, capture.bytes);
  const args = ['analyze', file, ...listPaths().flatMap((f) => ['--iocs', f])];
  const plain = JSON.parse((await runNative(args)).stdout);
  const quiet = plain.apps.filter((a) => a.alerts.length === 0);
  assert.ok(
    quiet.some((a) => a.package === 'com.example.weather'),
    'an app with no alert',
  );
  const [native, wasm, text, caseFile] = await Promise.all([
    runNative([...args, '--redact']),
    runNode([...args, '--redact']),
    runNode([...args, '--redact', '--format', 'text']),
    runNode([...args, '--redact', '--format', 'case']),
  ]);
  for (const run of [native, wasm, text, caseFile]) assertRan(run, 'redacted');
  assert.equal(withoutTool(wasm.stdout), withoutTool(native.stdout));
  const gone = [RESOLVER, ...quiet.flatMap((a) => [a.package, a.name]).filter(Boolean)];
  for (const id of gone) assert.ok(JSON.stringify(plain).includes(id), `${id} was in the report`);
  gone.push(PHONE);
  for (const out of [native.stdout, text.stdout, caseFile.stdout]) {
    const s = out.toString();
    for (const id of gone) assert.ok(!s.includes(id), `${id} is still in ${s.slice(0, 200)}`);
    assert.ok(s.includes(SPY_APP.label), 'the app behind the findings stays');
  }
  const redacted = JSON.parse(native.stdout);
  assert.deepEqual(redacted.summary, plain.summary);
  assert.deepEqual(
    redacted.alerts.map((a) => [a.id, a.level, a.host]),
    plain.alerts.map((a) => [a.id, a.level, a.host === RESOLVER ? 'local-address-1' : a.host]),
  );
  const kinds = redacted.redaction.redacted.map((k) => k.placeholders.replace(/\d.*$/, ''));
  assert.ok(kinds.includes('local-address-') && kinds.includes('app-'), JSON.stringify(kinds));
  assert.ok(text.stdout.toString().includes('Redacted (replaced by placeholders)'));
  assert.ok(caseFile.stdout.toString().includes('Replaced by placeholders'));
});

test(
  "--redact on a real day in both CLIs: the computer's own address and name are gone",
  { skip },
  async () => {
    const args = ['analyze', BENIGN_DAY, '--iocs', TINYCHECK];
    const plain = await runNative(args);
    assertRan(plain, 'plain');
    for (const id of BENIGN_DAY_OWN) assert.ok(plain.stdout.toString().includes(id), id);
    const runs = await Promise.all([
      runNative([...args, '--redact']),
      runNode([...args, '--redact']),
      runNative([...args, '--redact', '--format', 'text']),
      runNode([...args, '--redact', '--format', 'text']),
      runNative([...args, '--redact', '--format', 'case']),
      runNode([...args, '--redact', '--format', 'case']),
      runNode([...args, '--redact', '--format', 'html']),
    ]);
    for (const run of runs) {
      assertRan(run, 'redacted');
      const s = run.stdout.toString();
      for (const id of BENIGN_DAY_OWN) assert.ok(!s.includes(id), `${id} in ${s.slice(0, 200)}`);
      const privateAddress = /\b(10\.\d+|192\.168|172\.(1[6-9]|2\d|3[01]))\.\d+\.\d+\b/;
      assert.ok(!privateAddress.test(s), `a private address is left: ${privateAddress.exec(s)}`);
    }
    assert.equal(withoutTool(runs[1].stdout), withoutTool(runs[0].stdout));
    assert.equal(sameParts(runs[5].stdout.toString()), sameParts(runs[4].stdout.toString()));
    const report = JSON.parse(runs[0].stdout);
    assert.deepEqual(report.summary, JSON.parse(plain.stdout).summary, 'the same findings');
    assert.equal(report.phone.addresses[0], 'local-address-1');
  },
);

test('the API: output "case", exportReport() after the check, and a stream', { skip }, async () => {
  const { analyze, exportReport } = await import('../../js/index.js');
  const files = [path.join(RAT, 'conn.log'), path.join(RAT, 'dns.log')];
  const made = await analyze(files, { indicators: [TINYCHECK], output: 'case' });
  assertNoLocalPath(made.json);
  assertNoLocalPath(made.html);
  const json = await analyze(files, { indicators: [TINYCHECK], output: 'json' });
  const later = await exportReport(json, { caseFile: true, files });
  assert.equal(sameParts(later.json), sameParts(made.json));
  assert.equal(sameParts(later.html), sameParts(made.html));
  assert.deepEqual(
    JSON.parse(later.json).inputs.map((i) => i.sha256),
    files.map(sha256),
  );
  // A stream is read once: its digest is not known, and the case file says so.
  const stream = await analyze([{ name: 'conn.log', stream: Readable.from([readFileSync(files[0])]) }], {
    output: 'case',
  });
  assert.equal(JSON.parse(stream.json).inputs[0].sha256, undefined);
  assert.ok(stream.html.includes('not computed'));
  // Redaction alone, on a report given back as text.
  const redacted = await exportReport(json, { redact: true });
  assert.ok(JSON.parse(redacted.json).redaction);
  assert.equal(redacted.html, '');
  await assert.rejects(exportReport('{not json', { redact: true }), /cannot read the report/);
});
