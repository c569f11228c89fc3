// Network features are opt-in: the feed download and DoH lookups happen only after the user
// confirms, go only to the listed addresses, and the page's policy allows nothing else. The
// remote servers are simulated with request interception: nothing reaches the internet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SHARED, needShared } from '../js/helpers.js';
import { encodeNsAnswer } from '../../js/dns-wire.js';
import { needBrowser, openBrowser } from './harness.js';

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

test('public feeds download only after confirmation, from the listed addresses', { skip }, async () => {
  const { page, context, requests, errors } = await env.page();
  const served = [];
  await context.route('https://raw.githubusercontent.com/**', (route) => {
    const rel = new URL(route.request().url()).pathname.slice(1);
    served.push(rel);
    const local = FEED_FILES[rel];
    if (local) return route.fulfill({ status: 200, body: readFileSync(path.join(SHARED, local)) });
    const stix = rel.split('/').at(-1);
    if (readdirSync(path.join(SHARED, 'iocs/mvt')).includes(stix))
      return route.fulfill({ status: 200, body: readFileSync(path.join(SHARED, 'iocs/mvt', stix)) });
    return route.fulfill({ status: 404, body: '' });
  });
  assert.equal(served.length, 0);
  await page.click('#indicators-panel summary');
  await page.click('#update-feeds');
  const listed = await page.$$eval('#feeds-urls li', (li) => li.map((x) => x.textContent));
  assert.equal(listed.length, 3);
  assert.ok(listed.every((u) => u.startsWith('https://raw.githubusercontent.com/')));
  await page.click('#feeds-dialog button[value="cancel"]');
  await page.waitForTimeout(200);
  assert.equal(served.length, 0, 'cancel downloads nothing');

  // Confirm: the page reloads with the feed host allowed, downloads, and asks again for STIX2.
  page.removeAllListeners('dialog');
  const confirms = [];
  page.on('dialog', (d) => {
    confirms.push(d.message());
    d.dismiss(); // decline the STIX2 files: only the three listed files are fetched
  });
  await page.click('#update-feeds');
  await Promise.all([page.waitForNavigation(), page.click('#feeds-confirm')]);
  await page.waitForSelector('body[data-ready="true"]');
  assert.deepEqual(served.sort(), Object.keys(FEED_FILES).sort());
  assert.equal(confirms.length, 1);
  assert.match(confirms[0], /The MVT list names \d+ STIX2 files/);
  const sources = await page.textContent('#indicator-list');
  assert.match(sources, /Echap stalkerware-indicators: network\.csv \(downloaded\)/);
  assert.match(sources, /CC BY 4\.0/);
  assert.match(sources, /Downloaded \d{4}-\d{2}-\d{2}/);
  // Not kept: the box was not ticked.
  assert.equal(await page.evaluate(() => localStorage.getItem('zeekscope.feeds')), null);

  // The next load is closed to the feed host again.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  const csp = await page.$$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.map((x) => x.content));
  assert.ok(csp.includes("connect-src 'self'"), csp.join(' || '));
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
  // Google is not allowed now: the policy blocks it even if code tried.
  const blocked = await page.evaluate(() =>
    fetch('https://dns.google/resolve?name=x&type=NS').then(
      () => false,
      () => true,
    ),
  );
  assert.equal(blocked, true);
  await page.click('#sample');
  await page.waitForSelector('body[data-state="report"]');
  assert.ok(asked.length > 0);
  const coverage = await page.textContent('#coverage').catch(() => '');
  assert.ok(!/IOC-06/.test(coverage), 'IOC-06 ran');
  assert.ok(await page.$('li.alert[data-id="IOC-06"][data-host="c2.stalker-demo.example"]'));
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
