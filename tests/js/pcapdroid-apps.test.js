// Issue 21's first "done when", in both CLIs: a PCAPdroid capture, in either of its formats
// (pcapng with per-packet comments and uid-map blocks; pcap with the 32-byte trailer), names the
// Android app behind each finding. The capture (scripts/lib/phone-capture.mjs) contacts real
// indicators from the public lists in ../shared/data/iocs from an app of its own; damaged
// trailers and uid-map blocks are ignored and counted; `zeekscope logs` writes the apps in
// conn.log and reading those logs back gives the same apps.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { needNative, needShared, needWasm, runNative, runNode, withoutTool } from './helpers.js';
import { listPaths, pickIndicators, readLists } from './phone-lists.js';
import { SPY_APP, spyAppAs, spyCapture } from './spy-app.js';

const skip = needShared('iocs') || needNative() || needWasm();

let dir, picked;
before(() => {
  if (skip) return;
  dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-apps-'));
  picked = pickIndicators(readLists());
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

function assertRan(run, what) {
  assert.equal(run.code, 0, `${what}: exit code ${run.code}: ${run.stderr}`);
}

const appOf = (a) => ({ uid: a.uid, package: a.package, name: a.name });

async function analyzeBoth(file, what) {
  const args = ['analyze', file, ...listPaths().flatMap((f) => ['--iocs', f])];
  const [native, wasm] = await Promise.all([runNative(args), runNode(args)]);
  assertRan(native, `native, ${what}`);
  assertRan(wasm, `wasm, ${what}`);
  assert.equal(withoutTool(wasm.stdout), withoutTool(native.stdout), what);
  return JSON.parse(native.stdout);
}

// Every alert on the app's contacts names it, and only it; the per-app view leads with it.
function assertSpyAppNamed(report, picked, what, format) {
  const spy = spyAppAs(format);
  const onContacts = report.alerts.filter((a) =>
    [picked.echapDomain, picked.echapSubdomain, picked.mvtDomain].some(
      (d) => a.host === d || a.evidence.names.includes(d),
    ),
  );
  assert.ok(onContacts.length >= 2, `${what}: alerts on the app's contacts`);
  for (const a of onContacts) {
    assert.equal(a.apps.length, 1, `${what}: ${a.id} on ${a.host} names ${JSON.stringify(a.apps)}`);
    assert.deepEqual(a.apps[0], spy, what);
  }
  const [first] = report.apps;
  assert.deepEqual(appOf(first), spy, `${what}: the per-app view leads with the app`);
  assert.equal(first.alerts.length, onContacts.length, what);
  assert.ok(
    first.hosts.some((h) => h.host === picked.echapDomain),
    what,
  );
  // The platform's own traffic is attributed too, and has no alert.
  const gms = report.apps.find((a) => a.uid === 10123); // a trailer cuts its label at 19 bytes
  assert.ok(gms && gms.alerts.length === 0 && gms.connections > 0, `${what}: Google Play services`);
  const host = report.hosts.find((h) => h.host === picked.echapDomain);
  assert.deepEqual(host.apps, [spy], what);
}

test(
  'a PCAPdroid capture names the app behind each finding, in pcapng and in pcap with trailers',
  { skip, timeout: 180000 },
  async () => {
    for (const format of ['pcapng', 'trailer']) {
      const capture = spyCapture(picked, format);
      const file = path.join(dir, `phone-${format}.${format === 'pcapng' ? 'pcapng' : 'pcap'}`);
      writeFileSync(file, capture.bytes);
      const report = await analyzeBoth(file, format);
      const [input] = report.inputs;
      assert.equal(input.capture.packets, capture.packets, format);
      assert.equal(input.capture.app_packets, capture.packets, `${format}: every packet names its app`);
      assert.equal(input.capture.app_trailers_ignored, 0, format);
      assert.equal(input.capture.apps_named, capture.apps.length, format);
      assert.equal(report.summary.verdict, 'high', format);
      assertSpyAppNamed(report, picked, format, format);
    }
  },
);

test(
  'damaged trailers and uid-map blocks are ignored and counted, the rest still named',
  { skip, timeout: 180000 },
  async () => {
    // Every 5th trailer's CRC is wrong: those packets name no app, the others still do.
    const bad = spyCapture(picked, 'trailer', { badCrcEvery: 5 });
    const badFile = path.join(dir, 'bad-crc.pcap');
    writeFileSync(badFile, bad.bytes);
    let report = await analyzeBoth(badFile, 'bad CRC');
    let [input] = report.inputs;
    assert.ok(bad.damaged.badCrc > 10, `${bad.damaged.badCrc} trailers damaged`);
    assert.equal(input.capture.app_trailers_ignored, bad.damaged.badCrc);
    assert.equal(input.capture.app_packets, bad.packets - bad.damaged.badCrc);
    assert.equal(input.capture.packets, bad.packets, 'the packets themselves are read');
    assert.ok(
      input.skipped.some((s) => /^at byte \d+: .*PCAPdroid trailer/.test(s.reason)),
      JSON.stringify(input.skipped),
    );
    assertSpyAppNamed(report, picked, 'bad CRC', 'trailer');

    // The spy app's uid-map block is cut short: its uid is still named, without its names.
    const cut = spyCapture(picked, 'pcapng', { truncatedMappings: [SPY_APP.uid] });
    const cutFile = path.join(dir, 'cut-map.pcapng');
    writeFileSync(cutFile, cut.bytes);
    report = await analyzeBoth(cutFile, 'cut map');
    [input] = report.inputs;
    assert.equal(cut.damaged.truncatedMappings, 1);
    assert.equal(input.capture.app_packets, cut.packets);
    assert.equal(input.capture.apps_named, cut.apps.length - 1);
    assert.ok(
      input.skipped.some((s) => /^at byte \d+: .*PCAPdroid/.test(s.reason)),
      JSON.stringify(input.skipped),
    );
    const [first] = report.apps;
    assert.deepEqual([first.uid, first.package, first.name], [SPY_APP.uid, '', '']);
    assert.ok(first.alerts.length >= 2);
  },
);

test(
  '`zeekscope logs` writes the apps in conn.log, and the logs read back give the same apps',
  { skip, timeout: 180000 },
  async () => {
    const file = path.join(dir, 'phone.pcapng');
    writeFileSync(file, spyCapture(picked, 'pcapng').bytes);
    const direct = await analyzeBoth(file, 'capture');
    for (const format of ['tsv', 'json']) {
      const out = path.join(dir, `logs-${format}`);
      const [native, npm] = await Promise.all([
        runNative(['logs', file, '--format', format, '--out', out]),
        runNode(['logs', file, '--format', format, '--out', `${out}-npm`]),
      ]);
      assertRan(native, `native logs, ${format}`);
      assertRan(npm, `npm logs, ${format}`);
      const conn = readFileSync(path.join(out, 'conn.log'), 'utf8');
      assert.equal(conn, readFileSync(path.join(`${out}-npm`, 'conn.log'), 'utf8'), format);
      if (format === 'tsv') assert.match(conn, /\tip_proto\tapp\.uid\tapp\.package\tapp\.name\n/);
      else assert.match(conn, /"app\.uid":10234,"app\.package":"com\.android\.sys\.update"/);
      const logs = readdirSync(out).map((f) => path.join(out, f));
      const args = ['analyze', ...logs, ...listPaths().flatMap((f) => ['--iocs', f])];
      const back = await runNative(args);
      assertRan(back, `analyze the ${format} logs`);
      const report = JSON.parse(back.stdout);
      assert.deepEqual(report.apps, direct.apps, format);
      assert.deepEqual(report.alerts, direct.alerts, format);
    }
  },
);
