// The version and the DoH presets are written once (package.json, js/doh-presets.js); everything
// else that shows them is made from those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, VERSION, DOH_PRESETS, parseResolver } from '../../js/index.js';
import { dohOrigins } from '../../js/doh-presets.js';
import { PAGE_CSP } from '../../scripts/serve.mjs';
import { ROOT, runNode } from './helpers.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test("the version is package.json's in the API, the report and the npm CLI", async () => {
  assert.equal(VERSION, pkg.version);
  const report = await analyze([{ name: 'empty.log', stream: new Blob(['']).stream() }]);
  assert.equal(report.tool.version, pkg.version);
  assert.equal((await runNode(['--version'])).stdout.toString(), `zeekscope ${pkg.version} (wasm)\n`);
  assert.doesNotMatch(readFileSync(path.join(ROOT, 'js/engine.js'), 'utf8'), /VERSION = '/);
  // The native CLI takes it from package.json too (CMakeLists.txt reads it at configure time).
  const native = execFileSync(path.join(ROOT, 'build/native/cli/zeekscope'), ['--version']);
  assert.equal(native.toString(), `zeekscope ${pkg.version} (native)\n`);
  assert.doesNotMatch(readFileSync(path.join(ROOT, 'CMakeLists.txt'), 'utf8'), /project\([^)]*VERSION \d/);
});

test('the DoH presets reach the resolver, the CLI help and both page policies', async () => {
  for (const [name, preset] of Object.entries(DOH_PRESETS)) {
    assert.deepEqual(parseResolver(name), { kind: 'doh', wire: preset.wire, json: preset.json });
  }
  const help = (await runNode(['--help'])).stdout.toString();
  for (const name of Object.keys(DOH_PRESETS)) assert.match(help, new RegExp(`\\b${name}\\b`));
  const connect = (csp) => csp.match(/connect-src ([^;]*)/)[1].split(' ');
  for (const origin of dohOrigins()) assert.ok(connect(PAGE_CSP).includes(origin), origin);
  const built = path.join(ROOT, 'dist/web/index.html');
  if (existsSync(built)) {
    const meta = readFileSync(built, 'utf8').match(
      /http-equiv="Content-Security-Policy" content="([^"]*)"/,
    )[1];
    assert.deepEqual(connect(meta), connect(PAGE_CSP));
  }
  const source = readFileSync(path.join(ROOT, 'web/index.html'), 'utf8');
  for (const origin of dohOrigins()) assert.ok(!source.includes(origin), `web/index.html names ${origin}`);
});
