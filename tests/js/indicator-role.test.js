// Indicator roles (the engine's contract, RULES.md): a source is loaded as 'indicators',
// 'whitelist' or 'demo'; a demo set (a sample's own) never makes a check count as checked. And
// the verdict that follows: `unchecked`, never `clean`, when no indicator list was used, with a
// warning from the CLI. The last three tests need the engine that writes
// summary.indicators_checked and takes a role string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { indicatorRole } from '../../js/protocol.js';
import { EngineSession } from '../../js/engine.js';
import { EngineClient } from '../../js/engine-client.js';
import { analyze } from '../../js/index.js';
import { runNode } from './helpers.js';

const DNS_LOG =
  '#separator \\x09\n#path\tdns\n#fields\tts\tid.orig_h\tquery\tqtype_name\tanswers\n' +
  '1.0\t10.0.0.2\tevil.example\tA\t203.0.113.9\n';
const QUIET_LOG = DNS_LOG.replace('evil.example', 'quiet.example');
const logInput = (text) => [{ name: 'dns.log', stream: new Blob([text]).stream() }];
const list = (name, extra = {}) => ({
  name,
  text: 'evil.example\n',
  format: 'text:domain/stalkerware',
  ...extra,
});

test('a source is a whitelist, a demo set or indicators', () => {
  assert.equal(indicatorRole({ whitelist: true }), 'whitelist');
  assert.equal(indicatorRole({ whitelist: true, demo: true }), 'whitelist');
  assert.equal(indicatorRole({ whitelist: false, demo: true }), 'demo');
  assert.equal(indicatorRole({ whitelist: false }), 'indicators');
  assert.equal(indicatorRole({}), 'indicators');
});

test("the engine call's fourth argument is the role", () => {
  const calls = [];
  const module = {
    HEAPU8: new Uint8Array(64),
    Session: class {
      lastError() {
        return '';
      }
      inputBuffer() {
        return 8;
      }
      addIndicators(...args) {
        calls.push(args);
        return JSON.stringify({ format: 'tinycheck-json', error: '', loaded: 1, skipped: 0 });
      }
    },
  };
  const session = new EngineSession(module, '{}');
  session.addIndicators(new Uint8Array([1, 2]), 'demo set', '', 'demo');
  session.addIndicators(new Uint8Array([1]), 'feed');
  session.addIndicators(new Uint8Array([1]), 'TinyCheck: iocs.json', '', 'indicators', {
    date: '2026-11-30',
    licence: 'Apache-2.0',
  });
  // The fifth and sixth: the source's date and licence, for the report.
  assert.deepEqual(calls, [
    [2, 'demo set', '', 'demo', '', ''],
    [1, 'feed', '', 'indicators', '', ''],
    [1, 'TinyCheck: iocs.json', '', 'indicators', '2026-11-30', 'Apache-2.0'],
  ]);
});

test('the client sends the demo flag with the source', () => {
  const sent = [];
  const client = new EngineClient({
    postMessage: (m) => sent.push(m),
    onMessage: () => {},
    onError: () => {},
    terminate: () => {},
  });
  client.addIndicators({
    bytes: new Uint8Array([1]),
    name: 'demo',
    format: '',
    whitelist: false,
    demo: true,
  });
  client.addIndicators({ bytes: new Uint8Array([1]), name: 'feed', format: '', whitelist: false });
  assert.deepEqual(
    sent.map(({ name, whitelist, demo }) => ({ name, whitelist, demo })),
    [
      { name: 'demo', whitelist: false, demo: true },
      { name: 'feed', whitelist: false, demo: false },
    ],
  );
  client.terminate();
});

test('[needs the engine change] a demo set alone is not a check against indicators', async () => {
  const report = await analyze(logInput(DNS_LOG), { indicators: [list('demo set', { demo: true })] });
  assert.equal(report.indicators.find((s) => s.name === 'demo set')?.role, 'demo');
  assert.equal(report.summary.indicators_checked, false);
  assert.ok(report.alerts.length > 0, 'the demo set still matches');
});

test('[needs the engine change] nothing found with no list is unchecked, with a list clean', async () => {
  const unchecked = await analyze(logInput(QUIET_LOG), {
    indicators: [list('demo set', { demo: true })],
  });
  assert.equal(unchecked.summary.indicators_checked, false);
  assert.equal(unchecked.summary.verdict, 'unchecked');
  const checked = await analyze(logInput(QUIET_LOG), { indicators: [list('a real list')] });
  assert.equal(checked.summary.indicators_checked, true);
  assert.equal(checked.summary.verdict, 'clean');
});

test('[needs the engine change] the CLI warns when no indicator list was used', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-role-'));
  try {
    const log = path.join(dir, 'dns.log');
    const feed = path.join(dir, 'list.txt');
    writeFileSync(log, DNS_LOG);
    writeFileSync(feed, 'evil.example\n');
    for (const format of ['json', 'text', 'html']) {
      const bare = await runNode(['analyze', log, '--format', format]);
      assert.equal(bare.code, 0, bare.stderr.toString());
      assert.match(
        bare.stderr.toString(),
        /^zeekscope: warning: no indicator list was used: .*run `zeekscope fetch-feeds`/m,
        format,
      );
      const withList = await runNode(['analyze', log, '--format', format, '--iocs', `domain:${feed}`]);
      assert.equal(withList.code, 0, withList.stderr.toString());
      assert.doesNotMatch(withList.stderr.toString(), /no indicator list was used/, format);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
