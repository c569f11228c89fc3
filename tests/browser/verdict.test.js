// The page asks the engine: indicator files the user picks are read by the engine's
// "auto-or-domains" format (a commented plain list loads as domains).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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
