// The page and the HTML export open with "Look at these first": the hosts the engine leads with
// (report.hosts ordered by score), each with its score and reason, as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../js/index.js';
import { renderReportHtml } from '../../js/html-report.js';
import { needBrowser, openBrowser } from './harness.js';

const skip = needBrowser();
let env;
before(async () => {
  if (!skip) env = await openBrowser();
});
after(async () => env?.close());

// Three sessions carrying data to an unnamed address on TCP 1337 (a raw command channel, BEH-05),
// beside QUIC and HTTP traffic that must come after it.
const CONN_LOG =
  '#separator \\x09\n#path\tconn\n' +
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\torig_bytes\tresp_bytes\n' +
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tcount\tcount\n' +
  '10\tR1\t10.0.0.2\t40001\t198.18.7.7\t1337\ttcp\t-\t50000\t300\n' +
  '20\tR2\t10.0.0.2\t40002\t198.18.7.7\t1337\ttcp\t-\t50000\t300\n' +
  '30\tR3\t10.0.0.2\t40003\t198.18.7.7\t1337\ttcp\t-\t50000\t300\n' +
  '11\tQ1\t10.0.0.2\t40004\t142.250.1.1\t443\tudp\t-\t900\t5000\n' +
  '12\tH1\t10.0.0.2\t40005\t93.184.216.34\t80\ttcp\thttp\t100\t900\n';

test("the page and the export lead with the engine's first hosts and their reasons", { skip }, async () => {
  const report = await analyze([{ name: 'conn.log', stream: new Blob([CONN_LOG]).stream() }]);
  assert.equal(report.hosts[0].host, '198.18.7.7');
  assert.match(report.hosts[0].reason, /Raw command channel/);

  const { page, errors } = await env.page();
  await page.setInputFiles('#pick-files', [
    { name: 'conn.log', mimeType: 'text/plain', buffer: Buffer.from(CONN_LOG) },
  ]);
  await page.waitForSelector('body[data-state="report"]');
  const shown = await page.$$eval('#look-first li', (items) => items.map((li) => li.innerText));
  const expected = report.hosts.filter((h) => h.score > 0).slice(0, 5);
  assert.equal(shown.length, expected.length);
  expected.forEach((h, i) => {
    assert.ok(shown[i].startsWith(`${h.host} (score ${h.score}): ${h.reason}`), `${shown[i]} / ${h.host}`);
  });
  // It comes right after the verdict, before the alerts.
  const order = await page.$$eval('#look-first, .verdict, li.alert', (nodes) =>
    nodes.map((n) =>
      n.id === 'look-first' ? 'first' : n.classList.contains('verdict') ? 'verdict' : 'alert',
    ),
  );
  assert.deepEqual(order.slice(0, 3), ['verdict', 'first', 'alert']);
  assert.deepEqual(errors, []);
  await page.context().close();

  const html = renderReportHtml(report);
  const lead = html.slice(html.indexOf('<h2>Look at these first</h2>'));
  assert.ok(
    lead.includes(
      `<strong>198.18.7.7</strong> (score ${report.hosts[0].score}): Moderate: Raw command channel`,
    ),
  );
  assert.ok(html.indexOf('Look at these first') < html.indexOf('<div class="alert'));
});
