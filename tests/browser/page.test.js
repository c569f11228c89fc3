// The static page in headless Chromium: sample and real captures render what the engine says,
// no request leaves localhost without opt-in, hostile log content stays text, keyboard-only use
// works, and screenshots at phone and desktop widths are written to tests/artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze } from '../../js/index.js';
import { generateSample } from '../../scripts/lib/synthetic-capture.mjs';
import { ROOT, SHARED, needShared } from '../js/helpers.js';
import {
  ARTIFACTS,
  assertAlertsShown,
  fetchPastPolicy,
  needBrowser,
  openBrowser,
  shownAlertTexts,
} from './harness.js';

const skip = needBrowser();
let env;
before(async () => {
  if (!skip) env = await openBrowser();
});
after(async () => env?.close());

const DEMO = {
  name: 'zeekscope demo indicators (not real threats)',
  bytes: readFileSync(path.join(ROOT, 'iocs/builtin/demo-indicators.json')),
};

function onlyLocal(requests, origin) {
  return requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
}

test('the sample capture renders the same alerts and hosts as the engine', { skip }, async () => {
  const { page, requests, errors } = await env.page();
  await page.click('#sample');
  await page.waitForSelector('body[data-state="report"]');
  const sample = generateSample();
  const expected = await analyze(
    Object.entries(sample).map(([name, text]) => ({
      name: `sample/${name}`,
      stream: new Blob([text]).stream(),
    })),
    {
      indicators: [DEMO],
      config: { profile: 'default', max_ports: 1024, http_default_port: 80, max_alerts: 3, device: [] },
    },
  );
  await assertAlertsShown(page, expected);
  assert.ok(expected.alerts.some((a) => a.id === 'IOC-03' && a.level === 'High'));
  const hostRows = await page.$$eval('#hosts-table tbody tr', (rows) =>
    rows.map((r) => r.cells[0].textContent),
  );
  assert.deepEqual(
    hostRows,
    expected.hosts.map((h) => h.host),
  );
  // The verdict is in the engine's words (tests/browser/verdict.test.js checks them in full).
  const verdictText = await page.textContent('.verdict');
  for (const words of [expected.summary.headline, ...(expected.summary.advice ?? [])])
    if (words) assert.ok(verdictText.includes(words), words);
  assert.ok(await page.$('.verdict.v-high'));
  assert.deepEqual(onlyLocal(requests, env.origin), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test(
  "a real capture folder picked from shared data renders the engine's result",
  { skip: skip || needShared('zeek/stratosphere-slips/dataset/test10-mixed-zeek-dir') },
  async () => {
    const dir = path.join(SHARED, 'zeek/stratosphere-slips/dataset/test10-mixed-zeek-dir');
    const names = readdirSync(dir).sort();
    const { page, requests, errors } = await env.page();
    await page.setInputFiles(
      '#pick-files',
      names.map((n) => path.join(dir, n)),
    );
    await page.waitForSelector('body[data-state="report"]');
    const expected = await analyze(
      names.map((n) => ({ name: n, stream: new Blob([readFileSync(path.join(dir, n))]).stream() })),
      {
        indicators: [DEMO],
        config: { profile: 'default', max_ports: 1024, http_default_port: 80, max_alerts: 3, device: [] },
      },
    );
    assert.ok(expected.alerts.length > 5);
    await assertAlertsShown(page, expected);
    const files = await page.$$eval('#inputs-table tbody tr', (rows) => rows.length);
    assert.equal(files, names.length);
    assert.deepEqual(onlyLocal(requests, env.origin), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  },
);

test('no request leaves localhost, and the policy blocks any that would', { skip }, async () => {
  const { page, requests, errors } = await env.page();
  const csp = await page.$$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.map((x) => x.content));
  assert.ok(csp.includes("connect-src 'self'"), csp.join(' || '));
  // The address would answer (a route serves it): only the policy can stop the fetch.
  const url = 'https://cloudflare-dns.com/dns-query?name=example.com';
  const attempt = await fetchPastPolicy(page, url);
  assert.equal(attempt.fetched, false, 'the fetch failed');
  assert.equal(attempt.reached, 0, 'nothing reached the network');
  assert.deepEqual(
    attempt.violations,
    [{ blockedURI: url, directive: 'connect-src', disposition: 'enforce' }],
    'the Content-Security-Policy blocked it',
  );
  assert.ok(
    errors.some((e) => e.includes('Refused to connect') && e.includes('cloudflare-dns.com')),
    `Chromium says why in the console: ${errors.join(' | ')}`,
  );
  assert.deepEqual(onlyLocal(requests, env.origin), []);
  await page.context().close();
});

test(
  'hostile names, certificate subjects and file names render as text and run nothing',
  { skip },
  async () => {
    const payload = '<img src=x onerror="window.__pwned=1">';
    const script = '<script>window.__pwned=1</script>';
    const header = (p, fields) => `#separator \\x09\n#path\t${p}\n#fields\t${fields.join('\t')}\n`;
    const dns =
      header('dns', ['ts', 'query', 'qtype_name', 'answers']) +
      `1.0\t${payload}.spy.example\tA\t198.51.100.7\n2.0\t${script}.spy.example\tA\t-\n`;
    const conn =
      header('conn', ['ts', 'uid', 'id.orig_h', 'id.resp_h', 'id.resp_p', 'proto', 'service']) +
      '1.0\tC1\t10.0.0.2\t198.51.100.7\t8443\ttcp\tssl\n';
    const ssl =
      header('ssl', ['ts', 'uid', 'id.resp_h', 'id.resp_p', 'server_name', 'subject', 'issuer']) +
      `1.0\tC1\t198.51.100.7\t8443\t${payload}.sni.example\tCN=${script}\tCN=${script}\n`;
    const http =
      header('http', ['ts', 'uid', 'id.resp_h', 'id.resp_p', 'host', 'user_agent', 'method', 'uri']) +
      `1.0\tC1\t198.51.100.7\t8443\t${payload}.http.example\t${script}\tGET\t/${payload}\n`;
    const files =
      header('files', ['ts', 'fuid', 'tx_hosts', 'rx_hosts', 'mime_type', 'filename', 'sha1']) +
      `1.0\tF1\t198.51.100.7\t10.0.0.2\ttext/html\t${payload}.apk\t-\n`;
    const { page, errors } = await env.page();
    await page.setInputFiles('#pick-iocs', {
      name: 'feed.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('spy.example\n'),
    });
    await page.setInputFiles('#pick-files', [
      { name: 'dns.log', mimeType: 'text/plain', buffer: Buffer.from(dns) },
      { name: 'conn.log', mimeType: 'text/plain', buffer: Buffer.from(conn) },
      { name: 'ssl.log', mimeType: 'text/plain', buffer: Buffer.from(ssl) },
      { name: 'http.log', mimeType: 'text/plain', buffer: Buffer.from(http) },
      { name: 'files.log', mimeType: 'text/plain', buffer: Buffer.from(files) },
      { name: `${payload}.log`, mimeType: 'text/plain', buffer: Buffer.from(dns) },
    ]);
    await page.waitForSelector('body[data-state="report"]');
    const text = await page.textContent('#report-body');
    assert.ok(text.includes(`${payload}.spy.example`), 'the hostile query is shown as text');
    assert.ok(text.includes(`${script}.spy.example`));
    assert.ok(text.includes(`CN=${script}`), 'the certificate subject is shown as text');
    assert.ok(text.includes(`${payload}.log`), 'the file name is shown as text');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.$$eval('#report-body img, #report-body script', (n) => n.length), 0);
    assert.deepEqual(errors, []);
    // The exported HTML report escapes it too.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-html')]);
    const html = readFileSync(await download.path(), 'utf8');
    assert.ok(html.includes('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;.spy.example'));
    assert.ok(!html.includes('<img src=x') && !/<script/i.test(html));
    await page.context().close();
  },
);

test(
  'a limit reached (a #fields header over max_fields) is shown, and the rest is analysed',
  { skip },
  async () => {
    const wide = `#separator \\x09\n#path\tconn\n#fields${Array.from({ length: 2000 }, (_, i) => `\tf${i}`).join('')}\n1\t2\n`;
    const dns =
      '#separator \\x09\n#path\tdns\n#fields\tts\tquery\tqtype_name\tanswers\n1.0\tspy.example\tA\t-\n';
    const { page, errors } = await env.page();
    await page.setInputFiles('#pick-iocs', {
      name: 'feed.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('spy.example\n'),
    });
    await page.setInputFiles('#pick-files', [
      { name: 'wide.log', mimeType: 'text/plain', buffer: Buffer.from(wide) },
      { name: 'dns.log', mimeType: 'text/plain', buffer: Buffer.from(dns) },
    ]);
    await page.waitForSelector('body[data-state="report"]');
    const notice = await page.textContent('#limits-reached');
    assert.match(notice, /a size limit was reached/);
    assert.match(notice, /max_fields \(1024\): 1 #fields headers or JSON objects skipped/);
    assert.match(
      await page.textContent('#inputs-table'),
      /#fields header of 2000 fields is over the limit of 1024/,
    );
    assert.ok(
      (await shownAlertTexts(page)).some((a) => a.includes('spy.example')),
      'the other file is analysed',
    );
    assert.deepEqual(errors, []);
    await page.context().close();
  },
);

test('keyboard only: from landing to the report and its export buttons', { skip }, async () => {
  const { page, errors } = await env.page();
  let focused = '';
  for (let i = 0; i < 15 && focused !== 'sample'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.id ?? '');
  }
  assert.equal(focused, 'sample');
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-state="report"]');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'report-title');
  const reached = new Set();
  for (let i = 0; i < 200 && !reached.has('export-json'); i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement?.id ?? ''));
  }
  assert.ok(reached.has('export-json'), 'the export button is reachable with Tab');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), 'zeekscope-report.json');
  // Every form control has a label.
  const unlabeled = await page.$$eval('input, select', (els) =>
    els
      .filter((e) => e.type !== 'hidden' && !e.labels?.length && !e.getAttribute('aria-label'))
      .map((e) => e.id || e.name),
  );
  assert.deepEqual(unlabeled, []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('screenshots at 360 px and 1280 px, with no sideways scrolling on a phone', { skip }, async () => {
  for (const width of [360, 1280]) {
    const { page, errors } = await env.page({ viewport: { width, height: 800 } });
    await page.click('#sample');
    await page.waitForSelector('body[data-state="report"]');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `${width}px: ${overflow}px of sideways scrolling`);
    await page.screenshot({ path: path.join(ARTIFACTS, `report-${width}.png`), fullPage: false });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(ARTIFACTS, `report-${width}-full.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await page.context().close();
  }
});

// A folder of real logs, nested two levels, with a file that is not a log: what a person drops.
function nestedCapture() {
  const data = path.join(SHARED, 'zeek/supercowpowers-zat/data');
  const root = mkdtempSync(path.join(tmpdir(), 'zeekscope-drop-'));
  const layout = {
    'capture/conn.log': 'conn.log',
    'capture/dns.log': 'dns.log',
    'capture/day2/ssl.log': 'ssl.log',
    'capture/day2/x509.log': 'x509.log',
    'capture/day2/more/http.log.gz': 'http.log.gz',
    'capture/day2/more/files.log': 'files.log',
  };
  for (const [rel, source] of Object.entries(layout)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    cpSync(path.join(data, source), path.join(root, rel));
  }
  mkdirSync(path.join(root, 'capture/notes'));
  writeFileSync(path.join(root, 'capture/notes/readme.txt'), 'Captured on the phone, 2 days.\n');
  const names = [...Object.keys(layout), 'capture/notes/readme.txt'].sort();
  return { root, folder: path.join(root, 'capture'), names, logs: Object.keys(layout) };
}

test(
  'a folder dropped on the page is walked: nested logs read by their paths, a non-log skipped',
  { skip: skip || needShared('zeek/supercowpowers-zat/data') },
  async () => {
    const capture = nestedCapture();
    try {
      const { page, errors } = await env.page();
      // A real drag of a folder from the file manager: Chromium's DevTools protocol drops the
      // path, and the page gets a FileSystemDirectoryEntry to walk (web/app/inputs.js).
      const box = await page.locator('#dropzone').boundingBox();
      const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      const cdp = await page.context().newCDPSession(page);
      const data = { items: [], files: [capture.folder], dragOperationsMask: 1 };
      for (const type of ['dragEnter', 'dragOver', 'drop'])
        await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
      await page.waitForSelector('body[data-state="report"]', { timeout: 30_000 });
      const rows = await page.$$eval('#inputs-table tbody tr', (r) =>
        r.map((x) => ({
          name: x.cells[0].textContent,
          log: x.cells[1].textContent,
          records: x.cells[3].textContent,
          skipped: x.cells[4].textContent,
        })),
      );
      assert.deepEqual(
        rows.map((r) => r.name),
        capture.names,
        'every file, nested ones included, by its path in the dropped folder',
      );
      for (const r of rows) {
        if (r.name.endsWith('.txt')) {
          assert.equal(r.log, 'not a Zeek log', r.name);
          assert.match(r.skipped, /^whole file: not a Zeek log/, r.name);
        } else {
          assert.ok(Number(r.records) > 0, `${r.name} was read: ${r.records} records`);
          assert.equal(r.skipped, '', r.name);
        }
      }
      const expected = await analyze(
        capture.names.map((n) => ({
          name: n,
          stream: new Blob([readFileSync(path.join(capture.root, n))]).stream(),
        })),
        {
          indicators: [DEMO],
          config: { profile: 'default', max_ports: 1024, http_default_port: 80, max_alerts: 3, device: [] },
        },
      );
      assert.ok(expected.alerts.length > 5, `${expected.alerts.length} alerts`);
      await assertAlertsShown(page, expected);
      assert.deepEqual(errors, []);
      await page.context().close();
    } finally {
      rmSync(capture.root, { recursive: true, force: true });
    }
  },
);

test(
  'a folder picked with the folder button is analysed, names keeping the folder',
  { skip: skip || needShared('zeek/stratosphere-slips/dataset/test10-mixed-zeek-dir') },
  async () => {
    const { page, errors } = await env.page();
    await page.setInputFiles(
      '#pick-folder',
      path.join(SHARED, 'zeek/stratosphere-slips/dataset/test10-mixed-zeek-dir'),
    );
    await page.waitForSelector('body[data-state="report"]');
    const shownFiles = await page.$$eval('#inputs-table tbody tr', (rows) =>
      rows.map((r) => r.cells[0].textContent),
    );
    assert.ok(shownFiles.length >= 11);
    assert.ok(
      shownFiles.every((f) => f.startsWith('test10-mixed-zeek-dir/')),
      shownFiles.join(', '),
    );
    assert.deepEqual(errors, []);
    await page.context().close();
  },
);

test('text contrast is at least 4.5:1 (WCAG AA) across the report', { skip }, async () => {
  const { page } = await env.page();
  await page.click('#sample');
  await page.waitForSelector('body[data-state="report"]');
  const worst = await page.evaluate(() => {
    const parse = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (node) => {
      for (let n = node; n; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    let min = { ratio: 99 };
    for (const node of document.querySelectorAll('body *')) {
      if (!node.offsetParent || !node.childNodes.length) continue;
      if (![...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim())) continue;
      const fg = lum(parse(getComputedStyle(node).color));
      const bg = lum(background(node));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < min.ratio) min = { ratio, text: node.textContent.slice(0, 40), tag: node.tagName };
    }
    return min;
  });
  assert.ok(
    worst.ratio >= 4.5,
    `lowest contrast ${worst.ratio.toFixed(2)} on <${worst.tag}> "${worst.text}"`,
  );
  await page.context().close();
});

test('destination tables sort and filter', { skip }, async () => {
  const { page } = await env.page();
  await page.click('#sample');
  await page.waitForSelector('body[data-state="report"]');
  await page.fill('#dest-uncategorized-filter', 'news');
  const hosts = await page.$$eval('#dest-uncategorized tbody tr', (rows) =>
    rows.map((r) => r.cells[0].textContent),
  );
  assert.ok(hosts.length >= 1);
  assert.ok(
    hosts.every((h) => h.includes('news')),
    hosts.join(', '),
  );
  await page.fill('#dest-uncategorized-filter', '');
  await page.click('#dest-uncategorized thead th:nth-child(5) button'); // connections
  await page.click('#dest-uncategorized thead th:nth-child(5) button'); // descending
  assert.equal(
    await page.getAttribute('#dest-uncategorized thead th:nth-child(5)', 'aria-sort'),
    'descending',
  );
  const counts = await page.$$eval('#dest-uncategorized tbody tr', (rows) =>
    rows.map((r) => Number(r.cells[4].textContent)),
  );
  assert.deepEqual(
    counts,
    [...counts].sort((a, b) => b - a),
  );
  await page.context().close();
});

test('a running check can be cancelled, and the page says so', { skip }, async () => {
  const { page } = await env.page();
  // A large synthetic dns.log, made in the page: enough work to cancel in the middle.
  await page.evaluate(() => {
    const header = '#separator \\x09\n#path\tdns\n#fields\tts\tquery\tqtype_name\tanswers\n';
    const line = '1.0\tnews.example\tA\t192.0.2.1\n';
    const file = new File([header, line.repeat(3_000_000)], 'dns.log');
    const dt = new DataTransfer();
    dt.items.add(file);
    const input = document.getElementById('pick-files');
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
  });
  await page.waitForSelector('#progress:not([hidden])');
  // The cancelled check's worker is stopped, not kept: the next check starts a new one.
  assert.equal(page.workers().length, 1);
  const closed = new Promise((resolve) => page.workers()[0].once('close', resolve));
  await page.click('#cancel');
  await page.waitForSelector('body[data-state="cancelled"]');
  assert.match(await page.textContent('#intro'), /The check was cancelled/);
  await closed;
  const started = page.waitForEvent('worker');
  await page.click('#sample');
  await started;
  await page.waitForSelector('body[data-state="report"]');
  await page.context().close();
});

test('files of several 4 MiB slices, plain and gzip, are read whole in the page', { skip }, async () => {
  const { page, errors } = await env.page();
  const lines = 300_000;
  // A conn.log of about 20 MB with random uids (so that its .gz is over 4 MiB too), made in the
  // page: its lines cross the slices' edges anywhere.
  await page.evaluate(async (n) => {
    const random = new Uint8Array(17 * n);
    for (let at = 0; at < random.length; at += 65536) crypto.getRandomValues(random.subarray(at, at + 65536));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const parts = [
      '#separator \\x09\n#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\n',
    ];
    for (let i = 0; i < n; i++) {
      let uid = 'C';
      for (let k = 0; k < 17; k++) uid += alphabet[random[17 * i + k] % alphabet.length];
      parts.push(
        `${1700000000 + i}.5\t${uid}\t10.0.0.2\t${1024 + (i % 60000)}\t192.0.2.${i % 250}\t443\ttcp\n`,
      );
    }
    const plain = new Blob(parts);
    const gz = await new Response(plain.stream().pipeThrough(new CompressionStream('gzip'))).blob();
    window.__sizes = [plain.size, gz.size];
    const dt = new DataTransfer();
    dt.items.add(new File([plain], 'conn.log'));
    dt.items.add(new File([gz], 'conn2.log.gz'));
    const input = document.getElementById('pick-files');
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
  }, lines);
  const [plainSize, gzSize] = await page.evaluate(() => window.__sizes);
  assert.ok(plainSize > 3 * (4 << 20) && gzSize > 4 << 20, `slices: ${plainSize} and ${gzSize} bytes`);
  await page.waitForSelector('body[data-state="report"]', { timeout: 120_000 });
  const rows = await page.$$eval('#inputs-table tbody tr', (r) =>
    r.map((x) => [x.cells[0].textContent, x.cells[3].textContent, x.cells[4].textContent]),
  );
  assert.deepEqual(rows, [
    ['conn.log', String(lines), ''],
    ['conn2.log.gz', String(lines), ''],
  ]);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test(
  'gzip files joined with cat (several members) are read whole in the page',
  { skip: skip || needShared('zeek/derived-constructed') },
  async () => {
    const dir = path.join(SHARED, 'zeek/derived-constructed');
    const { page, errors } = await env.page();
    await page.setInputFiles('#pick-files', [
      path.join(dir, 'conn.multimember.log.gz'),
      path.join(dir, 'conn.concat-2-rotations.log'),
    ]);
    await page.waitForSelector('body[data-state="report"]');
    const rows = await page.$$eval('#inputs-table tbody tr', (r) =>
      r.map((x) => [x.cells[0].textContent, x.cells[3].textContent, x.cells[4].textContent]),
    );
    assert.equal(rows.length, 2);
    assert.equal(rows[0][1], rows[1][1], 'the same records from the .gz as from the plain concatenation');
    assert.ok(Number(rows[0][1]) > 7000);
    assert.equal(rows[0][2], '', 'nothing skipped');
    assert.deepEqual(errors, []);
    await page.context().close();
  },
);
