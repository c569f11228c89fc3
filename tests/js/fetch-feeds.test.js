// `zeekscope fetch-feeds` against a local stand-in for raw.githubusercontent.com that serves
// the real feeds from ../shared/data/iocs: files, SOURCES.json (address, licence, SHA-256), a
// failed download, and `analyze --feeds` loading them under the page's names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHARED, needShared, runNode } from './helpers.js';
import { startFeedHost } from './feed-host.js';

const skip = needShared('iocs/mvt/predator.stix2') || needShared('zeek/zeek-btest');
const iocs = (f) => path.join(SHARED, 'iocs', f);

let feedHost, host, dir;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-feeds-'));
  feedHost = await startFeedHost();
  host = feedHost.host;
});
after(async () => {
  await feedHost?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

test(
  'fetches every feed with its source, licence and hash, and analyze --feeds loads them',
  { skip },
  async () => {
    const out = path.join(dir, 'all');
    const r = await runNode(['fetch-feeds', '--out', out, '--host', host]);
    assert.equal(r.code, 0, r.stderr.toString());
    assert.match(r.stdout.toString(), /4 indicator files in .*all/);
    const listing = JSON.parse(readFileSync(path.join(out, 'SOURCES.json'), 'utf8'));
    const byName = Object.fromEntries(listing.sources.map((s) => [s.name, s]));
    const expected = {
      'Echap stalkerware-indicators: network.csv': ['echap-network.csv', 'echap/network.csv', /^CC BY 4\.0/],
      'TinyCheck: iocs.json': ['tinycheck-iocs.json', 'tinycheck/iocs.json', /^Apache-2\.0/],
      'MVT indicators: predator.stix2': ['mvt/predator.stix2', 'mvt/predator.stix2', /^MIT/],
      'MVT indicators: operation_triangulation.stix2': [
        'mvt/operation_triangulation.stix2',
        'mvt/operation_triangulation.stix2',
        /^MIT/,
      ],
    };
    for (const [name, [file, original, licence]] of Object.entries(expected)) {
      const s = byName[name];
      assert.ok(s, `${name} is listed`);
      assert.equal(s.file, file);
      const bytes = readFileSync(path.join(out, file));
      assert.deepEqual(bytes, readFileSync(iocs(original)), `${file} is the served file, byte for byte`);
      assert.equal(s.sha256, sha256(bytes));
      assert.equal(s.bytes, bytes.length);
      assert.match(s.licence, licence);
      assert.ok(s.url.startsWith(`${host}/`), s.url);
      assert.ok(!Number.isNaN(Date.parse(s.fetched)));
    }
    assert.equal(byName['MVT indicators: indicators.yaml (list of STIX2 files)'].list, true);

    const report = await runNode(['analyze', path.join(SHARED, 'zeek/zeek-btest'), '--feeds', out]);
    assert.equal(report.code, 0, report.stderr.toString());
    const loaded = JSON.parse(report.stdout).indicators.filter((s) => s.role === 'indicators');
    assert.deepEqual(loaded.map((s) => s.name).sort(), Object.keys(expected).sort());
    for (const s of loaded) assert.ok(s.total > 0, `${s.name} holds indicators`);
  },
);

test(
  'a failed download is named, the other feeds are still fetched, and the exit code is 1',
  { skip },
  async () => {
    feedHost.options.withMissing = true;
    const out = path.join(dir, 'partial');
    const r = await runNode(['fetch-feeds', '--out', out, '--host', `${host}/`]);
    feedHost.options.withMissing = false;
    assert.equal(r.code, 1);
    assert.match(
      r.stderr.toString(),
      /1 download\(s\) failed:\n {2}http:\/\/127\.0\.0\.1:\d+\/nobody\/gone\/main\/gone\.stix2: HTTP 404/,
    );
    const listing = JSON.parse(readFileSync(path.join(out, 'SOURCES.json'), 'utf8'));
    assert.equal(listing.sources.filter((s) => !s.list).length, 4);
    assert.ok(!listing.sources.some((s) => /gone/.test(s.url)));
  },
);

test('--no-stix fetches the list but not the files it names', { skip }, async () => {
  const out = path.join(dir, 'nostix');
  const before = feedHost.requests.length;
  const r = await runNode(['fetch-feeds', '--out', out, '--host', host, '--no-stix']);
  assert.equal(r.code, 0, r.stderr.toString());
  assert.ok(!existsSync(path.join(out, 'mvt')));
  assert.ok(!feedHost.requests.slice(before).some((u) => u.endsWith('.stix2')));
});

test('analyze --feeds without a fetched folder is a usage error', { skip }, async () => {
  const r = await runNode([
    'analyze',
    path.join(SHARED, 'zeek/zeek-btest'),
    '--feeds',
    path.join(dir, 'nothing'),
  ]);
  assert.equal(r.code, 2);
  assert.match(r.stderr.toString(), /no readable SOURCES\.json \(run zeekscope fetch-feeds first\)/);
});
