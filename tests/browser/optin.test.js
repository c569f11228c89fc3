// Network features are opt-in: the feed download and DoH lookups happen only after the user
// confirms, go only to the listed addresses, and the page's policy allows nothing else. The
// remote servers are simulated with request interception: nothing reaches the internet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SHARED, needShared } from '../js/helpers.js';
import { encodeNsAnswer } from '../../js/dns-wire.js';
import { stixFeedName, stixUrlsFromMvtList } from '../../js/feeds-catalog.js';
import { fetchPastPolicy, needBrowser, openBrowser, shownAlertTexts } from './harness.js';

const skip = needBrowser() || needShared('iocs');
let env;
before(async () => {
  if (!skip) env = await openBrowser();
});
after(async () => env?.close());

const FEED_FILES = {
  'AssoEchap/stalkerware-indicators/master/generated/network.csv': 'iocs/echap/network.csv',
  'KasperskyLab/TinyCheck/main/assets/iocs.json': 'iocs/tinycheck/iocs.json',
  'mvt-project/mvt-indicators/main/indicators.yaml': 'iocs/mvt/indicators.yaml',
};

const LIST = path.join(SHARED, 'iocs/mvt/indicators.yaml');
const STIX_URLS = stixUrlsFromMvtList(readFileSync(LIST, 'utf8'));

// A small STIX 2.1 bundle naming one domain, for the listed files not in the shared data.
function stixBundle(name) {
  return JSON.stringify({
    type: 'bundle',
    id: 'bundle--00000000-0000-4000-8000-000000000000',
    objects: [
      {
        type: 'indicator',
        spec_version: '2.1',
        id: 'indicator--00000000-0000-4000-8000-000000000001',
        created: '2024-01-01T00:00:00.000Z',
        modified: '2024-01-01T00:00:00.000Z',
        pattern: `[domain-name:value = '${name.replace(/\W/g, '-')}.stix.example']`,
        pattern_type: 'stix',
        valid_from: '2024-01-01T00:00:00Z',
      },
    ],
  });
}

// Serves the feed host from the shared data (a made-up bundle for a listed STIX2 file it lacks);
// returns the paths asked for, in order.
async function serveFeeds(context) {
  const served = [];
  await context.route('https://raw.githubusercontent.com/**', (route) => {
    const rel = new URL(route.request().url()).pathname.slice(1);
    served.push(rel);
    const local = FEED_FILES[rel];
    if (local) return route.fulfill({ status: 200, body: readFileSync(path.join(SHARED, local)) });
    const stix = rel.split('/').at(-1);
    if (readdirSync(path.join(SHARED, 'iocs/mvt')).includes(stix))
      return route.fulfill({ status: 200, body: readFileSync(path.join(SHARED, 'iocs/mvt', stix)) });
    if (STIX_URLS.some((u) => u.endsWith(`/${rel}`)))
      return route.fulfill({ status: 200, body: stixBundle(stix) });
    return route.fulfill({ status: 404, body: '' });
  });
  return served;
}

// Opens the feeds dialog, ticks "keep" or not, confirms, and answers the STIX2 question with
// `stix`. Returns the questions asked, each with the paths served before it was asked.
async function downloadFeeds(page, served, { keep, stix }) {
  page.removeAllListeners('dialog');
  const questions = [];
  page.on('dialog', (d) => {
    questions.push({ message: d.message(), servedBefore: [...served] });
    return stix ? d.accept() : d.dismiss();
  });
  if (!(await page.$eval('#indicators-panel', (d) => d.open))) await page.click('#indicators-panel summary');
  await page.click('#update-feeds');
  if (keep) await page.check('#feeds-keep');
  await Promise.all([page.waitForNavigation(), page.click('#feeds-confirm')]);
  await page.waitForSelector('body[data-ready="true"]');
  return questions;
}

const isStix = (rel) => rel.endsWith('.stix2');

