// The fixed costs of the npm CLI and the package (issue 22): the engine on the caller's thread or
// in a worker, on V8's baseline or optimising code, gives the same report; the CLI chooses by the
// input's size; --timings says where the time went.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze } from '../../js/index.js';
import { BASELINE_ONLY_BELOW, wasmTierFor } from '../../js/wasm-tier.js';
import {
  FEEDS,
  SHARED,
  needNative,
  needShared,
  needWasm,
  runNative,
  runNode,
  withoutTool,
} from './helpers.js';

const DAY = 'zeek/stratosphere-security-datasets/012-zeek-mixed/data';
const CAPTURES = 'pcap/zeek-btest/scripts.base.protocols.ssl.ecdhe';
const STAGES = [
  'inputs',
  'engine start',
  'indicators',
  'files',
  'merge',
  'nameservers',
  'rules and report',
  'output',
];

function temp(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-fixed-costs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// A file of `bytes` bytes that takes no disk (a hole).
function sparse(file, bytes) {
  const fd = openSync(file, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

test(
  'the engine on the calling thread gives the report a worker gives, with its stages',
  { skip: needWasm() || needShared(DAY) || needShared(CAPTURES) || needShared('iocs') },
  async () => {
    for (const rel of [DAY, CAPTURES]) {
      const input = path.join(SHARED, rel);
      const options = { indicators: FEEDS, output: 'json' };
      let stats = null;
      const inThread = await analyze(input, { ...options, inThread: true, onStats: (s) => (stats = s) });
      const worker = await analyze(input, options);
      assert.equal(inThread, worker, rel);
      assert.ok(JSON.parse(inThread).summary.hosts > 0, `${rel}: destinations to compare`);
      assert.deepEqual(Object.keys(stats.stages), STAGES);
      for (const k of STAGES) assert.ok(stats.stages[k] >= 0, k);
      assert.deepEqual(Object.keys(stats.startup), ['read', 'compile', 'instantiate']);
      assert.ok(stats.timings.logs >= 0 && stats.wasmHeapBytes > 0);
    }
  },
);

test('the CLI keeps baseline code for small inputs and optimises large ones', async (t) => {
  const dir = temp(t);
  writeFileSync(path.join(dir, 'conn.log'), '#fields\tts\n1.0\n');
  assert.equal(await wasmTierFor([dir], {}), 'baseline');
  sparse(path.join(dir, 'big.log'), BASELINE_ONLY_BELOW);
  assert.equal(await wasmTierFor([dir], {}), 'optimizing');
  assert.equal(await wasmTierFor([path.join(dir, 'conn.log')], {}), 'baseline');
  // A gzip file counts as what it will be read as: about 8 times its size.
  sparse(path.join(dir, 'dns.log.gz'), BASELINE_ONLY_BELOW / 8);
  assert.equal(await wasmTierFor([path.join(dir, 'dns.log.gz')], {}), 'optimizing');
  assert.equal(
    await wasmTierFor([path.join(dir, 'conn.log')], { ZEEKSCOPE_WASM_TIER: 'optimizing' }),
    'optimizing',
  );
  assert.equal(await wasmTierFor([dir], { ZEEKSCOPE_WASM_TIER: 'baseline' }), 'baseline');
  // A path that does not exist is for analyze to report, not for this choice.
  assert.equal(await wasmTierFor([path.join(dir, 'absent')], {}), 'baseline');
});

test(
  'the npm CLI gives the native report whichever thread and code it runs on, and says where the time went',
  { skip: needWasm() || needNative() || needShared(DAY) || needShared('iocs') },
  async () => {
    const day = path.join(SHARED, DAY);
    const args = ['analyze', day, ...FEEDS.flatMap((f) => ['--iocs', f]), '--timings'];
    const native = await runNative(args);
    assert.equal(native.code, 0, native.stderr.toString());
    for (const env of [
      {}, // the choice for a small capture: this thread, baseline code
      { ZEEKSCOPE_ENGINE_THREAD: 'worker' },
      { ZEEKSCOPE_ENGINE_THREAD: 'worker', ZEEKSCOPE_WASM_TIER: 'optimizing' },
    ]) {
      const r = await runNode(args, { env: { ...process.env, ...env } });
      const what = JSON.stringify(env);
      assert.equal(r.code, 0, `${what}: ${r.stderr}`);
      assert.equal(withoutTool(r.stdout), withoutTool(native.stdout), what);
      const stages =
        /^stages: process start [\d.]+ s, (.*); engine load: read [\d.]+ s, compile ([\d.]+) s, instantiate [\d.]+ s$/m.exec(
          r.stderr.toString(),
        );
      assert.ok(stages, `${what}: ${r.stderr}`);
      assert.deepEqual(
        stages[1].split(', ').map((s) => s.replace(/ [\d.]+ s$/, '')),
        STAGES,
      );
      assert.ok(Number(stages[2]) > 0, `${what}: the engine was compiled`);
    }
  },
);
