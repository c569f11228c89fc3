// The timeline's layout (js/timeline-layout.js): marks placed by time across the capture, sized
// by duration and bytes, uploads told apart, UTC ticks, the spoken summary and the table rows;
// and whatever numbers a capture holds, a layout or null, never an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  timelineLayout,
  durationText,
  bytesText,
  isoSeconds,
  WIDTH,
  STRIP_HEIGHT,
} from '../../js/timeline-layout.js';

const T0 = 1600000000; // 2020-09-13T12:26:40Z

// A host contacted every `every` seconds, `count` times, each connection as `point` says.
function beacon(host, count, every, point = () => [1.5, 512, 2048]) {
  const points = [];
  for (let i = 0; i < count; i++) points.push([T0 + i * every, ...point(i)]);
  return { host, connections: count, shown: count, points };
}

function timeline(...hosts) {
  const points = hosts.flatMap((h) => h.points);
  return {
    first_ts: Math.min(...points.map((p) => p[0])),
    last_ts: Math.max(...points.map((p) => p[0] + p[1])),
    hosts,
  };
}

test("a regular beacon's marks are evenly spaced across the capture", () => {
  const layout = timelineLayout(timeline(beacon('beacon.example.net', 144, 300)));
  const [strip] = layout.strips;
  assert.equal(strip.host, 'beacon.example.net');
  assert.equal(strip.marks.length, 144);
  assert.equal(strip.marks[0].x, 0);
  assert.ok(strip.marks.at(-1).x <= WIDTH && strip.marks.at(-1).x > WIDTH - 3);
  const gaps = strip.marks.slice(1).map((m, i) => m.x - strip.marks[i].x);
  const expected = (300 / (143 * 300 + 1.5)) * (WIDTH - 2);
  for (const g of gaps) assert.ok(Math.abs(g - expected) < 0.02, `gap ${g}, expected ${expected}`);
  // Same bytes, same height; every mark stands on the strip's bottom.
  assert.equal(new Set(strip.marks.map((m) => m.height)).size, 1);
  for (const m of strip.marks) assert.equal(Math.round((m.y + m.height) * 100) / 100, STRIP_HEIGHT);
  assert.match(strip.summary, /^beacon\.example\.net: 144 connections, first 2020-09-13 12:26:40 UTC/);
  assert.match(strip.summary, /median interval 5 min/);
});

test('an upload is taller than a beacon and classed as an upload', () => {
  const host = beacon('drop.example', 3, 600, (i) => (i === 1 ? [20, 50_000_000, 3000] : [1, 512, 2048]));
  const [strip] = timelineLayout(timeline(host)).strips;
  const [small, upload] = strip.marks;
  assert.equal(upload.kind, 'upload');
  assert.equal(small.kind, 'exchange');
  assert.ok(upload.height > small.height * 1.8, `${upload.height} vs ${small.height}`);
  assert.ok(upload.height <= STRIP_HEIGHT);
  assert.match(strip.summary, /1 sent much more than received/);
  // A lone probe that got no answer is not an upload.
  const probe = beacon('probe.example', 2, 60, () => [0, 60, 0]);
  assert.deepEqual(
    timelineLayout(timeline(probe)).strips[0].marks.map((m) => m.kind),
    ['exchange', 'exchange'],
  );
});

test('a long connection is wider than a short one, and a short one is still visible', () => {
  const host = beacon('long.example', 2, 3600, (i) => (i === 0 ? [1800, 100, 100] : [0, 100, 100]));
  const [long, short] = timelineLayout(timeline(host)).strips[0].marks;
  assert.ok(Math.abs(long.width - (1800 / 3600) * (WIDTH - 2)) < 0.01, `${long.width}`);
  assert.equal(short.width, 2);
  assert.ok(short.x + short.width <= WIDTH, 'the last mark stays inside the strip');
});

test('a span of zero does not divide by zero: one point in the middle, one tick', () => {
  const layout = timelineLayout({
    first_ts: T0,
    last_ts: T0,
    hosts: [{ host: 'once.example', connections: 1, shown: 1, points: [[T0, 0, 10, 10]] }],
  });
  const [mark] = layout.strips[0].marks;
  for (const v of Object.values(mark)) if (typeof v === 'number') assert.ok(Number.isFinite(v), `${v}`);
  assert.equal(mark.x, WIDTH / 2);
  assert.equal(layout.ticks.length, 1);
  assert.equal(layout.ticks[0].date, '2020-09-13');
  assert.equal(layout.strips[0].summary, 'once.example: 1 connection, at 2020-09-13 12:26:40 UTC');
  assert.equal(layout.strips[0].rows[0].duration, 'unknown');
});

