// The page in Debian's Chromium (playwright-core) checking files as a user's dropped files: the
// time to the report and the longest main-thread task while the check ran. Shared by the log
// and packet benchmarks.
import { rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

// The page's site served with `folder` linked beside it as .bench/ (the files reach the page as
// Blobs fetched from there, as a user's dropped files would: not through the driver protocol).
async function serveWith(folder) {
  const { startServer } = await import('../serve.mjs');
  const link = path.join(root, 'dist/web/.bench');
  rmSync(link, { force: true });
  symlinkSync(folder, link);
  const server = await startServer(path.join(root, 'dist/web'), 0);
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => {
      server.close();
      rmSync(link, { force: true });
    },
  };
}

// Gives the page the files `names` (from .bench/) as a user's picked files, and waits for the
// check to end.
async function pickFiles(page, names) {
  await page.evaluate(async (list) => {
    const dt = new DataTransfer();
    for (const name of list) dt.items.add(new File([await (await fetch(`.bench/${name}`)).blob()], name));
    const input = document.getElementById('pick-files');
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
  }, names);
  await page.waitForSelector('body[data-state]', { timeout: 3600_000 });
}

// Drops the files `names` on the page: its time to the rendered verdict, and its stages.
async function drop(page, names) {
  await pickFiles(page, names);
  const state = await page.evaluate(() => ({ ...document.body.dataset }));
  if (state.state !== 'report') throw new Error(`the page ended in state ${state.state}`);
  return { seconds: Number(state.verdictSeconds), stages: JSON.parse(state.stages ?? '{}') };
}

// Time to verdict in the page, `runs` times, each in a fresh browser profile: `load` (navigation
// to the page ready), `first` (drop to rendered verdict, a second after the page was ready, as a
// person would drop), `next` (a second drop on the same page), and the first drop's stages.
export async function pageTimesToVerdict(folder, names, runs) {
  const site = await serveWith(folder);
  const b = await launch();
  const out = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await b.newContext();
      const page = await context.newPage();
      await page.goto(site.url);
      await page.waitForSelector('body[data-ready="true"]');
      const load = (await page.evaluate(() => Number(document.body.dataset.readyAt))) / 1000;
      await page.waitForTimeout(1000);
      const first = await drop(page, names);
      await page.click('#again');
      const next = await drop(page, names);
      out.push({ load, first: first.seconds, next: next.seconds, stages: first.stages });
      await context.close();
    }
  } finally {
    await b.close();
    site.close();
  }
  return out;
}

// The files `names` of `folder`, checked by the page; returns { seconds, longest (ms), heap }.
export async function runInChromium(folder, names) {
  const site = await serveWith(folder);
  const b = await launch();
  try {
    const page = await b.newPage();
    await page.goto(site.url);
    await page.waitForSelector('body[data-ready="true"]');
    // Responsiveness: the longest task on the main thread while the analysis runs (the page
    // sets data-started-at when the check starts; long tasks are those over 50 ms).
    await page.evaluate(() => {
      window.__tasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__tasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    const start = Date.now();
    await pickFiles(page, names);
    const state = await page.evaluate(() => {
      const from = Number(document.body.dataset.startedAt);
      const to = from + Number(document.body.dataset.elapsedSeconds) * 1000;
      let longest = 0;
      for (const [s, d] of window.__tasks) {
        const overlap = Math.min(s + d, to) - Math.max(s, from);
        if (overlap > longest) longest = overlap;
      }
      return { ...document.body.dataset, longest };
    });
    if (state.state !== 'report') throw new Error(`the page ended in state ${state.state}`);
    const seconds = Number(state.elapsedSeconds);
    console.log(
      `page: report after ${seconds.toFixed(2)} s (${((Date.now() - start) / 1000).toFixed(2)} s with loading the files); ` +
        `longest main-thread task during the check ${state.longest.toFixed(0)} ms`,
    );
    return {
      seconds,
      logs: null,
      rules: null,
      report: null,
      rss: null,
      heap: Number(state.wasmHeapBytes) / 1048576,
    };
  } finally {
    await b.close();
    site.close();
  }
}
