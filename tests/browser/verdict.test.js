// The page asks the engine: indicator files the user picks are read by the engine's
// "auto-or-domains" format (a commented plain list loads as domains), and the verdict box and the
// HTML export show the engine's own words (summary.headline and summary.advice), as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../js/index.js';
import { renderReportHtml, escapeHtml } from '../../js/html-report.js';
import { needBrowser, openBrowser } from './harness.js';

const skip = needBrowser();
let env;
before(async () => {
  if (!skip) env = await openBrowser();
});
after(async () => env?.close());

const DNS_LOG =
  '#separator \\x09\n#path\tdns\n#fields\tts\tid.orig_h\tquery\tqtype_name\tanswers\n' +
  '1.0\t10.0.0.2\tevil.example\tA\t203.0.113.9\n';

test('a plain domain list that starts with a # comment loads as domains on the page', { skip }, async () => {
  const { page, errors } = await env.page();
  await page.setInputFiles('#pick-iocs', {
    name: 'my-list.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('# my list\nevil.example\n'),
  });
  await page.setInputFiles('#pick-files', [
    { name: 'dns.log', mimeType: 'text/plain', buffer: Buffer.from(DNS_LOG) },
  ]);
  await page.waitForSelector('body[data-state="report"]');
  const source = await page.$$eval('#sources li', (items) =>
    items.map((li) => li.textContent).find((t) => t.startsWith('my-list.txt')),
  );
  assert.ok(source, 'my-list.txt is listed among the sources');
  assert.match(source, /: 1 loaded/);
  assert.doesNotMatch(source, /skipped/);
  const alerts = await page.$$eval('li.alert', (items) => items.map((li) => li.textContent));
  assert.ok(
    alerts.some((a) => a.includes('evil.example')),
    `an alert names evil.example: ${alerts.join('; ')}`,
  );
  assert.deepEqual(errors, []);
  await page.context().close();
});

// A report from the engine; while the engine does not yet write summary.headline and
// summary.advice, the test adds them (with markup that must stay text).
async function reportWithWords() {
  const report = await analyze([{ name: 'dns.log', stream: new Blob([DNS_LOG]).stream() }], {
    indicators: [{ name: 'feed', text: 'evil.example\n', format: 'text:domain/stalkerware' }],
  });
  const fromEngine = typeof report.summary.headline === 'string' && Array.isArray(report.summary.advice);
  if (!fromEngine) {
    report.summary.headline = 'Fixture headline: <b>a known stalkerware indicator</b> matched & more';
    report.summary.advice = [
      'First paragraph: plan your safety before removing anything.',
      'Second paragraph with <img src=x onerror="window.__pwned=1"> in it, "quoted".',
    ];
  }
  return { report, fromEngine };
}

test(
  "the HTML export and the page show the engine's headline and every advice paragraph",
  { skip },
  async (t) => {
    const { report, fromEngine } = await reportWithWords();
    t.diagnostic(
      fromEngine ? 'words written by the engine' : 'engine has no summary.headline yet: fixture words',
    );
    const { headline, advice } = report.summary;
    assert.ok(advice.length > 0);

    const html = renderReportHtml(report);
    for (const words of [headline, ...advice]) assert.ok(html.includes(escapeHtml(words)), words);
    assert.match(html, new RegExp(`class="verdict ${report.summary.verdict}"`));

    const { page, errors } = await env.page();
    await page.evaluate(async (r) => {
      const { renderReport } = await import('/app/report-view.js');
      renderReport(document.getElementById('report-body'), r);
      document.getElementById('report').hidden = false;
    }, report);
    const box = await page.$('#report-body .verdict');
    assert.ok(box, 'the verdict box is shown');
    assert.equal(await box.getAttribute('class'), `verdict v-${report.summary.verdict}`);
    assert.equal(await page.textContent('#report-body .verdict h3'), headline);
    const paragraphs = await page.$$eval('#report-body .verdict p.advice', (ps) =>
      ps.map((p) => p.textContent),
    );
    assert.deepEqual(paragraphs, advice);
    // Only text: no element was made from the words.
    assert.equal(await page.$$eval('#report-body .verdict b, #report-body .verdict img', (n) => n.length), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(errors, []);
    await page.context().close();
  },
);
