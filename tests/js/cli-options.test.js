// --whitelist and --device in both CLIs (the native build/native/cli/zeekscope and the npm
// js/cli.js): each changes the report as RULES.md sections 3 and 4 say, and both CLIs write the
// same report. The logs are made here: two phones, each talking to its own destination.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { needNative, runNative, runNode, withoutTool } from './helpers.js';

let dir;
const logs = () => path.join(dir, 'logs');
const header = (p, fields) => `#separator \\x09\n#path\t${p}\n#fields\t${fields.join('\t')}\n`;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-options-'));
  mkdirSync(logs());
  // 10.0.0.2 talks to cdn.safe.example (203.0.113.5) and 10.0.0.3 to tracker.other.example
  // (203.0.113.6), both on high ports: PROTO-02 for each, unless whitelisted or filtered out.
  writeFileSync(
    path.join(logs(), 'dns.log'),
    header('dns', ['ts', 'id.orig_h', 'query', 'qtype_name', 'answers']) +
      '1.0\t10.0.0.2\tcdn.safe.example\tA\t203.0.113.5\n' +
      '1.5\t10.0.0.3\ttracker.other.example\tA\t203.0.113.6\n',
  );
  writeFileSync(
    path.join(logs(), 'conn.log'),
    header('conn', ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service']) +
      '2.0\tC1\t10.0.0.2\t50000\t203.0.113.5\t8443\ttcp\t-\n' +
      '3.0\tC2\t10.0.0.3\t50001\t203.0.113.6\t9000\ttcp\t-\n',
  );
  writeFileSync(path.join(dir, 'whitelist.txt'), '# ours\nsafe.example\n');
  writeFileSync(
    path.join(dir, 'whitelist.json'),
    JSON.stringify({ elements: [{ type: 'domain', element: 'safe.example' }] }),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

const CLIS = [
  ['npm', runNode],
  ['native', runNative],
];

// Runs both CLIs with these arguments: each must succeed with a report, the two reports the same.
async function bothReports(args) {
  const reports = [];
  for (const [name, run] of CLIS) {
    const r = await run(['analyze', logs(), ...args]);
    assert.equal(r.code, 0, `${name} CLI: ${r.stderr}`);
    assert.ok(r.stdout.length > 0, `${name} CLI wrote no report`);
    reports.push(r.stdout);
  }
  assert.equal(withoutTool(reports[0]), withoutTool(reports[1]), 'the npm and native CLIs agree');
  return JSON.parse(reports[0]);
}

const alertsOf = (report) => report.alerts.map((a) => `${a.id} ${a.host}`).sort();
const hostsIn = (rows) => rows.map((d) => d.host).sort();

const skip = needNative();

test('with neither option, both phones and both destinations are in the report', { skip }, async () => {
  const report = await bothReports([]);
  assert.deepEqual(alertsOf(report), ['PROTO-02 cdn.safe.example', 'PROTO-02 tracker.other.example']);
  assert.deepEqual(hostsIn(report.destinations.whitelisted), []);
});

test(
  '--whitelist (a plain list and TinyCheck JSON) moves a destination to whitelisted',
  { skip },
  async () => {
    for (const whitelist of [`domain:${path.join(dir, 'whitelist.txt')}`, path.join(dir, 'whitelist.json')]) {
      const report = await bothReports(['--whitelist', whitelist]);
      assert.deepEqual(alertsOf(report), ['PROTO-02 tracker.other.example'], whitelist);
      assert.deepEqual(hostsIn(report.destinations.whitelisted), ['cdn.safe.example'], whitelist);
      assert.ok(
        report.indicators.some((s) => s.role === 'whitelist' && s.total === 1),
        `the whitelist is listed among the sources: ${JSON.stringify(report.indicators)}`,
      );
    }
  },
);

test('--device keeps only the connections from that address', { skip }, async () => {
  const two = await bothReports(['--device', '10.0.0.2']);
  assert.deepEqual(alertsOf(two), ['PROTO-02 cdn.safe.example']);
  const three = await bothReports(['--device', '10.0.0.3']);
  assert.deepEqual(alertsOf(three), ['PROTO-02 tracker.other.example']);
  // Repeatable: both devices, both destinations.
  const both = await bothReports(['--device', '10.0.0.2', '--device', '10.0.0.3']);
  assert.deepEqual(alertsOf(both), ['PROTO-02 cdn.safe.example', 'PROTO-02 tracker.other.example']);
  // An address with no connection: nothing.
  const none = await bothReports(['--device', '10.0.0.99']);
  assert.deepEqual(alertsOf(none), []);
});
