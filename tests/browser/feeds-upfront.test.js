// The page offers the public indicator lists up front: on a first visit, and beside a verdict
// made without them, "Get the public indicator lists" opens the confirmed download (the dialog
// names every address first). The date of the lists in use is shown, and lists more than 30 days
// old are marked as old (seeded here as kept lists downloaded 40 days ago: no network involved).
// The tests marked [needs the engine change] need summary.indicators_checked and the
// `unchecked` verdict from the engine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { renderReportHtml } from '../../js/html-report.js';
import { needBrowser, openBrowser } from './harness.js';

const skip = needBrowser();
let env;
before(async () => {
  if (!skip) env = await openBrowser();
});
after(async () => env?.close());

const DAY = 86400000;
const ECHAP = 'Echap stalkerware-indicators: network.csv';
const DNS_LOG =
  '#separator \\x09\n#path\tdns\n#fields\tts\tid.orig_h\tquery\tqtype_name\tanswers\n' +
  '1.0\t10.0.0.2\tspy-upfront.example\tA\t203.0.113.9\n';
const QUIET_LOG = DNS_LOG.replace('spy-upfront.example', 'quiet.example');

const offOrigin = (requests) =>
  requests.filter((u) => !u.startsWith(env.origin) && !u.startsWith('blob:') && !u.startsWith('data:'));