test('ticks are round UTC times, labelled, with the date where it changes', () => {
  const layout = timelineLayout(timeline(beacon('b.example', 144, 300)));
  assert.ok(layout.ticks.length >= 3 && layout.ticks.length <= 8, `${layout.ticks.length} ticks`);
  const step = layout.ticks[1].ts - layout.ticks[0].ts;
  assert.equal(step, 7200, 'every 2 hours over 12 hours');
  for (const t of layout.ticks) {
    assert.equal(t.ts % step, 0);
    assert.match(t.label, /^\d\d:\d\d$/);
    assert.ok(t.x >= 0 && t.x <= WIDTH);
  }
  assert.equal(layout.ticks[0].label, '14:00');
  assert.equal(layout.ticks[0].date, '2020-09-13');
  const midnight = layout.ticks.find((t) => t.label === '00:00');
  assert.equal(midnight.date, '2020-09-14');
  assert.equal(layout.ticks.filter((t) => t.date).length, 2);
  assert.equal(layout.from, '2020-09-13 12:26:40 UTC');
  // Over weeks, the ticks are dates.
  const weeks = timelineLayout(timeline(beacon('w.example', 30, 86400)));
  for (const t of weeks.ticks) assert.match(t.label, /^\d{4}-\d\d-\d\d$/);
});

test("the table rows hold each point's host, ISO time, duration, sent and received", () => {
  const layout = timelineLayout(timeline(beacon('b.example', 3, 300)));
  assert.deepEqual(layout.strips[0].rows[1], {
    host: 'b.example',
    time: '2020-09-13T12:31:40Z',
    duration: '1.5 s',
    sent: '512 B',
    received: '2.0 KB',
  });
});

test('a sample of a busier host says so, and gives the average interval instead', () => {
  const host = beacon('busy.example', 10, 600);
  host.connections = 1000;
  const [strip] = timelineLayout(timeline(host)).strips;
  assert.equal(strip.connections, 1000);
  assert.equal(strip.shown, 10);
  assert.doesNotMatch(strip.summary, /median/);
  assert.match(strip.summary, /1000 connections, .*on average one every 5.4 s, 10 drawn/);
});

test('points out of order are drawn in time order', () => {
  const host = beacon('b.example', 3, 300);
  host.points.reverse();
  const [strip] = timelineLayout(timeline(host)).strips;
  assert.deepEqual(
    strip.rows.map((r) => r.time),
    ['2020-09-13T12:26:40Z', '2020-09-13T12:31:40Z', '2020-09-13T12:36:40Z'],
  );
  assert.ok(strip.marks[0].x < strip.marks[1].x && strip.marks[1].x < strip.marks[2].x);
});

test('no timeline, or one without hosts, has no layout', () => {
  for (const t of [undefined, null, 0, 'x', {}, { hosts: null }, { hosts: [] }, { hosts: [null, 7] }])
    assert.equal(timelineLayout(t), null, JSON.stringify(t));
});

test('hostile numbers are clamped, never thrown on, never NaN', () => {
  const layout = timelineLayout({
    first_ts: NaN,
    last_ts: 'soon',
    hosts: [
      {
        host: '<img src=x onerror=alert(1)>',
        connections: -5,
        shown: 'many',
        points: [
          [1e300, 1e300, 1e300, -1],
          [-1e9, -3, NaN, Infinity],
          [NaN, 1, 1, 1],
          'not a point',
          null,
          [T0, 5, 100, 100],
        ],
      },
      { host: 42, connections: 1e30, points: null },
      { connections: 3, points: [[T0]] },
    ],
  });
  assert.ok(layout);
  assert.equal(layout.strips.length, 3);
  const [hostile, numeric, nameless] = layout.strips;
  assert.equal(hostile.host, '<img src=x onerror=alert(1)>', 'the name is kept as text, for the renderers');
  assert.equal(hostile.marks.length, 3, 'points with no time are left out');
  assert.equal(hostile.connections, 3);
  assert.equal(numeric.host, '42');
  assert.equal(numeric.marks.length, 0);
  assert.equal(nameless.host, '');
  const numbers = [
    layout.first,
    layout.last,
    ...layout.ticks.map((t) => t.x),
    ...layout.strips.flatMap((s) => s.marks.flatMap((m) => [m.x, m.y, m.width, m.height])),
  ];
  for (const n of numbers) assert.ok(Number.isFinite(n), `${n} is finite`);
  for (const s of layout.strips)
    for (const m of s.marks) {
      assert.ok(m.x >= 0 && m.x + m.width <= WIDTH + 0.01, JSON.stringify(m));
      assert.ok(m.y >= 0 && m.height <= STRIP_HEIGHT, JSON.stringify(m));
    }
  assert.ok(layout.ticks.length >= 1 && layout.ticks.length <= 8);
  for (const s of layout.strips)
    for (const r of s.rows) for (const v of Object.values(r)) assert.equal(typeof v, 'string');
});

test('the text helpers', () => {
  assert.equal(durationText(0.44), '0.4 s');
  assert.equal(durationText(298), '4 min 58 s');
  assert.equal(durationText(300), '5 min');
  assert.equal(durationText(7500), '2 h 5 min');
  assert.equal(durationText(90000), '1 d 1 h');
  assert.equal(durationText(NaN), '0 s');
  assert.equal(bytesText(2048), '2.0 KB');
  assert.equal(bytesText(-1), '0 B');
  assert.equal(bytesText(Infinity), '0 B');
  assert.equal(isoSeconds(T0 + 0.9), '2020-09-13T12:26:40Z');
  assert.equal(isoSeconds(1e300), isoSeconds(8.64e12));
});
