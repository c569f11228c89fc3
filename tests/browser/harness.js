// Starts the built page on localhost and a headless Debian Chromium driven by playwright-core.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../js/helpers.js';
import { startServer } from '../../scripts/serve.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');

export function needBrowser() {
  if (!existsSync(CHROMIUM)) return `Debian chromium is not installed (${CHROMIUM})`;
  if (!existsSync(path.join(ROOT, 'dist/web/index.html')))
    return 'dist/web is not built (node scripts/build-web.mjs)';
  return false;
}

export async function openBrowser() {
  const server = await startServer(path.join(ROOT, 'dist/web'), 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    origin,
    browser,
    // A new context and page at `at` (a path with its query, under the origin). `storedLists`:
    // the indicator lists the page finds kept in its localStorage when it loads.
    async page({ storedLists, ...options } = {}, at = '/') {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
      if (storedLists)
        await context.addInitScript(
          (feeds) => localStorage.setItem('zeekscope.feeds', JSON.stringify(feeds)),
          storedLists,
        );
      const page = await context.newPage();
      const requests = [];
      const errors = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('dialog', (d) => {
        errors.push(`dialog: ${d.message()}`);
        d.dismiss();
      });
      context.on('request', (r) => requests.push(r.url())); // workers too
      await page.goto(`${origin}${at}`);
      await page.waitForSelector('body[data-ready="true"]');
      return { page, context, requests, errors };
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// What a person reads in each alert, in the page's order: the innerText of every alert (its
// title, description and evidence; nothing hidden by the stylesheet counts).
export async function shownAlertTexts(page) {
  return page.$$eval('li.alert', (nodes) => nodes.map((n) => n.innerText));
}

const LEVEL_ORDER = ['High', 'Moderate', 'Low'];

// The words each alert of `report` must show, in the page's order (by level, then the engine's).
export function alertWords(report) {
  const ordered = LEVEL_ORDER.flatMap((level) => report.alerts.filter((a) => a.level === level));
  return ordered.map((a) => {
    const ev = a.evidence;
    const words = [a.level, `${a.id}: ${a.title}`, a.description, a.host];
    for (const i of ev.indicators) words.push(i.value, i.type, i.source, ...(i.tag ? [i.tag] : []));
    words.push(...ev.ips, ...ev.ports.map(String), ...ev.names, ...ev.uids);
    for (const v of Object.values(ev.details))
      words.push(...(Array.isArray(v) ? v.map(String) : [String(v)]));
    return { id: a.id, level: a.level, host: a.host, words: words.filter((w) => w !== '') };
  });
}

// Asserts that the page shows the report's alerts, one for one and in order, each with its
// title, description and every piece of evidence in its visible text.
export async function assertAlertsShown(page, report) {
  const texts = await shownAlertTexts(page);
  const expected = alertWords(report);
  assert.equal(
    texts.length,
    expected.length,
    `alerts shown: ${texts.length}, in the report: ${expected.length}\n${texts.join('\n---\n')}`,
  );
  expected.forEach((e, k) => {
    const missing = e.words.filter((w) => !texts[k].includes(w));
    assert.deepEqual(
      missing,
      [],
      `alert ${k + 1} (${e.id} ${e.host}) does not show these; it reads:\n${texts[k]}`,
    );
  });
}

// Calls fetch(url) in the page and says what stopped it: { fetched, violations, reached } where
// violations are the page's securitypolicyviolation events for it and `reached` counts requests
// that got to the network. The address is answered 200 by a route, so a policy, and only a
// policy, can make the fetch fail: a network error or an unreachable host cannot pass for it.
export async function fetchPastPolicy(page, url) {
  const context = page.context();
  const pattern = `${new URL(url).origin}/**`;
  let reached = 0;
  const answer = (route) => {
    reached++;
    return route.fulfill({ status: 200, contentType: 'text/plain', body: 'reached' });
  };
  await context.route(pattern, answer);
  try {
    const result = await page.evaluate(async (u) => {
      const violations = [];
      const listener = (e) =>
        violations.push({
          blockedURI: e.blockedURI,
          directive: e.effectiveDirective,
          disposition: e.disposition,
        });
      document.addEventListener('securitypolicyviolation', listener);
      let fetched;
      try {
        fetched = (await fetch(u)).ok;
      } catch {
        fetched = false;
      }
      // The event is queued as a task: let it arrive.
      await new Promise((resolve) => setTimeout(resolve, 100));
      document.removeEventListener('securitypolicyviolation', listener);
      return { fetched, violations };
    }, url);
    return { ...result, reached };
  } finally {
    await context.unroute(pattern, answer);
  }
}