test('public feeds download only after confirmation, from the listed addresses', { skip }, async () => {
  const { page, context, requests, errors } = await env.page();
  const served = await serveFeeds(context);
  assert.equal(served.length, 0);
  await page.click('#indicators-panel summary');
  await page.click('#update-feeds');
  const listed = await page.$$eval('#feeds-urls li', (li) => li.map((x) => x.textContent));
  assert.equal(listed.length, 3);
  assert.ok(listed.every((u) => u.startsWith('https://raw.githubusercontent.com/')));
  await page.click('#feeds-dialog button[value="cancel"]');
  await page.waitForTimeout(200);
  assert.equal(served.length, 0, 'cancel downloads nothing');

  // Confirm: the page reloads with the feed host allowed, downloads, and asks again for STIX2,
  // which is declined here: only the three listed files are fetched.
  const questions = await downloadFeeds(page, served, { keep: false, stix: false });
  assert.deepEqual(served.sort(), Object.keys(FEED_FILES).sort());
  assert.equal(questions.length, 1);
  assert.match(questions[0].message, /The MVT list names \d+ STIX2 files/);
  const sources = await page.textContent('#indicator-list');
  assert.match(sources, /Echap stalkerware-indicators: network\.csv \(downloaded\)/);
  assert.match(sources, /CC BY 4\.0/);
  assert.match(sources, /Downloaded \d{4}-\d{2}-\d{2}/);
  assert.doesNotMatch(sources, /\.stix2/);
  // Not kept: the box was not ticked.
  assert.equal(await page.evaluate(() => localStorage.getItem('zeekscope.feeds')), null);

  // The next load is closed to the feed host again, and has forgotten the feeds.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  const csp = await page.$$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.map((x) => x.content));
  assert.ok(csp.includes("connect-src 'self'"), csp.join(' || '));
  assert.doesNotMatch(await page.textContent('#indicator-list'), /downloaded/, 'not kept after a reload');
  assert.ok(
    requests.every(
      (u) =>
        u.startsWith(env.origin) ||
        u.startsWith('https://raw.githubusercontent.com/') ||
        u.startsWith('blob:') ||
        u.startsWith('data:'),
    ),
  );
  assert.deepEqual(
    errors.filter((e) => !e.startsWith('dialog')),
    [],
  );
  await context.close();
});

test('feeds downloaded with "keep" ticked are still loaded after a reload', { skip }, async () => {
  const { page, context, errors } = await env.page();
  const served = await serveFeeds(context);
  await downloadFeeds(page, served, { keep: true, stix: false });
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('zeekscope.feeds')));
  assert.deepEqual(
    stored.map((f) => f.name),
    ['Echap stalkerware-indicators: network.csv', 'TinyCheck: iocs.json'],
  );
  // A new load: nothing is downloaded again, and the kept feeds are loaded and used.
  served.length = 0;
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.deepEqual(served, []);
  const list = await page.textContent('#indicator-list');
  assert.match(list, /Echap stalkerware-indicators: network\.csv \(downloaded\)/);
  assert.match(list, /TinyCheck: iocs\.json \(downloaded\)/);
  assert.match(await page.textContent('#indicator-summary'), /^2 loaded besides the built-in sets$/);
  await page.click('#sample');
  await page.waitForSelector('body[data-state="report"]');
  const sources = await page.$$eval('#sources li', (li) => li.map((x) => x.textContent));
  for (const name of ['Echap stalkerware-indicators: network.csv', 'TinyCheck: iocs.json'])
    assert.ok(
      sources.some((t) => t.startsWith(name) && /: [1-9]\d* loaded/.test(t)),
      `${name} is in the report's sources: ${sources.join(' | ')}`,
    );
  assert.deepEqual(
    errors.filter((e) => !e.startsWith('dialog')),
    [],
  );
  await context.close();
});

