// A self-contained HTML rendering of a report: one file, no script, opens offline. Every value
// from the logs or feeds goes through escapeHtml: log content is hostile.
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
@media print{body{max-width:none}.alert{break-inside:avoid}}`;

// The verdict's words are the engine's (summary.headline, summary.advice): only its class is
// chosen here, from the known verdicts. 'unchecked': nothing alerted, but no indicator list was
// used; an unknown verdict gets its style too, never the all-clear one.
const VERDICTS = ['high', 'moderate', 'low', 'clean', 'unchecked'];

function verdictHtml(s) {
  const cls = ` ${VERDICTS.includes(s.verdict) ? s.verdict : 'unchecked'}`;
  return (
    `<div class="verdict${cls}"><p class="headline">${escapeHtml(s.headline ?? s.verdict)}</p>` +
    (s.advice ?? []).map((paragraph) => `<p class="advice">${escapeHtml(paragraph)}</p>`).join('') +
    '</div>'
  );
}

function list(items) {
  return (items ?? []).map(escapeHtml).join(', ');
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
        ev.ips.length ? `<tr><th>Addresses</th><td>${list(ev.ips)}</td></tr>` : '',
        ev.ports.length ? `<tr><th>Ports</th><td>${list(ev.ports)}</td></tr>` : '',
        ev.names.length ? `<tr><th>Names</th><td>${list(ev.names)}</td></tr>` : '',
        '</table></div>',
      );
    }
  }
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
      `<li>${escapeHtml(src.name)}: ${escapeHtml(src.total)} ${escapeHtml(src.role)} (${escapeHtml(src.format)}), ${escapeHtml(src.skipped)} skipped</li>`,
    );
  out.push('</ul></body></html>\n');
  return out.join('');
}
