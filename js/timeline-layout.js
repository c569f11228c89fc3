// The report's timeline (report.timeline) as a drawable layout, shared by the page and the HTML
// export so both draw the same picture: per host a strip of marks (one per connection, placed by
// its start time across the capture), the time axis, a summary to read aloud, and the rows of the
// table that stands in for the picture. Pure: no DOM. The numbers come from a capture, so every
// one is checked and clamped; a layout is always returned or null, never an exception.

export const WIDTH = 1000; // x runs 0..WIDTH across the capture's span
export const STRIP_HEIGHT = 40; // a mark's height runs up to this, from the strip's bottom
export const AXIS_HEIGHT = 36; // the axis: tick marks, times, and dates below them
const MIN_MARK_WIDTH = 2; // a short connection must still show
const PLOT = WIDTH - MIN_MARK_WIDTH; // where marks may start
const MIN_MARK_HEIGHT = 4; // and one that carried no byte
const FULL_BYTES = 1e8; // a connection of 100 MB or more is drawn at the full height
const UPLOAD_RATIO = 4; // an upload sent at least this many times what it received...
const UPLOAD_MIN_BYTES = 1000; // ...and at least this much (a lone probe is not an upload)
const MAX_TS = 8.64e12; // the largest time a Date can hold, in seconds
const MAX_BYTES = 1e15;
const MAX_TICKS = 8;

// Tick steps in seconds, each dividing the next day or week boundary, so UTC ticks fall on round
// times.
const STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
];

