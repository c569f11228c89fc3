// The wasm engine (npm CLI) and the native CLI give byte-identical JSON reports, apart from the
// tool field, on every capture folder under ../shared/data/zeek with the Echap and TinyCheck feeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FEEDS, SHARED, needNative, needShared, runNative, runNode, withoutTool } from './helpers.js';

function captureFolders(root) {
  const out = [];
  const visit = (dir) => {
    const entries = readdirSync(dir).sort();
    if (entries.some((e) => statSync(path.join(dir, e)).isFile())) out.push(dir);
    for (const e of entries) if (statSync(path.join(dir, e)).isDirectory()) visit(path.join(dir, e));
  };
  visit(root);
  return out;
}

const skip = needShared('zeek') || needShared('iocs') || needNative();

// A run that did its job: exit code 0 and a report on standard output. Without this, two CLIs
// that fail alike (same usage error, same crash, nothing written) would compare equal.
function assertRan(run, what) {
  assert.equal(run.code, 0, `${what}: exit code ${run.code}: ${run.stderr}`);
  assert.ok(run.stdout.length > 0, `${what}: nothing on standard output`);
}

// Both CLIs on each folder, two folders at a time (the machine has two cores), with the public
// feeds: both must run and give the same report; `also` checks more of each pair.
async function compareFolders(folders, also) {
  const feeds = FEEDS.flatMap((f) => ['--iocs', f]);
  for (let i = 0; i < folders.length; i += 2) {
    await Promise.all(
      folders.slice(i, i + 2).map(async (folder) => {
        const [native, wasm] = await Promise.all([
          runNative(['analyze', folder, ...feeds]),
          runNode(['analyze', folder, ...feeds]),
        ]);
        assertRan(native, `native, ${folder}`);
        assertRan(wasm, `wasm, ${folder}`);
        assert.equal(withoutTool(wasm.stdout), withoutTool(native.stdout), folder);
        also(native, wasm, folder);
      }),
    );
  }
}

test('wasm and native reports are identical on every capture folder', { skip, timeout: 600000 }, async () => {
  const folders = captureFolders(path.join(SHARED, 'zeek'));
  assert.ok(folders.length > 40, `found ${folders.length} folders`);
  let alerts = 0;
  await compareFolders(folders, (native, wasm, folder) => {
    assert.equal(wasm.stderr.toString(), native.stderr.toString(), folder); // same warnings
    alerts += JSON.parse(native.stdout).alerts.length;
  });
  assert.ok(alerts > 100, `${alerts} alerts compared`);
});

test(
  'the text format is the same too',
  { skip: needShared('zeek/stratosphere-slips') || needNative() },
  async () => {
    const folder = path.join(SHARED, 'zeek/stratosphere-slips/dataset/test10-mixed-zeek-dir');
    const native = await runNative(['analyze', folder, '--format', 'text']);
    const wasm = await runNode(['analyze', folder, '--format', 'text']);
    assertRan(native, 'native');
    assertRan(wasm, 'wasm');
    // A text summary, not a JSON report or a usage message.
    assert.match(native.stdout.toString(), /^zeekscope /m);
    assert.equal(wasm.stdout.toString(), native.stdout.toString());
  },
);

test(
  'two worker threads give the same report as one',
  { skip: needShared('zeek') || needShared('iocs') || needNative() },
  async () => {
    const feeds = FEEDS.flatMap((f) => ['--iocs', f]);
    for (const rel of [
      'zeek/activecm-rita/test_data/proxy',
      'zeek/brimdata-zed-sample-data/zeek-6.2.0/zeek-default',
      'zeek/activecm-rita/test_data/missing_host/2024-04-19',
    ]) {
      const folder = path.join(SHARED, rel);
      const [native, two] = await Promise.all([
        runNative(['analyze', folder, ...feeds, '--profile', 'tinycheck-2020']),
        runNode(['analyze', folder, ...feeds, '--profile', 'tinycheck-2020', '--workers', '2']),
      ]);
      assertRan(native, `native, ${rel}`);
      assertRan(two, `two workers, ${rel}`);
      assert.equal(JSON.parse(native.stdout).profile, 'tinycheck-2020');
      assert.equal(withoutTool(two.stdout), withoutTool(native.stdout), rel);
      const defaultTwo = await runNode(['analyze', folder, ...feeds, '--workers', '3']);
      const defaultNative = await runNative(['analyze', folder, ...feeds]);
      assertRan(defaultNative, `native, ${rel}`);
      assertRan(defaultTwo, `three workers, ${rel}`);
      assert.equal(JSON.parse(defaultNative.stdout).profile, 'default');
      assert.equal(withoutTool(defaultTwo.stdout), withoutTool(defaultNative.stdout), rel);
    }
  },
);

// Packet captures: every btest case folder holds a capture (some gzip-compressed) and the logs
// Zeek wrote for it, so each run reads both kinds together, as a user's mixed folder would.
test(
  'wasm and native reports are identical on packet captures, alone and with logs',
  { skip: needShared('pcap/zeek-btest') || needShared('iocs') || needNative(), timeout: 600000 },
  async () => {
    const root = path.join(SHARED, 'pcap/zeek-btest');
    const folders = readdirSync(root)
      .map((e) => path.join(root, e))
      .filter((p) => statSync(p).isDirectory());
    assert.ok(folders.length > 80, `found ${folders.length} folders`);
    let captures = 0;
    await compareFolders(folders, (native) => {
      captures += JSON.parse(native.stdout).inputs.filter((i) => i.log_type === 'capture').length;
    });
    assert.ok(captures >= folders.length, `${captures} captures read`);
    const feeds = FEEDS.flatMap((f) => ['--iocs', f]);
    // Several workers reading captures give one reader's report.
    const [one, three] = await Promise.all([
      runNative(['analyze', root, ...feeds]),
      runNode(['analyze', root, ...feeds, '--workers', '3']),
    ]);
    assertRan(one, 'native, all btest folders');
    assertRan(three, 'three workers, all btest folders');
    assert.equal(withoutTool(three.stdout), withoutTool(one.stdout));
  },
);
