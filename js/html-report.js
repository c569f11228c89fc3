// A self-contained HTML rendering of a report: one file, no script, opens offline. Every value
// from the logs or feeds goes through escapeHtml: log content is hostile.
import { appList, appText } from './app-text.js';
import { timelineLayout } from './timeline-layout.js';

export function escapeHtml(value) {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) =>
      ({
        '&': '&amp;',
        '<': '&lt;',
        '>': '&gt;',
        '"': '&quot;',
        "'": '&#39;',
      })[c],
  );
}

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
.verdict{padding:1rem;border-radius:.5rem}.verdict p{margin:.25rem 0}.verdict .headline{font-weight:600}
.high{background:#fde2e1;border-left:6px solid #b3261e}.moderate{background:#fff1d6;border-left:6px solid #8a5a00}
.low{background:#e8f0fe;border-left:6px solid #1a56b8}.clean{background:#e6f4ea;border-left:6px solid #1e6b34}
.unchecked{background:#efedf5;border-left:6px dashed #4f4470}
.alert{margin:.75rem 0;padding:.75rem;border-radius:.4rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eee;word-break:break-word}
code{font-size:.85rem}.muted{color:#555}
.tl-name{margin:.5rem 0 0;word-break:break-word}.tl-strip{display:block;width:100%;height:2.75rem;background:#f4f6fa;border-bottom:1px solid #4a4a4a}
.tl-grid{stroke:#d5d9e0}.tl-exchange{fill:#0b57d0}.tl-upload{fill:#b3261e}.tl-tick{stroke:#4a4a4a}
.tl-axis{display:block;overflow:visible}.tl-axis text{font-size:12px}.tl-date{fill:#555}
@media print{body{max-width:none}.alert,.tl-strip{break-inside:avoid}}`;

// The verdict's words are the engine's (summary.headline, summary.advice): only its class is
// chosen here, from the known verdicts. 'unchecked': nothing alerted, but no indicator list was
// used; an unknown verdict gets its style too, never the all-clear one.
const VERDICTS = ['high', 'moderate', 'low', 'clean', 'unchecked'];

function verdictHtml(s) {
  const cls = ` ${VERDICTS.includes(s.verdict) ? s.verdict : 'unchecked'}`;
  return (
    `<div class="verdict${cls}"><p class="headline">${escapeHtml(s.headline ?? s.verdict)}</p>` +
    (s.advice ?? []).map((paragraph) => `<p class="advice">${escapeHtml(paragraph)}</p>`).join('') +
    (s.notes ?? []).map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('') +
    '</div>'
  );
}

function list(items) {
  return (items ?? []).map(escapeHtml).join(', ');
}

// The timeline as inline SVG, from the same layout as the page's: the numbers are the layout's
// (finite, rounded), the host names escaped; then the same connections as tables.
function timelineHtml(report) {
  const layout = timelineLayout(report.timeline);
  if (!layout) return '';
  const pct = (x) => `${(x / layout.width) * 100}%`;
  const grid = layout.ticks
    .map(
      (t) =>
        `<line class="tl-grid" x1="${t.x}" x2="${t.x}" y1="0" y2="${layout.stripHeight}" vector-effect="non-scaling-stroke"/>`,
    )
    .join('');
  const out = [
    '<h2>When the phone contacted these hosts</h2>',
    `<p>Each mark is one connection, placed by the time it started, from ${escapeHtml(layout.from)} to ${escapeHtml(layout.to)}. `,
    'Taller marks carried more data; wider ones lasted longer; red ones sent much more than they received. ',
    'Marks evenly spaced mean the phone contacts the host on a schedule: apps that sync or receive ',
    'notifications do, and so does tracking software checking in.</p>',
  ];
  for (const s of layout.strips) {
    const drawn = s.shown < s.connections ? `, ${s.shown} of them drawn` : '';
    out.push(
      `<p class="tl-name"><strong>${escapeHtml(s.host)}</strong> <span class="muted">${escapeHtml(s.connections)} connection${s.connections === 1 ? '' : 's'}${escapeHtml(drawn)}</span></p>`,
      `<svg class="tl-strip" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(s.summary)}" `,
      `viewBox="0 0 ${layout.width} ${layout.stripHeight}" preserveAspectRatio="none">${grid}`,
      ...s.marks.map(
        (m) => `<rect class="tl-${m.kind}" x="${m.x}" y="${m.y}" width="${m.width}" height="${m.height}"/>`,
      ),
      '</svg>',
    );
  }
  out.push(
    `<svg class="tl-axis" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" width="100%" height="${layout.axisHeight}">`,
    ...layout.ticks.map(
      (t) =>
        `<line class="tl-tick" x1="${pct(t.x)}" x2="${pct(t.x)}" y1="0" y2="6"/>` +
        `<text x="${pct(t.x)}" y="19" text-anchor="${t.anchor}">${escapeHtml(t.label)}</text>` +
        (t.date
          ? `<text class="tl-date" x="${pct(t.x)}" y="33" text-anchor="${t.anchor}">${escapeHtml(t.date)}</text>`
          : ''),
    ),
    '</svg><p class="muted">Times are UTC.</p><details><summary>The same connections as tables</summary>',
  );
  for (const s of layout.strips) {
    const count = s.shown < s.connections ? `${s.shown} of ${s.connections}` : s.shown;
    out.push(
      `<table class="tl-table"><caption>${escapeHtml(s.host)}: ${escapeHtml(count)} connections</caption>`,
      '<tr><th>Time (UTC)</th><th>Duration</th><th>Sent by the phone</th><th>Received</th></tr>',
      ...s.rows.map(
        (r) =>
          `<tr><td>${escapeHtml(r.time)}</td><td>${escapeHtml(r.duration)}</td><td>${escapeHtml(r.sent)}</td><td>${escapeHtml(r.received)}</td></tr>`,
      ),
      '</table>',
    );
  }
  out.push('</details>');
  return out.join('');
}

// PCAPdroid captures: each app with its alerts and connections.
function appsHtml(report) {
  const apps = report.apps ?? [];
  if (!apps.length) return '';
  const rows = apps.map(
    (app) =>
      `<tr><td>${escapeHtml(appText(app))}</td><td>${escapeHtml(app.connections)}</td>` +
      `<td>${list(app.alerts.map((a) => `${a.id} (${a.level}) on ${a.host}`))}</td>` +
      `<td>${list(app.hosts.slice(0, 12).map((h) => h.host))}${app.hosts.length > 12 ? ', …' : ''}</td></tr>`,
  );
  return `<h2>Apps</h2><table><tr><th>App</th><th>Connections</th><th>Alerts</th><th>Hosts</th></tr>${rows.join('')}</table>`;
}

export function renderReportHtml(report) {
  const s = report.summary;
  const out = [];
  out.push(
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>zeekscope report</title><style>${STYLE}</style></head><body>`,
    `<h1>zeekscope report</h1><p class="muted">zeekscope ${escapeHtml(report.tool.version)}, profile ${escapeHtml(report.profile)}</p>`,
    verdictHtml(s),
  );
  // The hosts the report leads with, in the engine's order (by score).
  const lead = (report.hosts ?? []).filter((h) => (h.score ?? 0) > 0).slice(0, 5);
  if (lead.length) {
    out.push('<h2>Look at these first</h2><ol>');
    for (const h of lead)
      out.push(
        `<li><strong>${escapeHtml(h.host)}</strong> (score ${escapeHtml(h.score)}): ${escapeHtml(h.reason)}</li>`,
      );
    out.push('</ol>');
  }
  for (const level of ['High', 'Moderate', 'Low']) {
    const alerts = report.alerts.filter((a) => a.level === level);
    if (!alerts.length) continue;
    out.push(`<h2>${level} (${alerts.length})</h2>`);
    for (const a of alerts) {
      const ev = a.evidence;
      const inds = ev.indicators.map(
        (i) =>
          `${escapeHtml(i.value)} (${escapeHtml(i.type)}, ${escapeHtml(i.tag)}${i.app ? `, ${escapeHtml(i.app)}` : ''}) from ${escapeHtml(i.source)}`,
      );
      out.push(
        `<div class="alert ${level.toLowerCase()}"><strong>${escapeHtml(a.id)}: ${escapeHtml(a.title)}</strong>`,
        `<p>${escapeHtml(a.description)}</p><table>`,
        inds.length ? `<tr><th>Indicators</th><td>${inds.join('<br>')}</td></tr>` : '',
        a.apps?.length ? `<tr><th>Apps</th><td>${escapeHtml(appList(a.apps))}</td></tr>` : '',
        ev.ips.length ? `<tr><th>Addresses</th><td>${list(ev.ips)}</td></tr>` : '',
        ev.ports.length ? `<tr><th>Ports</th><td>${list(ev.ports)}</td></tr>` : '',
        ev.names.length ? `<tr><th>Names</th><td>${list(ev.names)}</td></tr>` : '',
        '</table></div>',
      );
    }
  }
  out.push(appsHtml(report));
  out.push(timelineHtml(report));
  out.push(
    '<h2>Destinations</h2><table><tr><th>Host</th><th>Address</th><th>Proto/port</th><th>Services</th><th>Connections</th><th>Class</th></tr>',
  );
  for (const bucket of ['suspect', 'uncategorized', 'whitelisted', 'inbound']) {
    for (const d of report.destinations[bucket] ?? []) {
      out.push(
        `<tr><td>${escapeHtml(d.host)}</td><td>${escapeHtml(d.ip)}</td><td>${escapeHtml(d.proto)}/${escapeHtml(d.port)}</td>` +
          `<td>${list(d.services)}</td><td>${escapeHtml(d.connections)}</td><td>${bucket}</td></tr>`,
      );
    }
  }
  out.push(
    '</table><h2>What was read</h2><table><tr><th>File</th><th>Type</th><th>Records</th><th>Skipped</th></tr>',
  );
  for (const i of report.inputs) {
    const why = i.skipped.length
      ? ` (${escapeHtml(i.skipped[0].line ? `line ${i.skipped[0].line}: ` : '')}${escapeHtml(i.skipped[0].reason)})`
      : '';
    out.push(
      `<tr><td>${escapeHtml(i.name)}</td><td>${escapeHtml(i.log_type || '-')}</td><td>${escapeHtml(i.records)}</td>` +
        `<td>${escapeHtml(i.skipped_lines)}${why}</td></tr>`,
    );
  }
  out.push('</table>');
  if (report.limits_reached?.length) {
    out.push(
      '<h2>Limits reached</h2><p>Part of the input was left out; what was read before is in this report.</p><ul>',
    );
    for (const l of report.limits_reached)
      out.push(
        `<li>${escapeHtml(l.limit)} (${escapeHtml(l.value)}): ${escapeHtml(l.skipped)} ${escapeHtml(l.what)}</li>`,
      );
    out.push('</ul>');
  }
  out.push('<h2>Checks not run</h2><ul>');
  for (const c of report.coverage.filter((x) => !x.evaluated))
    out.push(`<li><strong>${escapeHtml(c.rule)}</strong>: ${escapeHtml(c.reason)}</li>`);
  out.push('</ul><h2>Indicator sources</h2><ul>');
  for (const src of report.indicators)
    out.push(
      `<li>${escapeHtml(src.name)}: ${escapeHtml(src.total)} ${escapeHtml(src.role)} (${escapeHtml(src.format)}), ${escapeHtml(src.skipped)} skipped` +
        (src.date ? `; ${escapeHtml(src.date)}` : '') +
        (src.licence ? `; licence: ${escapeHtml(src.licence)}` : '') +
        '</li>',
    );
  out.push('</ul></body></html>\n');
  return out.join('');
}