function finite(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const timeOf = (v) => (finite(v) === null ? null : clamp(v, 0, MAX_TS));
const bytesOf = (v) => clamp(finite(v) ?? 0, 0, MAX_BYTES);
const countOf = (v) => Math.round(clamp(finite(v) ?? 0, 0, Number.MAX_SAFE_INTEGER));

// "2020-09-13 12:26:40 UTC": the time at a glance, to the second.
export function utcText(ts) {
  return `${isoSeconds(ts).replace('T', ' ').slice(0, 19)} UTC`;
}

// "2020-09-13T12:26:40Z": ISO 8601 in UTC, to the second (the table's times).
export function isoSeconds(ts) {
  return `${new Date(Math.floor(clamp(ts, 0, MAX_TS)) * 1000).toISOString().slice(0, 19)}Z`;
}

// "4 min 58 s", "2 h 5 min", "0.4 s": a duration or an interval as a person says it.
export function durationText(seconds) {
  const s = clamp(finite(seconds) ?? 0, 0, MAX_TS);
  if (s < 10) return `${Number(s.toFixed(1))} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const parts = (big, bigUnit, small, smallUnit) => {
    const b = Math.floor(s / big);
    const r = Math.floor((s - b * big) / small);
    return r ? `${b} ${bigUnit} ${r} ${smallUnit}` : `${b} ${bigUnit}`;
  };
  if (s < 3600) return parts(60, 'min', 1, 's');
  if (s < 86400) return parts(3600, 'h', 60, 'min');
  return parts(86400, 'd', 3600, 'h');
}

// "2.0 KB": bytes in powers of 1000, as the page's tables write them.
export function bytesText(n) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytesOf(n);
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
}

// The valid points of a host, sorted by time: { ts, duration, sent, received }.
function pointsOf(host) {
  const out = [];
  for (const p of Array.isArray(host?.points) ? host.points : []) {
    const ts = Array.isArray(p) ? timeOf(p[0]) : null;
    if (ts === null) continue; // a connection with no time cannot be placed
    out.push({
      ts,
      duration: clamp(finite(p[1]) ?? 0, 0, MAX_TS),
      sent: bytesOf(p[2]),
      received: bytesOf(p[3]),
    });
  }
  return out.sort((a, b) => a.ts - b.ts);
}

// The capture's span: the engine's first and last times, widened to hold every point (so a mark
// never falls outside its strip even if the two disagree).
function spanOf(timeline, hosts) {
  let first = timeOf(timeline.first_ts);
  let last = timeOf(timeline.last_ts);
  for (const h of hosts)
    for (const p of h.points) {
      const end = Math.min(MAX_TS, p.ts + p.duration);
      if (first === null || p.ts < first) first = p.ts;
      if (last === null || end > last) last = end;
    }
  if (first === null) first = last;
  if (last === null || last < first) last = first;
  return { first, last };
}

// Round UTC times across the span, at most MAX_TICKS; each labelled with its time of day, and with
// its date where the date changes (the first tick always says its date). A span of zero gets one
// tick in the middle.
function ticksOf(first, last, x) {
  if (first === null) return [];
  const span = last - first;
  if (span <= 0)
    return [
      { x: WIDTH / 2, ts: first, label: utcText(first).slice(11, 16), date: utcText(first).slice(0, 10) },
    ];
  let step = STEPS.find((s) => span / s <= MAX_TICKS - 1);
  if (step === undefined) step = Math.ceil(span / (MAX_TICKS - 1) / 86400) * 86400; // whole days
  const ticks = [];
  let day = '';
  for (let t = Math.ceil(first / step) * step; t <= last && ticks.length < MAX_TICKS; t += step) {
    const text = utcText(t);
    const date = text.slice(0, 10);
    const time = step < 60 ? text.slice(11, 19) : text.slice(11, 16);
    ticks.push({
      x: x(t),
      ts: t,
      label: step >= 86400 ? date : time,
      date: step < 86400 && date !== day ? date : '',
    });
    day = date;
  }
  // A span shorter than the smallest step may hold no round time: its start stands for it.
  if (!ticks.length)
    ticks.push({ x: 0, ts: first, label: utcText(first).slice(11, 19), date: utcText(first).slice(0, 10) });
  return ticks;
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

// The spoken summary of a strip: host, connections, first and last, and how regularly. The median
// interval is exact only when every connection is drawn; when the engine sent a sample, the
// average over the host's first and last is given instead.
function summaryOf(name, connections, points) {
  const words = [`${name}: ${connections} connection${connections === 1 ? '' : 's'}`];
  if (points.length) {
    const first = points[0].ts;
    const last = points[points.length - 1].ts;
    words.push(points.length > 1 ? `first ${utcText(first)}, last ${utcText(last)}` : `at ${utcText(first)}`);
    if (points.length > 1 && points.length >= connections)
      words.push(
        `median interval ${durationText(median(points.slice(1).map((p, i) => p.ts - points[i].ts)))}`,
      );
    else if (points.length > 1 && connections > 1)
      words.push(`on average one every ${durationText((last - first) / (connections - 1))}`);
    if (points.length < connections) words.push(`${points.length} drawn`);
    const uploads = points.filter(isUpload).length;
    if (uploads) words.push(`${uploads} sent much more than received`);
  }
  return words.join(', ');
}

function isUpload(p) {
  return p.sent >= UPLOAD_MIN_BYTES && p.sent >= UPLOAD_RATIO * p.received;
}

// A mark's height: the log of the bytes both ways, so one beacon of 2 KB and an upload of 50 MB
// both stay visible and the upload stands taller.
function heightOf(p) {
  const share = Math.min(1, Math.log10(1 + p.sent + p.received) / Math.log10(1 + FULL_BYTES));
  return MIN_MARK_HEIGHT + (STRIP_HEIGHT - MIN_MARK_HEIGHT) * share;
}

const round = (v) => Math.round(v * 100) / 100;

// The layout of `timeline` (report.timeline), or null when it has no host to draw.
//   { width, stripHeight, axisHeight, first, last, from, to,
//     ticks: [{ x, ts, label, date, anchor }],
//     strips: [{ host, connections, shown, summary, marks: [{ x, y, width, height, kind }],
//                rows: [{ host, time, duration, sent, received }] }] }
// Mark coordinates are within the strip (0..WIDTH by 0..STRIP_HEIGHT, y down); kind is 'upload'
// (the phone sent much more than it received) or 'exchange'. Rows are text, ready to show.
export function timelineLayout(timeline) {
  if (!timeline || typeof timeline !== 'object' || !Array.isArray(timeline.hosts)) return null;
  const hosts = timeline.hosts
    .filter((h) => h && typeof h === 'object')
    .map((h) => ({ name: String(h.host ?? ''), connections: countOf(h.connections), points: pointsOf(h) }));
  if (!hosts.length) return null;
  const { first, last } = spanOf(timeline, hosts);
  const span = first === null ? 0 : last - first;
  // Times map onto 0..PLOT, so that the last connection's mark, at least MIN_MARK_WIDTH wide,
  // still ends within the strip. With no span (one instant), every mark stands in the middle.
  const x = (ts) => (span > 0 ? clamp(((ts - first) / span) * PLOT, 0, PLOT) : WIDTH / 2);
  const strips = hosts.map((h) => {
    const connections = Math.max(h.connections, h.points.length);
    const marks = h.points.map((p) => {
      const width = Math.min(WIDTH, Math.max(MIN_MARK_WIDTH, span > 0 ? (p.duration / span) * PLOT : 0));
      const height = heightOf(p);
      return {
        x: round(Math.min(x(p.ts), WIDTH - width)),
        y: round(STRIP_HEIGHT - height),
        width: round(width),
        height: round(height),
        kind: isUpload(p) ? 'upload' : 'exchange',
      };
    });
    const rows = h.points.map((p) => ({
      host: h.name,
      time: isoSeconds(p.ts),
      duration: p.duration > 0 ? durationText(p.duration) : 'unknown',
      sent: bytesText(p.sent),
      received: bytesText(p.received),
    }));
    return {
      host: h.name,
      connections,
      shown: marks.length,
      summary: summaryOf(h.name, connections, h.points),
      marks,
      rows,
    };
  });
  return {
    width: WIDTH,
    stripHeight: STRIP_HEIGHT,
    axisHeight: AXIS_HEIGHT,
    first,
    last,
    from: first === null ? '' : utcText(first),
    to: last === null ? '' : utcText(last),
    // A label at either end is anchored inward, so that it is not cut off.
    ticks: ticksOf(first, last, x).map((t) => ({
      ...t,
      x: round(t.x),
      anchor: t.x < WIDTH * 0.06 ? 'start' : t.x > WIDTH * 0.94 ? 'end' : 'middle',
    })),
    strips,
  };
}
