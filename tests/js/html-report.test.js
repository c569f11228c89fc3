// The HTML export's timeline (js/html-report.js): inline SVG drawn from js/timeline-layout.js, a
// table of the same connections, host names escaped, and nothing at all without a timeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReportHtml } from '../../js/html-report.js';

const T0 = 1600000000;
const HOSTILE = 'x"><img src=x onerror=alert(1)><svg onload=alert(2)>.example';

function report(timeline) {
  return {
    tool: { version: 'x' },
    profile: 'default',
    summary: { verdict: 'moderate', headline: 'h', advice: [] },
    alerts: [],
    hosts: [],
    destinations: { suspect: [], uncategorized: [], whitelisted: [] },
    inputs: [],
    coverage: [],
    indicators: [],
    ...(timeline === undefined ? {} : { timeline }),
  };
}

const points = (count, every, bytes = [512, 2048]) =>
  Array.from({ length: count }, (_, i) => [T0 + i * every, 1.2, ...bytes]);

const TIMELINE = {
  first_ts: T0,
  last_ts: T0 + 143 * 300 + 1.2,
  hosts: [
    { host: HOSTILE, connections: 144, shown: 144, points: points(144, 300) },
    { host: 'drop.example', connections: 900, shown: 3, points: points(3, 9000, [50_000_000, 100]) },
  ],
};

test('the export draws the timeline as inline SVG, with its tables, and escapes host names', () => {
  const html = renderReportHtml(report(TIMELINE));
  assert.ok(html.includes('<h2>When the phone contacted these hosts</h2>'));
  const strips = html.match(/<svg class="tl-strip"[^>]*>/g);
  assert.equal(strips.length, 2);
  for (const s of strips) assert.match(s, /role="img" aria-label="[^"<>]+"/);
  assert.equal((html.match(/<rect class="tl-exchange"/g) ?? []).length, 144);
  assert.equal((html.match(/<rect class="tl-upload"/g) ?? []).length, 3);
  assert.match(html, /<svg class="tl-axis"[^>]*aria-hidden="true"/);
  assert.match(html, /<text x="[\d.]+%" y="19" text-anchor="(start|middle|end)">\d\d:\d\d<\/text>/);
  // Every coordinate is a number the code wrote.
  for (const [, v] of html.matchAll(/ (?:x|y|width|height|x1|x2)="([^"]*)"/g))
    assert.match(v, /^(\d+(\.\d+)?%?|100%)$/, v);

  // The tables: one per host, a row per drawn connection (and a header row).
  const tables = html.match(/<table class="tl-table">.*?<\/table>/g);
  assert.equal(tables.length, 2);
  assert.equal((tables[0].match(/<tr>/g) ?? []).length, 1 + 144);
  assert.equal((tables[1].match(/<tr>/g) ?? []).length, 1 + 3);
  assert.ok(tables[0].includes('<td>2020-09-13T12:31:40Z</td><td>1.2 s</td><td>512 B</td><td>2.0 KB</td>'));
  assert.ok(tables[1].includes('<caption>drop.example: 3 of 900 connections</caption>'));

  // The hostile name is text everywhere: in the name line, the aria-label and the caption.
  assert.ok(!html.includes('<img'), 'no img element');
  assert.ok(!html.includes('<svg onload'), 'no svg element from the name');
  assert.ok(!html.includes('onerror=alert(1)>'));
  const escaped = 'x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;svg onload=alert(2)&gt;.example';
  assert.ok(html.includes(`<strong>${escaped}</strong>`));
  assert.ok(html.includes(`aria-label="${escaped}: 144 connections, first 2020-09-13 12:26:40 UTC`));
  assert.ok(html.includes(`<caption>${escaped}: 144 connections</caption>`));
});

test('the timeline follows the alerts and comes before the destinations', () => {
  const html = renderReportHtml(report(TIMELINE));
  assert.ok(html.indexOf('When the phone contacted') < html.indexOf('<h2>Destinations</h2>'));
});

test('without a timeline, or with no host in it, the export has no timeline section', () => {
  for (const t of [undefined, null, { first_ts: null, last_ts: null, hosts: [] }]) {
    const html = renderReportHtml(report(t));
    assert.ok(!html.includes('When the phone contacted'), JSON.stringify(t));
    assert.ok(!html.includes('<svg'), JSON.stringify(t));
  }
});

test('hostile numbers in the timeline still make a well-formed export', () => {
  const html = renderReportHtml(
    report({
      first_ts: 'x',
      last_ts: -1,
      hosts: [
        { host: 'n.example', connections: NaN, points: [[NaN], [1e308, -1, 1e300, '9'], [T0, 0, 0, 0]] },
      ],
    }),
  );
  assert.ok(!/NaN|Infinity|undefined/.test(html.slice(html.indexOf('When the phone'))));
  assert.equal((html.match(/<rect /g) ?? []).length, 2);
});
