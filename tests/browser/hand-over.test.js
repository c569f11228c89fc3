// Issue 24 on the page: what a person saves leaves their hands. A PCAPdroid capture of a phone
// (scripts/lib/phone-capture.mjs, contacting real indicators from an app of its own) is checked
// with the public lists kept from a download; the case file (HTML and JSON) names no local path,
// gives each file's SHA-256 and the lists' dates and licences; with "Hide this phone's own
// details" ticked, no export holds the phone's addresses or the apps no alert concerns; and the
// case file opens in Chromium with no script and no request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SHARED, assertNoLocalPath, needShared } from '../js/helpers.js';
import { LISTS, keptLists, pickIndicators, readLists } from '../js/phone-lists.js';
import { SPY_APP, spyCapture } from '../js/spy-app.js';
import { PHONE, RESOLVER } from '../../scripts/lib/phone-capture.mjs';
import { ARTIFACTS, needBrowser, openBrowser } from './harness.js';

const skip = needBrowser() || needShared('iocs');
let env, dir, file;
before(async () => {
  if (skip) return;
  env = await openBrowser();
  dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-hand-over-page-'));
  file = path.join(dir, 'phone.pcapng');
  writeFileSync(file, spyCapture(pickIndicators(readLists()), 'pcapng').bytes);
});
after(async () => {
  await env?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The downloads one click gives, by file name; an export that fails says so at once.
async function saved(page, button, count) {
  const downloads = [];
  let collect;
  const got = new Promise((resolve) => {
    collect = (d) => {
      downloads.push(d);
      if (downloads.length === count) resolve();
    };
    page.on('download', collect);
  });
  const failed = page
    .waitForFunction(() => /failed/.test(document.getElementById('export-status').textContent), null, {
      timeout: 0,
    })
    .then(async () => {
      throw new Error(await page.textContent('#export-status'));
    });
  await page.click(button);
  try {
    await Promise.race([got, failed]);
  } finally {
    page.off('download', collect);
  }
  const out = {};
  for (const d of downloads) out[d.suggestedFilename()] = readFileSync(await d.path(), 'utf8');
  return out;
}

test('the page saves a case file and, on request, redacted reports', { skip, timeout: 240000 }, async () => {
  const { page, context, errors } = await env.page({ storedLists: keptLists() });
  await page.setInputFiles('#pick-files', file);
  await page.waitForSelector('body[data-state="report"]', { timeout: 120000 });

  const plainJson = await saved(page, '#export-json', 1);
  const plain = JSON.parse(plainJson['zeekscope-report.json']);
  const quiet = plain.apps.filter((a) => a.alerts.length === 0);
  const identifiers = [PHONE, RESOLVER, ...quiet.flatMap((a) => [a.package, a.name]).filter(Boolean)];
  assert.ok(quiet.length > 0, 'apps with no alert');
  for (const id of identifiers) assert.ok(plainJson['zeekscope-report.json'].includes(id), id);

  // The case file, not redacted.
  const made = await saved(page, '#export-case', 2);
  const html = made['zeekscope-case.html'];
  const caseReport = JSON.parse(made['zeekscope-case.json']);
  for (const [name, text] of Object.entries(made)) assertNoLocalPath(text, name);
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  assert.equal(caseReport.inputs[0].name, 'phone.pcapng');
  assert.equal(caseReport.inputs[0].sha256, digest);
  assert.ok(html.includes(digest));
  const day = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  for (const list of LISTS) {
    const source = caseReport.indicators.find((s) => s.name === list.name);
    assert.equal(source?.licence, list.licence, list.name);
    assert.equal(source?.date, day, list.name);
    assert.ok(html.includes(list.licence.replace(/&/g, '&amp;')), list.licence);
  }
  assert.ok(html.includes(SPY_APP.label));
  assert.match(await page.textContent('#export-status'), /case file was saved/);

  // Redacted: every export.
  await page.check('#export-redact');
  const redacted = {
    ...(await saved(page, '#export-json', 1)),
    ...(await saved(page, '#export-html', 1)),
    ...(await saved(page, '#export-case', 2)),
  };
  assert.deepEqual(Object.keys(redacted).sort(), [
    'zeekscope-case.html',
    'zeekscope-case.json',
    'zeekscope-report.html',
    'zeekscope-report.json',
  ]);
  for (const [name, text] of Object.entries(redacted)) {
    assertNoLocalPath(text, name);
    for (const id of identifiers) assert.ok(!text.includes(id), `${id} in ${name}`);
    assert.ok(text.includes(SPY_APP.label), `${name}: the app behind the findings stays`);
  }
  assert.ok(JSON.parse(redacted['zeekscope-report.json']).redaction.redacted.length >= 2);
  // Printing with the box ticked prints the redacted report, then shows the check's again.
  await page.evaluate(() => {
    window.print = () => {
      window.printed = document.getElementById('report-body').textContent;
    };
  });
  const shown = await page.textContent('#report-body');
  assert.ok(shown.includes(RESOLVER), "the resolver's address is shown before");
  await page.click('#print');
  await page.waitForFunction(
    () => typeof window.printed === 'string' && !document.getElementById('print').disabled,
  );
  const printed = await page.evaluate(() => window.printed);
  assert.ok(printed.includes(SPY_APP.label), 'the printed report');
  for (const id of identifiers) assert.ok(!printed.includes(id), `${id} printed`);
  assert.equal(await page.textContent('#report-body'), shown, 'the check is shown again');
  assert.deepEqual(errors, []);
  await context.close();

  // The case file on its own, as a helper opens it: no script runs, nothing is requested.
  const caseFile = path.join(dir, 'case.html');
  writeFileSync(caseFile, redacted['zeekscope-case.html']);
  for (const [width, shot] of [
    [360, 'case-file-360.png'],
    [1280, 'case-file-1280.png'],
  ]) {
    const viewer = await env.browser.newContext({ viewport: { width, height: 800 } });
    const view = await viewer.newPage();
    const requests = [];
    const problems = [];
    viewer.on('request', (r) => requests.push(r.url()));
    view.on('console', (m) => problems.push(m.text()));
    view.on('pageerror', (e) => problems.push(String(e)));
    await view.goto(pathToFileURL(caseFile).href);
    assert.deepEqual(requests, [pathToFileURL(caseFile).href], 'only the file itself');
    assert.equal(await view.$$eval('script', (s) => s.length), 0);
    assert.deepEqual(problems, []);
    assert.match(await view.textContent('h1'), /case file/);
    // Readable on a phone: nothing wider than the screen but the tables' own scrollers.
    const wide = await view.evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    );
    assert.ok(wide, `no sideways scrolling at ${width} px`);
    await view.screenshot({ path: path.join(ARTIFACTS, shot), fullPage: true });
    if (width === 1280) await view.pdf({ path: path.join(ARTIFACTS, 'case-file-print.pdf') });
    await viewer.close();
  }
});

// A computer on a university network for a day (Stratosphere's labelled logs): its own public
// address, the name the network's DHCP gave it, and the network's private addresses.
const DAY = 'zeek/stratosphere-security-datasets/012-zeek-mixed/data';
const DAY_OWN = ['147.32.83.161', 'dhcp-83-161.felk.cvut.cz', '10.1.138.176'];

test(
  "a real day redacted on the page: no export keeps the computer's own details",
  { skip: skip || needShared(DAY), timeout: 240000 },
  async () => {
    const { page, context, errors } = await env.page({ storedLists: keptLists() });
    const files = readdirSync(path.join(SHARED, DAY)).map((f) => path.join(SHARED, DAY, f));
    await page.setInputFiles('#pick-files', files);
    await page.waitForSelector('body[data-state="report"]', { timeout: 120000 });
    const plain = await saved(page, '#export-json', 1);
    for (const id of DAY_OWN) assert.ok(plain['zeekscope-report.json'].includes(id), id);
    await page.check('#export-redact');
    const redacted = {
      ...(await saved(page, '#export-json', 1)),
      ...(await saved(page, '#export-html', 1)),
      ...(await saved(page, '#export-case', 2)),
    };
    assert.equal(Object.keys(redacted).length, 4);
    for (const [name, text] of Object.entries(redacted)) {
      assertNoLocalPath(text, name);
      for (const id of DAY_OWN) assert.ok(!text.includes(id), `${id} in ${name}`);
    }
    const caseReport = JSON.parse(redacted['zeekscope-case.json']);
    assert.equal(caseReport.inputs.length, files.length);
    for (const input of caseReport.inputs) {
      const file = files.find((f) => path.basename(f) === input.name);
      assert.equal(input.sha256, createHash('sha256').update(readFileSync(file)).digest('hex'), input.name);
    }
    assert.deepEqual(errors, []);
    await context.close();
  },
);
