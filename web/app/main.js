// The page: choose logs, optional indicators and settings, watch progress, read the result.
import { analyze, exportReport, warmUp } from '../js/index.js';
import { defaultWorkerCount } from '../js/worker-count.js';
import { renderReportHtml } from '../js/html-report.js';
import { DOH_PRESETS } from '../js/doh-presets.js';
import { el, append, clear, download, formatBytes } from './dom.js';
import { applyNetworkPolicy, configFrom, loadSettings, saveSettings } from './settings.js';
import {
  BUILT_IN,
  BUNDLED,
  OLD_AFTER_DAYS,
  PUBLIC_FEEDS,
  ageInDays,
  fetchText,
  forgetStoredFeeds,
  licenceOf,
  loadBundledFeeds,
  loadStoredFeeds,
  storeFeeds,
  stixFeedName,
  stixUrlsFromMvtList,
} from './feeds.js';
import { filesFromDrop, filesFromInput, sampleFiles } from './inputs.js';
import { renderReport } from './report-view.js';
import { captureFilesOf, renderZeekLogsOffer } from './zeek-logs-view.js';

const $ = (id) => document.getElementById(id);
const settings = loadSettings();
applyNetworkPolicy(settings); // before anything could connect anywhere

// Indicator sources for the next analysis: built-in sets, files, and the public lists: those
// downloaded (now or kept from an earlier visit) or else those bundled into this build.
const userFeeds = []; // { name, bytes, format }
// The engine's format for indicator files the user picks: recognised by content, else domains.
const USER_FEED_FORMAT = 'auto-or-domains';
let downloadedFeeds = loadStoredFeeds(); // { name, text, licence, date }
let bundledFeeds = []; // { name, bytes, licence, fetched }: read from this page's own origin
let builtIns = [];
let running = null;
let lastReport = null;
let lastFiles = []; // the checked files, for the case file's SHA-256 of each

async function loadBuiltIns() {
  builtIns = [];
  for (const b of BUILT_IN) {
    const response = await fetch(b.path);
    if (response.ok)
      builtIns.push({ name: b.name, bytes: new Uint8Array(await response.arrayBuffer()), demo: !!b.demo });
  }
  renderIndicatorList();
}

// The lists bundled into this build (npm run build -- --feeds DIR), from the page's own origin:
// used by default, needing no network. Lists the user downloads are used instead.
async function loadBundled() {
  if (!BUNDLED.length) return;
  const { got, failed } = await loadBundledFeeds();
  bundledFeeds = got;
  if (failed.length)
    $('lists-box').append(
      el(
        'p',
        { class: 'error', role: 'alert' },
        `Some bundled lists could not be read: ${failed.join('; ')}`,
      ),
    );
  renderIndicatorList();
}

const usingBundled = () => !downloadedFeeds.length && bundledFeeds.length > 0;

// The lists in use besides the built-in sets, each with the date it was downloaded or written.
function listsInUse() {
  return [
    ...downloadedFeeds.map((f) => ({ kind: 'downloaded', date: f.date })),
    ...(usingBundled() ? bundledFeeds.map((f) => ({ kind: 'bundled', date: f.fetched })) : []),
    ...userFeeds.map((f) => ({ kind: 'file', date: f.date })),
  ];
}

