// A phone's pcapng (scripts/lib/phone-capture.mjs, as PCAPdroid writes one) that contacts real
// indicators from the public lists in ../shared/data/iocs: the npm CLI (wasm) and the native CLI
// give identical reports, and their IOC alerts name exactly the listed values that tshark's view
// of the same file contains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { phoneCapture } from '../../scripts/lib/phone-capture.mjs';
import { needNative, needShared, needWasm, runNative, runNode, withoutTool } from './helpers.js';
import {
  listPaths,
  matchedByReport,
  matchedByTshark,
  needTshark,
  phoneContacts,
  BENIGN,
  pickIndicators,
  readLists,
  tsharkView,
} from './phone-lists.js';

const skip = needShared('iocs') || needTshark() || needNative() || needWasm();

function assertRan(run, what) {
  assert.equal(run.code, 0, `${what}: exit code ${run.code}: ${run.stderr}`);
  assert.ok(run.stdout.length > 0, `${what}: nothing on standard output`);
}

// One capture's figures and report, checked against tshark; returns the report's text.
async function check(lists, picked, nanoseconds, dir) {
  const what = nanoseconds ? 'ns' : 'µs';
  const capture = phoneCapture({
    seed: 20,
    minutes: 8,
    benign: BENIGN,
    contacts: phoneContacts(picked),
    nanoseconds,
  });
  const file = path.join(dir, what, 'phone.pcapng'); // the same base name: the same uids
  mkdirSync(path.dirname(file));
  writeFileSync(file, capture.bytes);
  const view = tsharkView(file);
  assert.equal(view.packets, capture.packets, `${what}: tshark reads every packet written`);

  const args = ['analyze', file, ...listPaths().flatMap((f) => ['--iocs', f])];
  const [native, wasm] = await Promise.all([runNative(args), runNode(args)]);
  assertRan(native, `native, ${what}`);
  assertRan(wasm, `wasm, ${what}`);
  assert.equal(withoutTool(wasm.stdout), withoutTool(native.stdout), what);
  assert.equal(wasm.stderr.toString(), native.stderr.toString(), what);
  const report = JSON.parse(native.stdout);

  const [input] = report.inputs;
  assert.equal(input.log_type, 'capture');
  assert.equal(input.format, 'pcapng');
  assert.deepEqual(input.capture.link_types, ['raw IP (101)']);
  assert.equal(input.capture.packets, view.packets);
  assert.equal(input.capture.packets_skipped, 0);

  const expected = matchedByTshark(lists, view.values);
  for (const v of [picked.echapDomain, picked.echapParent, picked.tinycheckAddress, picked.mvtDomain])
    assert.ok(expected.has(v), `${what}: tshark sees ${v} in the capture`);
  assert.deepEqual([...matchedByReport(report)].sort(), [...expected].sort(), what);
  assert.equal(report.summary.verdict, 'high', what);
  // Each list gave its own alert, with that list as the source.
  const sources = new Set(
    report.alerts.flatMap((a) => a.evidence.indicators.map((i) => path.basename(i.source))),
  );
  for (const f of listPaths()) assert.ok(sources.has(path.basename(f)), `${what}: an alert from ${f}`);
  return withoutTool(native.stdout).replaceAll(`/${what}/`, '/');
}

test(
  'a phone pcapng: both CLIs agree, and with tshark on the indicators, in µs and in ns',
  { skip, timeout: 120000 },
  async () => {
    const lists = readLists();
    const picked = pickIndicators(lists);
    const dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-phone-'));
    try {
      const micro = await check(lists, picked, false, dir);
      const nano = await check(lists, picked, true, dir);
      // The ns capture's times, truncated to µs, are the µs capture's: the same report.
      assert.equal(nano, micro);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
