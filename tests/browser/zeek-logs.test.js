// "Save as Zeek logs" on the page: btest captures dropped on the page (one gzip-compressed) give,
// through the engine worker, logs byte-identical to what the native `zeekscope logs` writes;
// no request leaves the page's origin; and the capture guide is on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHARED, needNative, needShared, runNative } from '../js/helpers.js';
import { needBrowser, openBrowser } from './harness.js';

const skip = needBrowser();
let env;
before(async () => {
  if (!skip) env = await openBrowser();
});
after(async () => env?.close());

const TRACE = 'pcap/zeek-btest/scripts.base.protocols.http.http-no-crlf/no_crlf.pcap';
const GZIP_TRACE = 'pcap/zeek-btest/scripts.base.protocols.ssl.fragment/tls-fragmented-handshake.pcap.gz';
const LOGS = ['conn.log', 'ssl.log', 'http.log'];

// The native CLI's logs of these captures (in this order, the page's: by name).
async function nativeLogs(captures, format) {
  const out = mkdtempSync(path.join(tmpdir(), 'zeekscope-page-logs-'));
  try {
    const r = await runNative(['logs', ...captures, '--out', out, '--format', format]);
    assert.equal(r.code, 0, r.stderr.toString());
    return Object.fromEntries(LOGS.map((name) => [name, readFileSync(path.join(out, name))]));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function savedLog(page, name) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`#zeek-logs-result a[download="${name}"]`),
  ]);
  assert.equal(download.suggestedFilename(), name);
  return readFileSync(await download.path());
}

test(
  'captures checked in the page are saved as the Zeek logs the native CLI writes',
  { skip: skip || needShared(TRACE) || needNative(), timeout: 120000 },
  async () => {
    // a pcap, a gzip-compressed pcap and a text file (no capture: not offered)
    const captures = [path.join(SHARED, TRACE), path.join(SHARED, GZIP_TRACE)];
    const notes = path.join(mkdtempSync(path.join(tmpdir(), 'zeekscope-page-notes-')), 'notes.txt');
    writeFileSync(notes, 'Captured on the phone.\n');
    const { page, requests, errors } = await env.page({ acceptDownloads: true });
    assert.equal(await page.isHidden('#zeek-logs'), true);
    // A real drop of the files, as from a file manager (Chromium's DevTools protocol).
    const box = await page.locator('#dropzone').boundingBox();
    const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const cdp = await page.context().newCDPSession(page);
    const data = { items: [], files: [...captures, notes], dragOperationsMask: 1 };
    for (const type of ['dragEnter', 'dragOver', 'drop'])
      await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
    await page.waitForSelector('body[data-state="report"]');
    await page.waitForSelector('#save-zeek-logs');
    for (const format of ['tsv', 'json']) {
      const expected = await nativeLogs(captures, format);
      await page.selectOption('#zeek-logs-format', format);
      await page.evaluate(() => delete document.body.dataset.zeekLogs);
      await page.click('#save-zeek-logs');
      await page.waitForSelector('body[data-zeek-logs]');
      const links = await page.$$eval('#zeek-logs-result a[download]', (as) => as.map((a) => a.download));
      assert.deepEqual(links, LOGS);
      for (const name of LOGS)
        assert.ok((await savedLog(page, name)).equals(expected[name]), `${name} (${format})`);
    }
    const offered = await page.textContent('#zeek-logs-result');
    assert.match(offered, /no_crlf\.pcap: 1519 packets, 1 connections/);
    assert.match(offered, /tls-fragmented-handshake\.pcap\.gz: 416 packets, /);
    assert.doesNotMatch(offered, /notes\.txt/);
    assert.match(await page.textContent('#zeek-logs'), /2 files were packet captures/);
    const outside = requests.filter(
      (u) => !u.startsWith(env.origin) && !u.startsWith('blob:') && !u.startsWith('data:'),
    );
    assert.deepEqual(outside, []);
    assert.deepEqual(errors, []);
    await page.context().close();
    rmSync(path.dirname(notes), { recursive: true, force: true });
  },
);

test('a check of Zeek logs only offers no Zeek logs', { skip, timeout: 60000 }, async () => {
  const { page, errors } = await env.page();
  await page.click('#sample');
  await page.waitForSelector('body[data-state="report"]');
  assert.equal(await page.isHidden('#zeek-logs'), true);
  assert.equal(await page.$('#save-zeek-logs'), null);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("the page explains how to capture a phone's traffic", { skip }, async () => {
  const { page } = await env.page();
  const guide = page.locator('details#capture-guide');
  assert.equal(await guide.locator('summary').textContent(), "How to capture a phone's traffic");
  assert.equal(await guide.getAttribute('open'), null); // collapsed
  await guide.locator('summary').click();
  const text = (await guide.innerText()).replace(/\s+/g, ' ');
  for (const words of [
    'PCAPdroid',
    'pcapng',
    "laptop's hotspot",
    'Wireshark',
    'tcpdump',
    'TinyCheck',
    'PiRogue',
    'makes up',
    'Encrypted DNS',
    'a VPN on the phone hides',
    'once a day',
  ])
    assert.ok(text.includes(words), `the guide says "${words}": ${text}`);
  await page.context().close();
});