// A page whose localStorage holds, before it loads, the lists `stored` (as the page keeps them).
async function pageWith(stored) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  if (stored)
    await context.addInitScript((feeds) => {
      localStorage.setItem('zeekscope.feeds', JSON.stringify(feeds));
    }, stored);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${env.origin}/`);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, context, requests, errors };
}

const keptList = (daysAgo) => [
  {
    name: ECHAP,
    text: 'type,indicator,app\ndomain,spy-upfront.example,UpfrontSpy\n',
    licence: 'CC BY 4.0, attribution: Echap and the stalkerware-indicators contributors',
    date: Date.now() - daysAgo * DAY,
  },
];

async function checkLog(page, text) {
  await page.setInputFiles('#pick-files', [
    { name: 'dns.log', mimeType: 'text/plain', buffer: Buffer.from(text) },
  ]);
  await page.waitForSelector('body[data-state="report"]');
}

test('a first visit offers the public lists up front, through the confirmed download', { skip }, async () => {
  const { page, context, requests, errors } = await pageWith(null);
  assert.equal(await page.getAttribute('body', 'data-lists'), 'none');
  assert.match(await page.textContent('#lists-status'), /No indicator list is loaded/);
  const button = page.locator('#get-lists');
  assert.equal(await button.isVisible(), true);
  assert.equal(await button.textContent(), 'Get the public indicator lists');
  await button.click();
  assert.equal(await page.locator('#feeds-dialog').isVisible(), true);
  const listed = await page.$$eval('#feeds-urls li', (li) => li.map((x) => x.textContent));
  assert.equal(listed.length, 3);
  assert.ok(listed.every((u) => u.startsWith('https://raw.githubusercontent.com/')));
  await page.click('#feeds-dialog button[value="cancel"]');
  await page.waitForTimeout(200);
  assert.deepEqual(offOrigin(requests), [], 'nothing is fetched before the user confirms');
  assert.deepEqual(errors, []);
  await context.close();
});

test('kept lists 40 days old are used, dated and marked as old', { skip }, async () => {
  const { page, context, requests, errors } = await pageWith(keptList(40));
  const date = new Date(Date.now() - 40 * DAY).toISOString().slice(0, 10);
  assert.equal(await page.getAttribute('body', 'data-lists'), 'old');
  const status = await page.textContent('#lists-status');
  assert.match(status, new RegExp(`Public indicator lists downloaded ${date} \\(40 days ago\\)`));
  assert.match(status, /Old: more than 30 days/);
  assert.ok(await page.$('#lists-status .old'));
  assert.equal(await page.locator('#get-lists').isVisible(), true, 'old lists: the action is offered again');
  // The kept list is used by a check, and the report names its date.
  await checkLog(page, DNS_LOG);
  const alerts = await page.$$eval('li.alert', (li) => li.map((x) => x.textContent));
  assert.ok(
    alerts.some((a) => a.includes('spy-upfront.example') && a.includes(ECHAP)),
    alerts.join('\n'),
  );
  const source = await page.$$eval('#sources li', (li) => li.map((x) => x.textContent));
  assert.ok(
    source.some((s) => s.startsWith(ECHAP) && s.includes(`Downloaded ${date}`)),
    source.join('\n'),
  );
  assert.deepEqual(offOrigin(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('kept lists 10 days old are dated and not marked as old', { skip }, async () => {
  const { page, context } = await pageWith(keptList(10));
  const date = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
  assert.equal(await page.getAttribute('body', 'data-lists'), 'current');
  assert.match(await page.textContent('#lists-status'), new RegExp(`downloaded ${date} \\(10 days ago\\)`));
  assert.equal(await page.$('#lists-status .old'), null);
  assert.equal(await page.locator('#get-lists').isVisible(), false);
  await context.close();
});

// A report as the engine writes it for a check with no indicator list and no alert.
function uncheckedReport(report) {
  return {
    ...report,
    summary: {
      ...report.summary,
      verdict: 'unchecked',
      indicators_checked: false,
      headline: 'Nothing was found, but no indicator list was used',
      advice: ['Get the public indicator lists and check again.'],
    },
    alerts: [],
  };
}

test(
  'an unchecked verdict has its own colour and offers the lists (page and HTML export)',
  { skip },
  async () => {
    const { page, context, errors } = await pageWith(null);
    const styles = await page.evaluate(
      async (fixture) => {
        const { renderReport } = await import('/app/report-view.js');
        const box = document.getElementById('report-body');
        const got = { clicked: false };
        const base = {
          inputs: [],
          alerts: [],
          hosts: [],
          destinations: { suspect: [], uncategorized: [], whitelisted: [] },
          coverage: [],
          indicators: [],
          tool: { version: 'x', engine: 'wasm' },
          profile: 'default',
        };
        renderReport(box, { ...base, summary: { verdict: 'clean', headline: 'clean', advice: [] } });
        const clean = getComputedStyle(box.querySelector('.verdict')).backgroundColor;
        renderReport(box, { ...base, summary: fixture }, {}, { onGetLists: () => (got.clicked = true) });
        const verdict = box.querySelector('.verdict');
        const button = verdict.querySelector('#verdict-get-lists');
        button?.click();
        return {
          className: verdict.className,
          background: getComputedStyle(verdict).backgroundColor,
          clean,
          button: button?.textContent,
          clicked: got.clicked,
          headline: verdict.querySelector('h3').textContent,
        };
      },
      uncheckedReport({ summary: {} }).summary,
    );
    assert.equal(styles.className, 'verdict v-unchecked');
    assert.notEqual(styles.background, styles.clean, 'not the all-clear colour');
    assert.equal(styles.button, 'Get the public indicator lists');
    assert.equal(styles.clicked, true);
    assert.equal(styles.headline, 'Nothing was found, but no indicator list was used');

    const html = renderReportHtml({
      tool: { version: 'x' },
      profile: 'default',
      summary: uncheckedReport({ summary: {} }).summary,
      alerts: [],
      destinations: { suspect: [], uncategorized: [], whitelisted: [] },
      inputs: [],
      coverage: [],
      indicators: [],
    });
    assert.match(html, /<div class="verdict unchecked">/);
    assert.match(html, /\.unchecked\{background:#[0-9a-f]{6};border-left:6px dashed/);
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  '[needs the engine change] a check with no list reads unchecked and offers the lists',
  { skip },
  async () => {
    const { page, context, requests, errors } = await pageWith(null);
    await checkLog(page, QUIET_LOG);
    assert.ok(await page.$('#report-body .verdict.v-unchecked'), 'the verdict is unchecked, not clean');
    assert.equal(await page.$('#report-body .verdict.v-clean'), null);
    const sources = await page.$$eval('#sources li', (li) => li.map((x) => x.textContent));
    assert.ok(
      sources.some((s) => s.startsWith('zeekscope demo indicators') && s.includes('(demo,')),
      `the built-in demo set is sent as a demo set: ${sources.join('\n')}`,
    );
    await page.click('#verdict-get-lists');
    assert.equal(await page.locator('#feeds-dialog').isVisible(), true);
    await page.click('#feeds-dialog button[value="cancel"]');
    assert.deepEqual(offOrigin(requests), []);
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  '[needs the engine change] the sample, checked with the demo set alone, offers the lists',
  { skip },
  async () => {
    const { page, context } = await pageWith(null);
    await page.click('#sample');
    await page.waitForSelector('body[data-state="report"]');
    assert.ok(await page.$('#report-body .verdict.v-high'), 'the planted findings still alert');
    assert.ok(await page.$('#report-body .verdict #verdict-get-lists'));
    await context.close();
  },
);

test('with a list loaded, no action is offered beside the verdict', { skip }, async () => {
  const { page, context } = await pageWith(keptList(1));
  await checkLog(page, QUIET_LOG);
  assert.equal(await page.$('#verdict-get-lists'), null);
  await context.close();
});
