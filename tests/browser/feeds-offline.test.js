// Offline hosting: `zeekscope fetch-feeds` writes the public lists (here from the local stand-in
// feed host), `scripts/build-web.mjs --feeds DIR` bundles them into the page, and the page uses
// them by default: it shows their date and licences, finds an indicator from them in a capture,
// and no request leaves its origin (every request of the page and its workers is recorded).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, needShared, run, runNode } from '../js/helpers.js';
import { FEED_HOST_NEEDS, startFeedHost } from '../js/feed-host.js';
import { CHROMIUM, needBrowser } from './harness.js';
import { startServer } from '../../scripts/serve.mjs';

const skip = needBrowser() || FEED_HOST_NEEDS.map((f) => needShared(f)).find(Boolean) || false;
const BUILD = path.join(ROOT, 'scripts/build-web.mjs');
const ECHAP = 'Echap stalkerware-indicators: network.csv';

let dir, feeds, web, listing;
before(async () => {
  if (skip) return;
  dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-offline-'));
  feeds = path.join(dir, 'feeds');
  web = path.join(dir, 'web');
  const feedHost = await startFeedHost();
  try {
    const fetched = await runNode(['fetch-feeds', '--out', feeds, '--host', feedHost.host]);
    assert.equal(fetched.code, 0, fetched.stderr.toString());
  } finally {
    await feedHost.close();
  }
  const built = await run(process.execPath, [BUILD, '--feeds', feeds, '--out', web]);
  assert.equal(built.code, 0, built.stderr.toString());
  assert.match(built.stdout.toString(), /bundled 4 indicator files/);
  listing = JSON.parse(readFileSync(path.join(feeds, 'SOURCES.json'), 'utf8'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// A domain Echap's network.csv lists, and a dns.log in which the phone asks for it.
function echapDomain() {
  const csv = readFileSync(path.join(feeds, 'echap-network.csv'), 'utf8');
  const row = csv.split('\n').find((l) => l.startsWith('domain,'));
  return row.split(',')[1].trim();
}

test('the build bundles the fetched lists with their SOURCES.json', { skip }, () => {
  const bundled = JSON.parse(readFileSync(path.join(web, 'feeds/SOURCES.json'), 'utf8'));
  assert.deepEqual(
    bundled.sources.map((s) => [s.name, s.file, s.url, s.licence, s.fetched, s.sha256]),
    listing.sources.map((s) => [s.name, s.file, s.url, s.licence, s.fetched, s.sha256]),
  );
  for (const s of listing.sources)
    assert.deepEqual(readFileSync(path.join(web, 'feeds', s.file)), readFileSync(path.join(feeds, s.file)));
  assert.match(
    readFileSync(path.join(web, 'app/bundled-feeds.js'), 'utf8'),
    /export const BUNDLED_FEEDS = \{/,
  );
  // The page's policy is unchanged: 'self' covers the bundled files.
  assert.match(readFileSync(path.join(web, 'index.html'), 'utf8'), /connect-src 'self'[ ;]/);
});

test('a file that no longer matches its SHA-256 stops the build', { skip }, async () => {
  const tampered = path.join(dir, 'tampered');
  cpSync(feeds, tampered, { recursive: true });
  writeFileSync(path.join(tampered, 'echap-network.csv'), 'domain,changed.example,x\n');
  const r = await run(process.execPath, [
    BUILD,
    '--feeds',
    tampered,
    '--out',
    path.join(dir, 'web-tampered'),
  ]);
  assert.equal(r.code, 1);
  assert.match(r.stderr.toString(), /echap-network\.csv does not match its SHA-256/);
});

test(
  'the bundled page finds an indicator from its lists with no request off its origin',
  { skip },
  async () => {
    const server = await startServer(web, 0);
    const origin = `http://127.0.0.1:${server.address().port}`;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const requests = [];
      const errors = [];
      context.on('request', (r) => requests.push(r.url())); // the page and its workers
      const page = await context.newPage();
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${origin}/`);
      await page.waitForSelector('body[data-ready="true"]');

      // The bundle's date, shown up front; its licences, in the list of sources.
      const date = listing.sources.map((s) => s.fetched.slice(0, 10)).sort()[0];
      assert.match(
        await page.textContent('#lists-status'),
        new RegExp(`Indicator lists bundled with this page, downloaded ${date}`),
      );
      assert.equal(await page.getAttribute('body', 'data-lists'), 'current');
      assert.equal(await page.locator('#get-lists').isVisible(), false);
      await page.click('#indicators-panel summary');
      const sources = await page.textContent('#indicator-list');
      for (const s of listing.sources.filter((x) => !x.list)) {
        assert.ok(sources.includes(`${s.name} (bundled with this page)`), s.name);
        assert.ok(sources.includes(s.licence), s.licence);
      }

      const domain = echapDomain();
      const log =
        '#separator \\x09\n#path\tdns\n#fields\tts\tid.orig_h\tquery\tqtype_name\tanswers\n' +
        `1.0\t10.0.0.2\t${domain}\tA\t203.0.113.9\n`;
      await page.setInputFiles('#pick-files', [
        { name: 'dns.log', mimeType: 'text/plain', buffer: Buffer.from(log) },
      ]);
      await page.waitForSelector('body[data-state="report"]');
      const alerts = await page.$$eval('li.alert', (li) => li.map((x) => x.textContent));
      assert.ok(
        alerts.some((a) => a.includes(domain) && a.includes(ECHAP)),
        `an alert names ${domain} from ${ECHAP}:\n${alerts.join('\n')}`,
      );
      const reportSources = await page.$$eval('#sources li', (li) => li.map((x) => x.textContent));
      assert.ok(
        reportSources.some(
          (s) => s.startsWith(ECHAP) && s.includes(`Bundled with this page, downloaded ${date}`),
        ),
        reportSources.join('\n'),
      );
      // Checked against real lists: no offer to get them beside the verdict.
      assert.equal(await page.$('#verdict-get-lists'), null);

      assert.ok(
        requests.some((u) => u.startsWith(`${origin}/feeds/`)),
        'the bundled lists were read',
      );
      assert.deepEqual(
        requests.filter(
          (u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'),
        ),
        [],
        'no request left the origin',
      );
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  },
);
