// Starts the built page on localhost and a headless Debian Chromium driven by playwright-core.
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
    async page(options = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
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
      await page.goto(`${origin}/`);
      await page.waitForSelector('body[data-ready="true"]');
      return { page, context, requests, errors };
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// What the page shows: its alerts as (id, level, host), sorted.
export async function shownAlerts(page) {
  const alerts = await page.$$eval('li.alert', (nodes) =>
    nodes.map((n) => [n.dataset.id, n.dataset.level, n.dataset.host]),
  );
  return alerts.map((a) => a.join(' | ')).sort();
}

export function reportAlerts(report) {
  return report.alerts.map((a) => [a.id, a.level, a.host].join(' | ')).sort();
}
