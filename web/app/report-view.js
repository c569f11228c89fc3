// Renders a report (RULES.md section 8) as DOM. All values go in as text.
import { el, clear, formatBytes } from './dom.js';
import { licenceOf } from './feeds.js';
import { timelineSection } from './timeline-view.js';
import { appsSection } from './apps-view.js';
import { appList } from '../js/app-text.js';

const LEVELS = ['High', 'Moderate', 'Low'];

// 'unchecked': nothing alerted, but no indicator list was used (summary.indicators_checked).
const VERDICTS = ['high', 'moderate', 'low', 'clean', 'unchecked'];

// The verdict in the engine's words (summary.headline, summary.advice: the counts, the safety
// advice, what the check cannot see), as text; the page chooses only its colour (the class). A
// verdict made without an indicator list offers the lists beside it (onGetLists). An unknown
// verdict is never shown in the all-clear colour.
function verdict(report, onGetLists) {
  const s = report.summary;
  const level = VERDICTS.includes(s.verdict) ? s.verdict : 'unchecked';
  const box = el(
    'div',
    { class: `verdict v-${level}`, role: 'status' },
    el('h3', {}, s.headline ?? s.verdict),
    (s.advice ?? []).map((paragraph) => el('p', { class: 'advice' }, paragraph)),
    (s.notes ?? []).map((note) => el('p', { class: 'note' }, note)),
  );
  if (s.indicators_checked === false && onGetLists)
    box.append(
      el(
        'p',
        { class: 'get-lists' },
        el(
          'button',
          { type: 'button', id: 'verdict-get-lists', onclick: onGetLists },
          'Get the public indicator lists',
        ),
      ),
    );
  return box;
}

function evidenceList(a) {
  const ev = a.evidence;
  const dl = el('dl', { class: 'evidence' });
  const row = (term, value) => {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length))
      return;
    dl.append(el('dt', {}, term), el('dd', {}, Array.isArray(value) ? value.join(', ') : value));
  };
  for (const i of ev.indicators) {
    row('Indicator', `${i.value} (${i.type})`);
    row('Listed as', [i.tag, i.app].filter(Boolean).join(', '));
    row('Source', [i.source, ...i.also_in.map((x) => x.source)].join('; '));
  }
  row('Apps', appList(a.apps));
  row('Addresses', ev.ips);
  row('Ports', ev.ports.map(String));
  row('Names', ev.names);
  for (const [k, v] of Object.entries(ev.details)) row(k.replace(/_/g, ' '), v);
  row('Zeek uids', ev.uids);
  return dl;
}

function alertsSection(report) {
  const section = el(
    'section',
    { 'aria-labelledby': 'alerts-title' },
    el('h3', { id: 'alerts-title' }, 'Alerts'),
  );
  if (!report.alerts.length) section.append(el('p', {}, 'No alert.'));
  for (const level of LEVELS) {
    const alerts = report.alerts.filter((a) => a.level === level);
    if (!alerts.length) continue;
    section.append(el('h4', {}, `${level} (${alerts.length})`));
    const list = el('ul', { class: 'alerts', role: 'list' });
    for (const a of alerts) {
      list.append(
        el(
          'li',
          { class: `alert ${a.level}`, dataset: { id: a.id, level: a.level, host: a.host } },
          el('h4', {}, el('span', { class: `badge ${a.level}` }, a.level), `${a.id}: ${a.title}`),
          el('p', {}, a.description),
          evidenceList(a),
        ),
      );
    }
    section.append(list);
  }
  return section;
}

const PAGE_ROWS = 200; // a day of traffic has tens of thousands of destinations: show them in pages