// The box at the top: which lists a check uses now, their date, whether they are old, and the
// action that gets the public lists (the confirmed download, openFeedsDialog).
function renderListsStatus() {
  const status = clear($('lists-status'));
  const lists = listsInUse();
  const button = $('get-lists');
  if (!lists.length) {
    status.append(
      el('strong', {}, 'No indicator list is loaded. '),
      'Without one, the check looks only at how the phone behaves and cannot recognise known ',
      'stalkerware. Get the public lists first: you see the exact addresses before anything is downloaded.',
    );
    button.hidden = false;
    document.body.dataset.lists = 'none';
    return;
  }
  const labels = {
    downloaded: 'Public indicator lists downloaded',
    bundled: 'Indicator lists bundled with this page, downloaded',
    file: 'Your indicator files, dated',
  };
  let old = false;
  const lines = [];
  for (const kind of ['bundled', 'downloaded', 'file']) {
    const dates = lists.filter((l) => l.kind === kind && Number.isFinite(l.date)).map((l) => l.date);
    if (!lists.some((l) => l.kind === kind)) continue;
    if (!dates.length) {
      lines.push(el('span', {}, `${labels[kind]}: date unknown.`));
      continue;
    }
    const oldest = Math.min(...dates);
    const days = ageInDays(oldest);
    const isOld = days > OLD_AFTER_DAYS;
    old ||= isOld && kind !== 'file';
    lines.push(
      el(
        'span',
        { class: 'lists-date', dataset: { kind, date: day(oldest), days: String(days) } },
        `${labels[kind]} ${day(oldest)} (${days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`}).`,
        isOld
          ? el(
              'strong',
              { class: 'old' },
              ` Old: more than ${OLD_AFTER_DAYS} days. Newer lists know more stalkerware; get them again.`,
            )
          : '',
      ),
    );
  }
  append(
    status,
    lines.flatMap((line, i) => (i ? [el('br'), line] : [line])),
  );
  button.hidden = !old;
  document.body.dataset.lists = old ? 'old' : 'current';
}

function renderIndicatorList() {
  renderListsStatus();
  const list = clear($('indicator-list'));
  const items = [
    ...builtIns.map((b) => [b.name, 'built in']),
    ...(usingBundled() ? bundledFeeds.map((f) => [f.name, 'bundled with this page']) : []),
    ...downloadedFeeds.map((f) => [f.name, 'downloaded']),
    ...userFeeds.map((f) => [f.name, 'your file']),
  ];
  const dates = sourceDates();
  list.append(
    el(
      'ul',
      {},
      items.map(([name, kind]) =>
        el(
          'li',
          {},
          `${name} (${kind}) `,
          el(
            'span',
            { class: 'muted' },
            `licence: ${licenceOf(name)}${dates[name] ? `; ${dates[name]}` : ''}`,
          ),
        ),
      ),
    ),
  );
  const real = downloadedFeeds.length + (usingBundled() ? bundledFeeds.length : 0) + userFeeds.length;
  $('indicator-summary').textContent = real
    ? `${real} loaded besides the built-in sets`
    : 'built-in sets only';
  if (!real) {
    list.append(
      el(
        'p',
        { class: 'notice' },
        "Only zeekscope's demo indicators are loaded: they match the sample, not real ",
        'threats. For a real check, get the public indicator lists or load indicator files. The behaviour checks run either way.',
      ),
    );
  }
  if (downloadedFeeds.length) {
    list.append(
      el(
        'p',
        {},
        el(
          'button',
          {
            type: 'button',
            onclick: () => {
              forgetStoredFeeds();
              downloadedFeeds = [];
              renderIndicatorList();
            },
          },
          'Forget the downloaded feeds',
        ),
      ),
    );
  }
}

const day = (ms) => new Date(ms).toISOString().slice(0, 10);

function sourceDates() {
  const dates = {};
  for (const f of downloadedFeeds) if (f.date) dates[f.name] = `Downloaded ${day(f.date)}`;
  if (usingBundled())
    for (const f of bundledFeeds)
      if (Number.isFinite(f.fetched)) dates[f.name] = `Bundled with this page, downloaded ${day(f.fetched)}`;
  for (const f of userFeeds) dates[f.name] = `File dated ${day(f.date)}`;
  return dates;
}

// Each source with its licence and date, which the report (and the case file) shows.
function indicatorSources() {
  const enc = new TextEncoder();
  const known = (ms) => (Number.isFinite(ms) ? day(ms) : '');
  const about = (name, ms) => ({ name, licence: licenceOf(name), date: known(ms) });
  return [
    ...builtIns.map((b) => ({ ...about(b.name), bytes: b.bytes, demo: b.demo })),
    ...(usingBundled() ? bundledFeeds.map((f) => ({ ...about(f.name, f.fetched), bytes: f.bytes })) : []),
    ...downloadedFeeds.map((f) => ({ ...about(f.name, f.date), bytes: enc.encode(f.text) })),
    ...userFeeds.map((f) => ({ ...about(f.name, f.date), bytes: f.bytes, format: f.format })),
  ];
}

function show(section) {
  for (const id of ['progress', 'report']) $(id).hidden = id !== section;
}

// How many workers read the files (js/worker-count.js). "?workers=1" or "?workers=2" in the
// page's address overrides the choice (the browser tests use it to take the two-worker path on
// a 2-core machine).
function workerCount() {
  const asked = new URLSearchParams(location.search).get('workers');
  if (asked === '1' || asked === '2') return Number(asked);
  return defaultWorkerCount(navigator.hardwareConcurrency);
}

function prefixed(prefix, object) {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [prefix + k, v]));
}

async function run(files) {
  if (running) return;
  if (!files.length) return;
  const controller = new AbortController();
  running = controller;
  show('progress');
  const list = clear($('file-progress'));
  const rows = files.map((f) => {
    const bar = el('progress', { max: f.file.size || 1, value: 0, 'aria-label': `Progress of ${f.name}` });
    list.append(el('li', {}, el('span', {}, f.name), bar));
    return bar;
  });
  $('cancel').focus();
  const workers = workerCount();
  document.body.dataset.workers = String(workers);
  const started = performance.now();
  document.body.dataset.startedAt = String(started);
  try {
    const report = await analyze(
      files.map((f) => ({ name: f.name, file: f.file })),
      {
        config: configFrom($('settings')),
        indicators: indicatorSources(),
        resolver: settings.resolver,
        workers,
        signal: controller.signal,
        onStats: ({ timings, wasmHeapBytes, startup, stages }) => {
          // For the benchmark harness, which reads them from the page.
          document.body.dataset.engineSeconds = String(timings.logs + timings.rules + timings.report);
          document.body.dataset.wasmHeapBytes = String(wasmHeapBytes);
          document.body.dataset.stages = JSON.stringify({ ...stages, ...prefixed('engine load ', startup) });
        },
        onProgress: (p) => {
          rows[p.fileIndex].value = p.fileBytes;
          $('overall').max = p.totalBytes || 1;
          $('overall').value = p.bytes;
          const seconds = (performance.now() - started) / 1000;
          $('overall-text').textContent =
            `${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)}, ` +
            `file ${p.fileIndex + 1} of ${p.fileCount}, ${formatBytes(p.bytes / Math.max(seconds, 0.001))}/s`;
        },
      },
    );
    lastReport = report;
    lastFiles = files;
    document.body.dataset.elapsedSeconds = String((performance.now() - started) / 1000);
    renderReport($('report-body'), report, sourceDates(), { onGetLists: openFeedsDialog });
    renderZeekLogsOffer($('zeek-logs'), captureFilesOf(files, report));
    show('report');
    document.body.dataset.verdictSeconds = String((performance.now() - started) / 1000);
    document.body.dataset.state = 'report';
    $('report-title').focus();
  } catch (e) {
    show(null);
    const cancelled = e.name === 'AbortError';
    $('intro').append(
      el(
        'p',
        { class: 'error', role: 'alert' },
        cancelled ? 'The check was cancelled.' : `The check failed: ${e.message}`,
      ),
    );
    document.body.dataset.state = cancelled ? 'cancelled' : 'error';
  } finally {
    running = null;
  }
}

function wireInputs() {
  const zone = $('dropzone');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', async (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    run(await filesFromDrop(e.dataTransfer));
  });
  for (const id of ['pick-folder', 'pick-files']) {
    $(id).addEventListener('change', (e) => run(filesFromInput(e.target)));
  }
  $('sample').addEventListener('click', async () => run(await sampleFiles()));
  $('cancel').addEventListener('click', () => running?.abort());
  $('pick-iocs').addEventListener('change', async (e) => {
    for (const file of e.target.files) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      // The engine tells the format by content, as the CLIs do; a file in no format it knows is
      // read as a plain list of domains (a hosts-style list with # comments included).
      userFeeds.push({ name: file.name, bytes, format: USER_FEED_FORMAT, date: file.lastModified });
    }
    renderIndicatorList();
  });
}

function wireSettings() {
  const form = $('settings');
  for (const [name, preset] of Object.entries(DOH_PRESETS))
    form.elements.resolver.append(el('option', { value: name }, `${preset.label} DNS over HTTPS`));
  form.elements.resolver.value = settings.resolver;
  for (const key of ['profile', 'max_ports', 'http_default_port', 'max_alerts', 'device'])
    if (settings[key] !== undefined) form.elements[key].value = settings[key];
  form.addEventListener('change', (e) => {
    for (const key of ['profile', 'max_ports', 'http_default_port', 'max_alerts', 'device'])
      settings[key] = form.elements[key].value;
    if (e.target.name === 'resolver') {
      const choice = form.elements.resolver.value;
      if (
        choice !== 'off' &&
        !confirm(
          'Nameserver lookups send the domain names found in the logs to the chosen resolver. ' +
            'The page reloads to allow this connection (choose the logs again afterwards). Continue?',
        )
      ) {
        form.elements.resolver.value = settings.resolver;
        return;
      }
      settings.resolver = choice;
      saveSettings(settings);
      location.reload();
      return;
    }
    saveSettings(settings);
  });
  form.addEventListener('submit', (e) => e.preventDefault());
}

// The confirmed download of the public lists: the dialog names every address first.
function openFeedsDialog() {
  const urls = clear($('feeds-urls'));
  for (const f of PUBLIC_FEEDS)
    urls.append(
      el('li', {}, f.url, f.list ? ' (and, after a second confirmation, the STIX2 files it lists)' : ''),
    );
  $('feeds-dialog').showModal();
}

function wireFeeds() {
  const dialog = $('feeds-dialog');
  $('update-feeds').addEventListener('click', openFeedsDialog);
  $('get-lists').addEventListener('click', openFeedsDialog);
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'confirm') return;
    settings.feedsPending = { keep: $('feeds-keep').checked };
    saveSettings(settings);
    location.reload(); // the new policy allows raw.githubusercontent.com for this load only
  });
}

async function fetchPendingFeeds() {
  const pending = settings.feedsPending;
  delete settings.feedsPending;
  saveSettings(settings); // the next load is closed to the feed host again
  const got = [];
  const status = el('p', { role: 'status' }, 'Downloading the public feeds…');
  $('indicator-list').prepend(status);
  $('indicators-panel').open = true;
  try {
    for (const f of PUBLIC_FEEDS) {
      const text = await fetchText(f.url);
      if (!f.list) {
        got.push({ name: f.name, text, licence: f.licence, date: Date.now() });
        continue;
      }
      const stix = stixUrlsFromMvtList(text);
      if (
        stix.length &&
        confirm(`The MVT list names ${stix.length} STIX2 files:\n\n${stix.join('\n')}\n\nDownload them too?`)
      ) {
        for (const url of stix) {
          got.push({
            name: stixFeedName(url),
            text: await fetchText(url),
            licence: f.licence,
            date: Date.now(),
          });
        }
      }
    }
    downloadedFeeds = got;
    if (pending.keep) storeFeeds(got);
    status.textContent = `Downloaded ${got.length} feeds.`;
  } catch (e) {
    status.textContent = `The download failed: ${e.message}`;
  }
  renderIndicatorList();
}

// What is saved or printed leaves the person's hands: with "Hide this phone's own details"
// ticked, every export (and the printed page) is redacted first, by the engine
// (core/report/redact.h). One export at a time; a new check cancels one still running.
const EXPORT_BUTTONS = ['export-case', 'export-json', 'export-html', 'print'];
let exporting = null;

async function reportToSave({ caseFile = false } = {}) {
  const redact = $('export-redact').checked;
  if (!redact && !caseFile) return { report: lastReport };
  const files = caseFile ? lastFiles.map((f) => ({ name: f.name, file: f.file })) : [];
  const out = await exportReport(JSON.stringify(lastReport), {
    redact,
    caseFile,
    files,
    signal: exporting.signal,
  });
  return { html: out.html, report: JSON.parse(out.json) };
}

// Runs one export: the buttons wait, the status says what happens and what went wrong.
async function exportWith(busyText, doneText, work) {
  if (exporting) return;
  exporting = new AbortController();
  const status = $('export-status');
  status.textContent = busyText;
  for (const id of EXPORT_BUTTONS) $(id).disabled = true;
  try {
    await work();
    status.textContent = doneText;
  } catch (e) {
    status.textContent = e.name === 'AbortError' ? '' : `Saving failed: ${e.message}`;
  } finally {
    exporting = null;
    for (const id of EXPORT_BUTTONS) $(id).disabled = false;
  }
}

const hiding = () => ($('export-redact').checked ? 'Hiding the details…' : '');

function wireExport() {
  $('export-json').addEventListener('click', () =>
    exportWith(hiding(), '', async () => {
      const { report } = await reportToSave();
      download('zeekscope-report.json', 'application/json', `${JSON.stringify(report, null, 2)}\n`);
    }),
  );
  $('export-html').addEventListener('click', () =>
    exportWith(hiding(), '', async () => {
      const { report } = await reportToSave();
      download('zeekscope-report.html', 'text/html', renderReportHtml(report));
    }),
  );
  $('export-case').addEventListener('click', () =>
    exportWith(
      'Preparing the case file…',
      'The case file was saved (an HTML page and its JSON).',
      async () => {
        const { report, html } = await reportToSave({ caseFile: true });
        download('zeekscope-case.html', 'text/html', html);
        download('zeekscope-case.json', 'application/json', `${JSON.stringify(report, null, 2)}\n`);
      },
    ),
  );
  // Printing a redacted report: the redacted one is shown for the print, then the check's again.
  $('print').addEventListener('click', () =>
    exportWith(hiding(), '', async () => {
      const { report } = await reportToSave();
      if (report === lastReport) return window.print();
      const body = $('report-body');
      renderReport(body, report, sourceDates(), { onGetLists: openFeedsDialog });
      try {
        window.print();
      } finally {
        renderReport(body, lastReport, sourceDates(), { onGetLists: openFeedsDialog });
      }
    }),
  );
  $('again').addEventListener('click', () => {
    exporting?.abort();
    show(null);
    renderZeekLogsOffer($('zeek-logs'), []);
    delete document.body.dataset.state;
    $('pick-folder').value = '';
    $('pick-files').value = '';
    $('sample').focus();
  });
}

wireInputs();
wireSettings();
wireFeeds();
wireExport();
// The engine's worker and wasm (the page's own files) load now, not when the first check starts.
warmUp();
await loadBuiltIns();
await loadBundled();
if (settings.feedsPending) await fetchPendingFeeds();
document.body.dataset.readyAt = String(performance.now()); // for the benchmark harness
document.body.dataset.ready = 'true';
