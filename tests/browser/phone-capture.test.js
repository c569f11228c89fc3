// Issue 20's "done when": a pcapng from a phone, dropped on the page with the public indicator
// lists loaded, gives the same alerts for domains and addresses that tshark shows in it. The
// capture is made as PCAPdroid writes one (scripts/lib/phone-capture.mjs) and contacts real
// indicators picked from the real lists in ../shared/data/iocs; the page holds those lists as it
// keeps downloaded ones (localStorage `zeekscope.feeds`, seeded before it loads).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { phoneCapture } from '../../scripts/lib/phone-capture.mjs';
import { needShared } from '../js/helpers.js';
import {
  BENIGN,
  LISTS,
  keptLists,
  matchedByReport,
  matchedByTshark,
  needTshark,
  phoneContacts,
  pickIndicators,
  readLists,
  tsharkView,
} from '../js/phone-lists.js';
import { assertAlertsShown, needBrowser, openBrowser } from './harness.js';

const skip = needBrowser() || needShared('iocs') || needTshark();
let env;
before(async () => {
  if (!skip) env = await openBrowser();
});
after(async () => env?.close());

test(
  "a phone's pcapng dropped on the page alerts on exactly the listed values tshark sees",
  { skip, timeout: 180000 },
  async () => {
    const lists = readLists();
    const picked = pickIndicators(lists);
    const capture = phoneCapture({ seed: 20, minutes: 8, benign: BENIGN, contacts: phoneContacts(picked) });
    const dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-phone-'));
    try {
      const file = path.join(dir, 'phone.pcapng');
      writeFileSync(file, capture.bytes);
      const view = tsharkView(file);
      const expected = matchedByTshark(lists, view.values);
      for (const v of [picked.echapDomain, picked.echapParent, picked.tinycheckAddress, picked.mvtDomain])
        assert.ok(expected.has(v), `tshark sees ${v} in the capture`);

      // The page, with the three real lists kept as if downloaded yesterday.
      const { page, context, errors } = await env.page({ storedLists: keptLists() });
      assert.equal(await page.getAttribute('body', 'data-lists'), 'current');

      await page.setInputFiles('#pick-files', file);
      await page.waitForSelector('body[data-state="report"]', { timeout: 120000 });
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
      const report = JSON.parse(readFileSync(await download.path(), 'utf8'));

      // The input is read as a capture, packet for packet as tshark reads it.
      assert.equal(report.inputs.length, 1);
      const [input] = report.inputs;
      assert.equal(input.name, 'phone.pcapng');
      assert.equal(input.log_type, 'capture');
      assert.equal(input.format, 'pcapng');
      assert.deepEqual(input.capture.link_types, ['raw IP (101)']);
      assert.equal(input.capture.packets, view.packets);
      assert.equal(input.capture.packets, capture.packets);

      // The lists in use are the three kept ones.
      for (const l of LISTS)
        assert.ok(
          report.indicators.some((s) => s.name === l.name && s.total > 0),
          `${l.name} is used: ${report.indicators.map((s) => s.name).join(', ')}`,
        );

      // The alerts name exactly what tshark's view matches in the lists.
      assert.deepEqual([...matchedByReport(report)].sort(), [...expected].sort());

      // Not clean, and the stalkerware domain is shown as a high alert from Echap's list.
      assert.ok(!['clean', 'unchecked'].includes(report.summary.verdict), report.summary.verdict);
      assert.equal(await page.$('#report-body .verdict.v-clean'), null);
      assert.ok(await page.$('#report-body .verdict.v-high'));
      await assertAlertsShown(page, report);
      const shown = await page.$$eval('li.alert', (li) => li.map((x) => x.innerText));
      for (const domain of [picked.echapDomain, picked.echapParent])
        assert.ok(
          shown.some((a) => a.includes(domain) && a.includes(LISTS[0].name) && a.includes('High')),
          `a high alert from Echap's list names ${domain}:\n${shown.join('\n---\n')}`,
        );
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