test(
  'the STIX2 files the MVT list names are downloaded only after a second confirmation',
  { skip },
  async () => {
    const { page, context, errors } = await env.page();
    const served = await serveFeeds(context);
    const questions = await downloadFeeds(page, served, { keep: false, stix: true });
    assert.equal(questions.length, 1, 'one second question');
    // Asked after the list was read and before any STIX2 file was fetched, naming each of them.
    assert.ok(questions[0].servedBefore.includes('mvt-project/mvt-indicators/main/indicators.yaml'));
    assert.deepEqual(questions[0].servedBefore.filter(isStix), []);
    assert.ok(STIX_URLS.length > 5, `${STIX_URLS.length} STIX2 files listed`);
    for (const url of STIX_URLS) assert.ok(questions[0].message.includes(url), url);
    // Accepted: every listed file was fetched, once, and is loaded as a source.
    assert.deepEqual(served.filter(isStix).sort(), STIX_URLS.map((u) => new URL(u).pathname.slice(1)).sort());
    const list = await page.textContent('#indicator-list');
    for (const url of STIX_URLS) assert.ok(list.includes(`${stixFeedName(url)} (downloaded)`), url);
    assert.equal(list.match(/\(downloaded\)/g).length, STIX_URLS.length + 2);
    assert.deepEqual(
      errors.filter((e) => !e.startsWith('dialog')),
      [],
    );
    await context.close();
  },
);

test('DoH lookups happen only when chosen, and only to the chosen resolver', { skip }, async () => {
  const { page, context, requests } = await env.page();
  const asked = [];
  await context.route('https://cloudflare-dns.com/**', (route) => {
    const dns = new URL(route.request().url()).searchParams.get('dns');
    const query = Buffer.from(dns.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    asked.push(route.request().url());
    const ns = query.includes(Buffer.from('stalker-demo')) ? ['ns1.ns-demo.example'] : [];
    return route.fulfill({
      status: 200,
      contentType: 'application/dns-message',
      body: Buffer.from(encodeNsAnswer(query, ns)),
    });
  });
  // Off by default: the sample's nameserver check is not evaluated and nothing is asked.
  await page.click('#sample');
  await page.waitForSelector('body[data-state="report"]');
  assert.equal(asked.length, 0);
  assert.match(await page.textContent('#coverage'), /IOC-06: no nameserver answers/);
  await page.click('#again');
  page.removeAllListeners('dialog');
  let warned = '';
  page.on('dialog', (d) => {
    warned = d.message();
    d.accept();
  });
  await page.click('#settings-panel summary');
  await Promise.all([page.waitForNavigation(), page.selectOption('#resolver', 'cloudflare')]);
  assert.match(warned, /send the domain names found in the logs to the chosen resolver/);
  await page.waitForSelector('body[data-ready="true"]');
  const csp = await page.$$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.map((x) => x.content));
  assert.ok(csp.includes("connect-src 'self' https://cloudflare-dns.com"), csp.join(' || '));
  // Google is not allowed now: the policy blocks it even if code tried (and it would answer).
  const google = 'https://dns.google/resolve?name=x&type=NS';
  const attempt = await fetchPastPolicy(page, google);
  assert.equal(attempt.fetched, false);
  assert.equal(attempt.reached, 0);
  assert.deepEqual(attempt.violations, [
    { blockedURI: google, directive: 'connect-src', disposition: 'enforce' },
  ]);
  await page.click('#sample');
  await page.waitForSelector('body[data-state="report"]');
  assert.ok(asked.length > 0);
  const coverage = await page.textContent('#coverage').catch(() => '');
  assert.ok(!/IOC-06/.test(coverage), 'IOC-06 ran');
  const alerts = await shownAlertTexts(page);
  assert.ok(
    alerts.some(
      (a) => /IOC-06: /.test(a) && a.includes('c2.stalker-demo.example') && a.includes('ns1.ns-demo.example'),
    ),
    alerts.join('\n---\n'),
  );
  assert.ok(
    requests.every(
      (u) =>
        u.startsWith(env.origin) ||
        u.startsWith('https://cloudflare-dns.com/') ||
        u.startsWith('blob:') ||
        u.startsWith('data:'),
    ),
  );
  await context.close();
});
