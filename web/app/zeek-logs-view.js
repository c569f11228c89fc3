// "Save as Zeek logs": after a check in which some inputs were packet captures, the page reads
// those files again through the engine (zeekLogs: the core's CaptureLogs in the engine worker)
// and offers each log it wrote as a download. Everything from the captures is set as text.
import { zeekLogs } from '../js/index.js';
import { el, clear } from './dom.js';

// The checked files ({ name, file }) that were packet captures: those the report's inputs say
// the engine read as one (log_type "capture", gzip-compressed ones included).
export function captureFilesOf(files, report) {
  const captures = new Set((report?.inputs ?? []).filter((i) => i.log_type === 'capture').map((i) => i.name));
  return files.filter((f) => captures.has(f.name));
}

let urls = [];
function forgetDownloads() {
  for (const url of urls) URL.revokeObjectURL(url);
  urls = [];
}

// Fills `container` with the offer (format choice and button) for these captures, or empties it
// when there are none.
export function renderZeekLogsOffer(container, captures) {
  forgetDownloads();
  clear(container);
  container.hidden = captures.length === 0;
  if (!captures.length) return;
  const format = el(
    'select',
    { id: 'zeek-logs-format', name: 'zeek-logs-format' },
    el('option', { value: 'tsv' }, "TSV (Zeek's default, with its header)"),
    el('option', { value: 'json' }, 'JSON (one record a line)'),
  );
  const result = el('div', { id: 'zeek-logs-result', 'aria-live': 'polite' });
  const button = el('button', { type: 'button', id: 'save-zeek-logs' }, 'Save as Zeek logs');
  button.addEventListener('click', async () => {
    button.disabled = true;
    forgetDownloads();
    clear(result).append(el('p', { role: 'status' }, 'Writing the logs…'));
    try {
      const messages = [];
      const { logs } = await zeekLogs(captures, {
        format: format.value,
        onMessage: (line) => messages.push(line),
      });
      clear(result);
      if (!logs.length) result.append(el('p', {}, 'The captures gave no connection to write.'));
      else
        result.append(
          el('p', {}, 'The logs, to save one by one:'),
          el(
            'ul',
            { class: 'zeek-logs' },
            logs.map((log) => {
              const url = URL.createObjectURL(new Blob([log.bytes], { type: 'text/plain' }));
              urls.push(url);
              const rows = `${log.rows} record${log.rows === 1 ? '' : 's'}`;
              return el('li', {}, el('a', { href: url, download: log.name }, log.name), ` (${rows})`);
            }),
          ),
        );
      if (messages.length)
        result.append(
          el(
            'details',
            {},
            el('summary', {}, 'What was read'),
            el(
              'ul',
              {},
              messages.map((m) => el('li', {}, m)),
            ),
          ),
        );
      document.body.dataset.zeekLogs = String(logs.length);
    } catch (e) {
      clear(result).append(
        el('p', { class: 'error', role: 'alert' }, `The logs could not be written: ${e.message}`),
      );
    } finally {
      button.disabled = false;
    }
  });
  container.append(
    el('h3', {}, 'Zeek logs of the captures'),
    el(
      'p',
      {},
      `${captures.length === 1 ? 'One file was a packet capture' : `${captures.length} files were packet captures`}. `,
      'zeekscope can write the conn, dns, ssl, x509 and http logs Zeek would make of ',
      captures.length === 1 ? 'it' : 'them',
      ', to go on with Zeek tools. They are made in this page, like the check.',
    ),
    el('p', {}, el('label', { for: 'zeek-logs-format' }, 'Format '), format, ' ', button),
    result,
  );
}