// A table whose columns sort on click (keyboard: the header buttons) and whose rows filter.
function sortableTable(id, caption, columns, rows) {
  let sortKey = null;
  let ascending = true;
  let filter = '';
  let limit = PAGE_ROWS;
  const tbody = el('tbody');
  const more = el('button', {
    type: 'button',
    class: 'more',
    hidden: true,
    onclick: () => {
      limit += PAGE_ROWS * 5;
      render();
    },
  });
  const render = () => {
    clear(tbody);
    let shown = rows.filter(
      (r) => !filter || columns.some((c) => String(c.value(r)).toLowerCase().includes(filter)),
    );
    if (sortKey !== null) {
      const col = columns[sortKey];
      shown = [...shown].sort((a, b) => {
        const x = col.sort ? col.sort(a) : col.value(a);
        const y = col.sort ? col.sort(b) : col.value(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
    }
    for (const r of shown.slice(0, limit))
      tbody.append(
        el(
          'tr',
          {},
          columns.map((c) => el('td', {}, c.value(r))),
        ),
      );
    if (!shown.length)
      tbody.append(
        el(
          'tr',
          {},
          el('td', { colspan: columns.length }, rows.length ? 'No row matches the filter.' : 'None.'),
        ),
      );
    more.hidden = shown.length <= limit;
    more.textContent = `Show more (${shown.length - Math.min(limit, shown.length)} not shown)`;
  };
  const heads = columns.map((c, i) => {
    const th = el('th', { scope: 'col', 'aria-sort': 'none' });
    th.append(
      el(
        'button',
        {
          type: 'button',
          onclick: () => {
            ascending = sortKey === i ? !ascending : true;
            sortKey = i;
            for (const h of heads) h.setAttribute('aria-sort', 'none');
            th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
            render();
          },
        },
        c.title,
      ),
    );
    return th;
  });
  const input = el('input', {
    id: `${id}-filter`,
    type: 'search',
    autocomplete: 'off',
    oninput: (e) => {
      filter = e.target.value.trim().toLowerCase();
      limit = PAGE_ROWS;
      render();
    },
  });
  render();
  return el(
    'div',
    { class: 'table-block' },
    el(
      'div',
      { class: 'filter' },
      el('label', { for: `${id}-filter` }, `Filter ${caption.toLowerCase()}: `),
      input,
    ),
    el(
      'div',
      { class: 'table-wrap' },
      el(
        'table',
        { id },
        el('caption', { class: 'visually-hidden' }, caption),
        el('thead', {}, el('tr', {}, heads)),
        tbody,
      ),
    ),
    more,
  );
}

// The hosts the report leads with (ordered by the engine's score): those with alerts, up to five.
export function leadHosts(report, count = 5) {
  return report.hosts.filter((h) => (h.score ?? 0) > 0).slice(0, count);
}

function lookFirstSection(report) {
  const hosts = leadHosts(report);
  if (!hosts.length) return [];
  return el(
    'section',
    { 'aria-labelledby': 'first-title', id: 'look-first' },
    el('h3', { id: 'first-title' }, 'Look at these first'),
    el(
      'ol',
      {},
      hosts.map((h) =>
        el(
          'li',
          {},
          el('strong', {}, h.host),
          ` (score ${h.score}): ${h.reason}`,
          h.apps?.length ? el('span', { class: 'app-names' }, ` by ${appList(h.apps)}`) : '',
          h.ips.length > 0 && !h.ips.includes(h.host)
            ? el('span', { class: 'muted' }, ` ${h.ips.join(', ')}`)
            : '',
        ),
      ),
    ),
  );
}

function hostsSection(report) {
  return el(
    'section',
    { 'aria-labelledby': 'hosts-title' },
    el('h3', { id: 'hosts-title' }, 'Hosts'),
    sortableTable(
      'hosts-table',
      'Hosts',
      [
        { title: 'Host', value: (h) => h.host },
        { title: 'Score', value: (h) => String(h.score ?? ''), sort: (h) => h.score ?? 0 },
        { title: 'Why', value: (h) => h.reason ?? '' },
        { title: 'Addresses', value: (h) => h.ips.join(', ') },
        { title: 'Names', value: (h) => h.names.join(', ') },
        { title: 'Alerts', value: (h) => h.alerts.map((a) => `${a.id} (${a.level})`).join(', ') },
        { title: 'Connections', value: (h) => String(h.connections), sort: (h) => h.connections },
        ...(report.apps?.length ? [{ title: 'Apps', value: (h) => appList(h.apps) }] : []),
      ],
      report.hosts,
    ),
  );
}

function destinationsSection(report) {
  const section = el(
    'section',
    { 'aria-labelledby': 'dest-title' },
    el('h3', { id: 'dest-title' }, 'Destinations'),
  );
  const labels = {
    suspect: 'Suspect (with an alert)',
    uncategorized: 'Uncategorized',
    whitelisted: 'Whitelisted',
    inbound: 'Inbound (came in to the phone, which sent nothing back)',
  };
  for (const bucket of ['suspect', 'uncategorized', 'whitelisted', 'inbound']) {
    const rows = report.destinations[bucket];
    if (!rows) continue;
    section.append(
      el('h4', {}, `${labels[bucket]} (${rows.length})`),
      sortableTable(
        `dest-${bucket}`,
        `${labels[bucket]} destinations`,
        [
          { title: 'Host', value: (d) => d.host },
          { title: 'Address', value: (d) => d.ip },
          { title: 'Port', value: (d) => `${d.proto}/${d.port}`, sort: (d) => d.port },
          { title: 'Services', value: (d) => d.services.join(', ') },
          { title: 'Connections', value: (d) => String(d.connections), sort: (d) => d.connections },
          { title: 'Sent', value: (d) => formatBytes(d.orig_bytes), sort: (d) => d.orig_bytes },
          { title: 'Received', value: (d) => formatBytes(d.resp_bytes), sort: (d) => d.resp_bytes },
          { title: 'Alerts', value: (d) => d.alerts.join(', ') },
        ],
        rows,
      ),
    );
  }
  return section;
}

// A packet capture says what its packets gave; a log, its type.
function inputKind(i) {
  if (i.capture)
    return `packet capture: ${i.capture.packets} packets (${i.capture.link_types.join(', ') || 'no link type'})`;
  return i.log_type || (i.skipped_file ? 'not a Zeek log' : '');
}

function skippedCount(i) {
  if (!i.capture) return `${i.skipped_lines} lines`;
  return `${i.capture.packets_skipped} packets, ${i.skipped_lines} records`;
}

function inputsSection(report) {
  const skipped = report.coverage.filter((c) => !c.evaluated);
  return el(
    'section',
    { 'aria-labelledby': 'inputs-title' },
    el('h3', { id: 'inputs-title' }, 'What was read and checked'),
    sortableTable(
      'inputs-table',
      'Files',
      [
        { title: 'File', value: (i) => i.name },
        { title: 'Log', value: inputKind },
        { title: 'Format', value: (i) => [i.format, i.schema_era].filter(Boolean).join(', ') },
        { title: 'Records', value: (i) => String(i.records), sort: (i) => i.records },
        {
          title: 'Skipped',
          value: (i) =>
            i.skipped.length
              ? `${i.skipped_file ? 'whole file' : skippedCount(i)}: ${i.skipped[0].line ? `line ${i.skipped[0].line}, ` : ''}${i.skipped[0].reason}`
              : '',
        },
      ],
      report.inputs,
    ),
    el('h4', {}, 'Checks that could not run'),
    skipped.length
      ? el(
          'ul',
          { id: 'coverage' },
          skipped.map((c) => el('li', {}, el('strong', {}, c.rule), `: ${c.reason}`)),
        )
      : el('p', {}, 'Every check ran.'),
  );
}

function sourcesSection(report, sourceDates) {
  return el(
    'section',
    { 'aria-labelledby': 'sources-title' },
    el('h3', { id: 'sources-title' }, 'Indicator sources'),
    el(
      'ul',
      { id: 'sources' },
      report.indicators.map((s) =>
        el(
          'li',
          {},
          el('strong', {}, s.name),
          ` (${s.role}, ${s.format}): ${s.total} loaded`,
          s.skipped
            ? `, ${s.skipped} skipped (${s.first_skipped[0]?.where}: ${s.first_skipped[0]?.reason})`
            : '',
          el('br'),
          el(
            'span',
            { class: 'muted' },
            `Licence: ${licenceOf(s.name)}`,
            sourceDates[s.name] ? `. ${sourceDates[s.name]}` : '',
          ),
        ),
      ),
    ),
  );
}

// `sourceDates`: what the page knows of each source's date ("Downloaded 2026-11-28", ...).
// `onGetLists`: starts the confirmed download of the public lists (offered when none was used).
export function renderReport(container, report, sourceDates = {}, { onGetLists } = {}) {
  clear(container);
  const sample = report.inputs.length > 0 && report.inputs.every((i) => i.name.startsWith('sample/'));
  if (sample) {
    container.append(
      el(
        'p',
        { class: 'notice', role: 'note' },
        el('strong', {}, 'This is the synthetic sample capture, '),
        'made by zeekscope with planted findings that match its demo indicators. It is not a real phone.',
      ),
    );
  }
  const limits = report.limits_reached ?? [];
  if (limits.length) {
    container.append(
      el(
        'div',
        { class: 'notice', role: 'note', id: 'limits-reached' },
        el('strong', {}, 'Part of the input was left out: a size limit was reached. '),
        'What was read before it is in this report; a clean result may be incomplete.',
        el(
          'ul',
          {},
          limits.map((l) => el('li', {}, `${l.limit} (${l.value}): ${l.skipped} ${l.what}`)),
        ),
      ),
    );
  }
  container.append(
    verdict(report, onGetLists),
    lookFirstSection(report),
    alertsSection(report),
    appsSection(report),
    timelineSection(report),
    hostsSection(report),
    destinationsSection(report),
    inputsSection(report),
    sourcesSection(report, sourceDates),
    el(
      'p',
      { class: 'muted' },
      `zeekscope ${report.tool.version} (${report.tool.engine}), profile ${report.profile}.`,
    ),
  );
}
