// The page's own features, each against what it should change: the settings form (profile,
// thresholds, the phone's address) changes the report as the engine says; the print stylesheet
// hides the controls and keeps the result; two workers give the same report as one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../js/index.js';
import { ROOT, SHARED, needShared } from '../js/helpers.js';
import { alertWords, assertAlertsShown, needBrowser, openBrowser } from './harness.js';

const skip = needBrowser();
let env;
before(async () => {
  if (!skip) env = await openBrowser();
});
after(async () => env?.close());

const DEMO = {
  name: 'zeekscope demo indicators (not real threats)',
  bytes: readFileSync(path.join(ROOT, 'iocs/builtin/demo-indicators.json')),
};
const DEFAULTS = { profile: 'default', max_ports: 1024, http_default_port: 80, max_alerts: 3, device: [] };

const header = (p, fields) => `#separator \\x09\n#path\t${p}\n#fields\t${fields.join('\t')}\n`;
// Two phones. 10.0.0.2 reaches tracker.example on a high port and by HTTP on 8080 (PROTO-02 and
// PROTO-04: two alerts on one host), a private address on a high port (whitelisted by the default
// profile's built-in ranges, not by tinycheck-2020) and an address no DNS answer gave; 10.0.0.3
// reaches other.example on a high port.
const LOGS = {
  'dns.log':
    header('dns', ['ts', 'id.orig_h', 'query', 'qtype_name', 'answers']) +
    '1.0\t10.0.0.2\ttracker.example\tA\t203.0.113.5\n' +
    '1.5\t10.0.0.3\tother.example\tA\t203.0.113.6\n',
  'conn.log':
    header('conn', ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service']) +
    '2.0\tC1\t10.0.0.2\t50000\t203.0.113.5\t8443\ttcp\t-\n' +
    '2.5\tC2\t10.0.0.2\t50001\t203.0.113.5\t8080\ttcp\thttp\n' +
    '3.0\tC3\t10.0.0.3\t50002\t203.0.113.6\t9000\ttcp\t-\n' +
    '3.5\tC4\t10.0.0.2\t50003\t192.168.1.20\t5000\ttcp\t-\n' +
    '4.0\tC5\t10.0.0.2\t50004\t198.51.100.9\t443\ttcp\tssl\n',
};

function engineReport(config) {
  return analyze(
    Object.entries(LOGS).map(([name, text]) => ({ name, stream: new Blob([text]).stream() })),
    { indicators: [DEMO], config },
  );
}

async function pageReport(page) {
  await page.setInputFiles(
    '#pick-files',
    Object.entries(LOGS).map(([name, text]) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text) })),
  );
  await page.waitForSelector('body[data-state="report"]');
}

// Each setting, as a person sets it in the form, and the configuration it stands for.
const SETTINGS = [
  ['profile', (page) => page.selectOption('#profile', 'tinycheck-2020'), { profile: 'tinycheck-2020' }],
  ['high port threshold', (page) => page.fill('#max_ports', '10000'), { max_ports: 10000 }],
  ['standard HTTP port', (page) => page.fill('#http_default_port', '8080'), { http_default_port: 8080 }],
  ['alerts that make a host stand out', (page) => page.fill('#max_alerts', '1'), { max_alerts: 1 }],
  ["the phone's address", (page) => page.fill('#device', '10.0.0.3'), { device: ['10.0.0.3'] }],
];

test('each setting in the form changes the report, as the engine does with it', { skip }, async () => {
  const baseline = await engineReport(DEFAULTS);
  {
    const { page, errors } = await env.page();
    await pageReport(page);
    await assertAlertsShown(page, baseline);
    assert.deepEqual(errors, []);
    await page.context().close();
  }
  for (const [label, set, change] of SETTINGS) {
    const expected = await engineReport({ ...DEFAULTS, ...change });
    assert.notDeepEqual(alertWords(expected), alertWords(baseline), `${label}: the data shows the setting`);
    const { page, errors } = await env.page();
    await page.click('#settings-panel summary');
    await set(page);
    await page.locator('#settings').dispatchEvent('change');
    await pageReport(page);
    await assertAlertsShown(page, expected);
    assert.match(
      await page.textContent('#report-body'),
      new RegExp(`profile ${expected.profile}\\.`),
      `${label}: the profile named under the report`,
    );
    assert.deepEqual(errors, [], label);
    await page.context().close();
  }
});

