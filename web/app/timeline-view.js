// Draws the report's timeline (report.timeline, laid out by js/timeline-layout.js): when the phone
// contacted each host the report leads with, one strip of marks per host. Built with DOM calls
// only: host names are text nodes and attribute values, never markup. Each strip can take the
// keyboard focus and reads as one image with a summary; the tables after it hold every mark.
import { el, svgEl } from './dom.js';
import { timelineLayout } from '../js/timeline-layout.js';

function strip(layout, s) {
  return el(
    'div',
    { class: 'tl-host', dataset: { host: s.host } },
    el(
      'p',
      { class: 'tl-name' },
      el('strong', {}, s.host),
      el(
        'span',
        { class: 'muted' },
        ` ${s.connections} connection${s.connections === 1 ? '' : 's'}`,
        s.shown < s.connections ? `, ${s.shown} of them drawn` : '',
      ),
    ),
    svgEl(
      'svg',
      {
        class: 'tl-strip',
        role: 'img',
        tabindex: '0',
        'aria-label': s.summary,
        viewBox: `0 0 ${layout.width} ${layout.stripHeight}`,
        preserveAspectRatio: 'none',
      },
      layout.ticks.map((t) =>
        svgEl('line', {
          class: 'tl-grid',
          x1: t.x,
          x2: t.x,
          y1: 0,
          y2: layout.stripHeight,
          'vector-effect': 'non-scaling-stroke',
        }),
      ),
      s.marks.map((m) =>
        svgEl('rect', { class: `tl-mark tl-${m.kind}`, x: m.x, y: m.y, width: m.width, height: m.height }),
      ),
    ),
  );
}

// The time axis below the strips. Its positions are percentages of the width, so that its text
// keeps its size however wide the strips are drawn.
function axis(layout) {
  const pct = (x) => `${(x / layout.width) * 100}%`;
  return svgEl(
    'svg',
    { class: 'tl-axis', 'aria-hidden': 'true', width: '100%', height: layout.axisHeight },
    layout.ticks.map((t) =>
      svgEl(
        'g',
        {},
        svgEl('line', { class: 'tl-tick', x1: pct(t.x), x2: pct(t.x), y1: 0, y2: 6 }),
        svgEl('text', { x: pct(t.x), y: 19, 'text-anchor': t.anchor }, t.label),
        t.date
          ? svgEl('text', { class: 'tl-date', x: pct(t.x), y: 33, 'text-anchor': t.anchor }, t.date)
          : null,
      ),
    ),
  );
}

function table(s) {
  return el(
    'table',
    { class: 'tl-table', dataset: { host: s.host } },
    el(
      'caption',
      {},
      `${s.host}: ${s.shown < s.connections ? `${s.shown} of ${s.connections}` : s.shown} connections`,
    ),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ['Time (UTC)', 'Duration', 'Sent by the phone', 'Received'].map((t) => el('th', { scope: 'col' }, t)),
      ),
    ),
    el(
      'tbody',
      {},
      s.rows.map((r) =>
        el(
          'tr',
          {},
          [r.time, r.duration, r.sent, r.received].map((v) => el('td', {}, v)),
        ),
      ),
    ),
  );
}

function legend() {
  const key = (kind, words) =>
    el(
      'span',
      { class: 'tl-key' },
      svgEl(
        'svg',
        { width: 12, height: 12, 'aria-hidden': 'true' },
        svgEl('rect', { class: `tl-mark tl-${kind}`, width: 12, height: 12 }),
      ),
      ` ${words}`,
    );
  return el(
    'p',
    { class: 'tl-legend' },
    key('exchange', 'a connection'),
    key('upload', 'the phone sent much more than it received'),
  );
}

// The section, or nothing when the report has no timeline (an engine without it) or no host in it.
export function timelineSection(report) {
  const layout = timelineLayout(report.timeline);
  if (!layout) return [];
  return el(
    'section',
    { 'aria-labelledby': 'timeline-title', id: 'timeline' },
    el('h3', { id: 'timeline-title' }, 'When the phone contacted these hosts'),
    el(
      'p',
      {},
      `Each mark is one connection, placed by the time it started, from ${layout.from} to ${layout.to}. `,
      'Taller marks carried more data; wider ones lasted longer. Marks evenly spaced mean the phone ',
      'contacts the host on a schedule: apps that sync or receive notifications do, and so does ',
      'tracking software checking in.',
    ),
    legend(),
    el(
      'div',
      { class: 'tl-strips' },
      layout.strips.map((s) => strip(layout, s)),
      axis(layout),
      el('p', { class: 'muted tl-utc' }, 'Times are UTC.'),
    ),
    el(
      'details',
      { class: 'tl-tables' },
      el('summary', {}, 'The same connections as tables'),
      layout.strips.map((s) => table(s)),
    ),
  );
}
