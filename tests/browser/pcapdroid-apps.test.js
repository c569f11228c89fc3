// Issue 21's first "done when" on the page: a PCAPdroid capture, in both of its formats, dropped
// on the page with the public indicator lists loaded, names the app behind each finding: in the
// Apps section (the app first, with its alerts), in each alert's evidence, and in the JSON export.
// App names come from the phone: they must reach the page as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { needShared } from '../js/helpers.js';
import { keptLists, pickIndicators, readLists } from '../js/phone-lists.js';
import { appText } from '../../js/app-text.js';
import { SPY_APP, spyAppAs, spyCapture } from '../js/spy-app.js';
import { needBrowser, openBrowser } from './harness.js';

const skip = needBrowser() || needShared('iocs');
let env;
before(async () => {
  if (!skip) env = await openBrowser();
});
after(async () => env?.close());

test(
  'a PCAPdroid capture on the page names the app behind each finding',
  { skip, timeout: 240000 },
  async () => {
    const picked = pickIndicators(readLists());
    const dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-apps-page-'));
    try {
      for (const [format, name] of [
        ['pcapng', 'phone.pcapng'],
        ['trailer', 'phone.pcap'],
      ]) {
        const file = path.join(dir, name);
        writeFileSync(file, spyCapture(picked, format).bytes);
        const { page, context, errors } = await env.page({ storedLists: keptLists() });
        await page.setInputFiles('#pick-files', file);
        await page.waitForSelector('body[data-state="report"]', { timeout: 120000 });

        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
        const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
        const [first] = report.apps;
        const spy = spyAppAs(format);
        assert.deepEqual([first.uid, first.package, first.name], [spy.uid, spy.package, spy.name], format);
        // "System Update (com.android.sys.update, uid 10234)"; from a trailer "System Update (uid 10234)".
        const SPY_TEXT = appText(spy);
        assert.ok(SPY_TEXT.startsWith(SPY_APP.label), SPY_TEXT);
        assert.ok(first.alerts.length >= 2, `${format}: ${first.alerts.length} alerts`);

        // The Apps section leads with the app, and lists its alerts.
        const apps = await page.$$eval('#apps li.app', (li) => li.map((x) => x.innerText));
        assert.equal(apps.length, report.apps.length, format);
        assert.ok(apps[0].startsWith(SPY_TEXT), `${format}: ${apps[0]}`);
        for (const a of first.alerts)
          assert.ok(apps[0].includes(`${a.id} on ${a.host}`), `${format}: ${apps[0]}`);
        assert.ok(await page.$('#apps li.app.with-alerts[data-uid="10234"]'), format);

        // Each alert on the app's contacts names it in its evidence.
        const shown = await page.$$eval('li.alert', (li) =>
          li.map((x) => ({ host: x.dataset.host, text: x.innerText })),
        );
        for (const a of first.alerts) {
          const item = shown.find((s) => s.host === a.host);
          assert.ok(item && item.text.includes(SPY_TEXT), `${format}: the alert on ${a.host} names the app`);
        }
        // The hosts table has the apps column.
        const headers = await page.$$eval('#hosts-table th', (th) => th.map((x) => x.innerText.trim()));
        assert.ok(headers.includes('Apps'), headers.join(', '));
        assert.deepEqual(errors, [], format);
        await context.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
