// npm pack, install the tarball in an empty folder with no network, and run npx zeekscope there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, run } from './helpers.js';

test('the packed tarball installs and runs offline', { timeout: 300000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-pack-'));
  try {
    const env = { ...process.env, npm_config_ignore_scripts: 'true' }; // dist/ is already built
    const pack = await run('npm', ['pack', '--pack-destination', dir, '--ignore-scripts'], {
      cwd: ROOT,
      env,
    });
    assert.equal(pack.code, 0, pack.stderr.toString());
    const tarball = pack.stdout.toString().trim().split('\n').at(-1);
    const app = path.join(dir, 'app');
    mkdirSync(path.join(app, 'logs'), { recursive: true });
    writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true}');
    writeFileSync(
      path.join(app, 'logs/dns.log'),
      '#separator \\x09\n#path\tdns\n#fields\tts\tquery\tqtype_name\tanswers\n1.0\tspy.example\tA\t-\n',
    );
    writeFileSync(path.join(app, 'feed.txt'), 'spy.example\n');
    const install = await run(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', path.join(dir, tarball)],
      { cwd: app, env },
    );
    assert.equal(install.code, 0, install.stderr.toString());
    const r = await run(
      'npx',
      [
        '--offline',
        'zeekscope',
        'analyze',
        'logs',
        '--iocs',
        'domain/stalkerware:feed.txt',
        '--format',
        'text',
      ],
      { cwd: app, env },
    );
    assert.equal(r.code, 0, r.stderr.toString());
    assert.match(r.stdout.toString(), /\[IOC-03\] spy\.example is a known stalkerware domain/);
    writeFileSync(
      path.join(app, 'use-api.mjs'),
      "import { analyze } from 'zeekscope'; const r = await analyze(['logs']); console.log(r.inputs[0].records);\n",
    );
    const api = await run(process.execPath, ['use-api.mjs'], { cwd: app, env });
    assert.equal(api.stdout.toString().trim(), '1', api.stderr.toString());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