test('settings are kept for the tab: a reload shows and uses them', { skip }, async () => {
  const { page, errors } = await env.page();
  await page.click('#settings-panel summary');
  await page.fill('#max_ports', '10000');
  await page.fill('#device', '10.0.0.3');
  await page.locator('#settings').dispatchEvent('change');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#max_ports'), '10000');
  assert.equal(await page.inputValue('#device'), '10.0.0.3');
  await pageReport(page);
  await assertAlertsShown(page, await engineReport({ ...DEFAULTS, max_ports: 10000, device: ['10.0.0.3'] }));
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('printing hides the controls and keeps the result', { skip }, async () => {
  const { page, errors } = await env.page();
  await page.click('#sample');
  await page.waitForSelector('body[data-state="report"]');
  const HIDDEN = ['header.top .tagline', '#intro', '#options', '.export', 'footer', '.filter'];
  const KEPT = ['header.top h1', '#report-title', '.verdict', 'li.alert', '#hosts-table', '#inputs-table'];
  const shown = (selectors) =>
    page.evaluate(
      (list) =>
        Object.fromEntries(
          list.map((s) => {
            const nodes = [...document.querySelectorAll(s)];
            return [s, nodes.length > 0 && nodes.every((n) => n.getClientRects().length > 0)];
          }),
        ),
      selectors,
    );
  const all = (selectors, value) => Object.fromEntries(selectors.map((s) => [s, value]));
  // On screen everything is there, so that the print check below is not vacuous.
  assert.deepEqual(await shown([...HIDDEN, ...KEPT]), all([...HIDDEN, ...KEPT], true));
  await page.emulateMedia({ media: 'print' });
  assert.deepEqual(await shown(HIDDEN), all(HIDDEN, false), 'hidden in print');
  assert.deepEqual(await shown(KEPT), all(KEPT, true), 'kept in print');
  const breaks = await page.$$eval('li.alert, .verdict', (nodes) => [
    ...new Set(nodes.map((n) => getComputedStyle(n).breakInside)),
  ]);
  assert.deepEqual(breaks, ['avoid'], 'an alert is not split across pages');
  await page.pdf({ path: path.join(ROOT, 'tests/artifacts/report-print.pdf') });
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(await shown(HIDDEN), all(HIDDEN, true));
  assert.deepEqual(errors, []);
  await page.context().close();
});

const SLIPS = 'zeek/stratosphere-slips/dataset/test10-mixed-zeek-dir';
// A real capture folder with work for two workers: its files' paths, in order.
function slipsFiles() {
  const dir = path.join(SHARED, SLIPS);
  return readdirSync(dir)
    .sort()
    .map((n) => path.join(dir, n));
}

test(
  'a loaded page checks with the engine worker it started, and keeps it for the next check',
  { skip: skip || needShared(SLIPS) },
  async () => {
    const files = slipsFiles();
    const { page, errors } = await env.page({}, '/?workers=1');
    if (page.workers().length === 0) await page.waitForEvent('worker');
    const started = [];
    page.on('worker', (w) => started.push(w.url()));
    const reports = [];
    const stages = [];
    for (let i = 0; i < 2; i++) {
      if (i > 0) await page.click('#again');
      await page.setInputFiles('#pick-files', files);
      await page.waitForSelector('body[data-state="report"]');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
      reports.push(readFileSync(await download.path(), 'utf8'));
      stages.push(JSON.parse(await page.getAttribute('body', 'data-stages')));
    }
    assert.deepEqual(started, [], 'no engine worker started for either check');
    assert.equal(page.workers().length, 1);
    assert.equal(reports[1], reports[0]);
    assert.ok(JSON.parse(reports[0]).alerts.length > 5);
    // Where the time went, for the benchmarks: the engine was loaded before either check.
    for (const s of stages) {
      for (const k of ['inputs', 'engine start', 'indicators', 'files', 'rules and report', 'output'])
        assert.equal(typeof s[k], 'number', k);
      assert.equal(s['engine load compile'], 0);
    }
    assert.deepEqual(errors, []);
    await page.context().close();
  },
);

test(
  'the two-worker path ("?workers=2") gives the same report as one worker',
  { skip: skip || needShared(SLIPS) },
  async () => {
    const files = slipsFiles();
    const reports = {};
    for (const workers of [1, 2]) {
      const { page, errors } = await env.page({}, `/?workers=${workers}`);
      // The page started one engine worker when it loaded (warmUp); the check uses it and starts
      // the others it needs.
      if (page.workers().length === 0) await page.waitForEvent('worker');
      const warm = page.workers().length;
      const started = [];
      page.on('worker', (w) => started.push(w.url()));
      await page.setInputFiles('#pick-files', files);
      await page.waitForSelector('body[data-state="report"]');
      assert.equal(await page.getAttribute('body', 'data-workers'), String(workers));
      assert.equal(warm, 1, 'the engine worker the page started when it loaded');
      assert.equal(warm + started.length, workers, `engine workers started: ${started.join(', ')}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
      reports[workers] = readFileSync(await download.path(), 'utf8');
      assert.deepEqual(errors, []);
      await page.context().close();
    }
    const one = JSON.parse(reports[1]);
    assert.ok(one.inputs.length >= 11 && one.alerts.length > 5, 'a capture with work for both workers');
    assert.equal(reports[2], reports[1]);
    // Without the parameter the page chooses by the number of cores.
    const { page } = await env.page();
    await page.click('#sample');
    await page.waitForSelector('body[data-state="report"]');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    assert.equal(await page.getAttribute('body', 'data-workers'), cores >= 4 ? '2' : '1');
    await page.context().close();
  },
);
