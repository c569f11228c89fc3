// The JS API in Node: worker, streaming inputs, progress, cancellation, output forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { analyze } from '../../js/index.js';
import { SHARED, needShared } from './helpers.js';

const DNS_LOG =
  [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tdns',
    '#fields\tts\tuid\tid.resp_h\tquery\tqtype_name\tanswers',
    '#types\ttime\tstring\taddr\tstring\tstring\tvector[string]',
    '1.0\tC1\t8.8.8.8\tspy.example\tA\t198.51.100.66',
  ].join('\n') + '\n';
const FEED = { name: 'feed.txt', text: 'spy.example\n', format: 'text:domain/stalkerware' };

function streamOf(bytes, size = 7) {
  return new ReadableStream({
    start(c) {
      for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.subarray(i, i + size));
      c.close();
    },
  });
}

test('analyze() reads { name, stream } inputs, plain and gzip, in small chunks', async () => {
  const bytes = new TextEncoder().encode(DNS_LOG);
  const report = await analyze(
    [
      { name: 'dns.log', stream: streamOf(bytes) },
      { name: 'dns2.log.gz', stream: streamOf(gzipSync(bytes)) },
    ],
    { indicators: [FEED] },
  );
  assert.equal(report.tool.engine, 'wasm');
  assert.equal(report.inputs.length, 2);
  assert.equal(report.inputs[1].records, 1);
  assert.ok(report.alerts.some((a) => a.id === 'IOC-03' && a.host === 'spy.example' && a.level === 'High'));
});

test(
  'analyze() on a shared capture folder, with progress events per file',
  { skip: needShared('zeek/stratosphere-slips/dataset/test10-mixed-zeek-dir') },
  async () => {
    const dir = path.join(SHARED, 'zeek/stratosphere-slips/dataset/test10-mixed-zeek-dir');
    const events = [];
    const report = await analyze([dir], { onProgress: (p) => events.push(p) });
    assert.equal(report.inputs.length, 11);
    const last = events.at(-1);
    assert.equal(last.bytes, last.totalBytes);
    assert.ok(last.totalBytes > 80000);
    const files = new Set(events.map((e) => e.file));
    assert.equal(files.size, 11);
    for (const e of events) assert.ok(e.fileBytes <= e.fileSize);
    assert.equal(
      report.summary.records,
      report.inputs.reduce((n, i) => n + i.records, 0),
    );
    assert.equal(report.inputs.find((i) => i.name.endsWith('/conn.log')).records, 141);
  },
);

test('analyze() output forms: object, json text, bytes, text summary', async () => {
  const inputs = () => [{ name: 'dns.log', stream: streamOf(new TextEncoder().encode(DNS_LOG)) }];
  const json = await analyze(inputs(), { indicators: [FEED], output: 'json' });
  assert.equal(typeof json, 'string');
  assert.match(json, /^\{\n {2}"schema": "zeekscope-report\/1"/);
  const pieces = await analyze(inputs(), { indicators: [FEED], output: 'bytes' });
  assert.ok(pieces.length > 0 && pieces.every((p) => p instanceof Uint8Array));
  assert.equal(Buffer.concat(pieces).toString('utf8'), json);
  const text = await analyze(inputs(), { indicators: [FEED], output: 'text' });
  assert.match(text, /\[IOC-03\] spy\.example is a known stalkerware domain/);
});

test('analyze() can be cancelled with an AbortSignal', async () => {
  const controller = new AbortController();
  let chunks = 0;
  const endless = new ReadableStream({
    pull(c) {
      c.enqueue(new TextEncoder().encode(`${DNS_LOG.split('\n').at(-2)}\n`.repeat(1000)));
      if (++chunks === 5) controller.abort();
    },
  });
  await assert.rejects(
    analyze([{ name: 'dns.log', stream: endless }], { signal: controller.signal }),
    (e) => e.name === 'AbortError',
  );
});

test('analyze() reports unreadable paths and bad configuration clearly', async () => {
  await assert.rejects(analyze(['/nonexistent/zeek']), /\/nonexistent\/zeek: no such file or folder/);
  await assert.rejects(
    analyze([{ name: 'dns.log', stream: streamOf(new Uint8Array()) }], { config: { max_port: 3 } }),
    /config key "max_port": unknown key/,
  );
});

test('analyze() warns about a malformed feed and goes on', async () => {
  const warnings = [];
  const report = await analyze([{ name: 'dns.log', stream: streamOf(new TextEncoder().encode(DNS_LOG)) }], {
    indicators: [{ name: 'broken.json', text: '{"iocs": [' }, FEED],
    onWarning: (w) => warnings.push(w),
  });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^broken\.json: invalid JSON/);
  assert.ok(report.alerts.some((a) => a.id === 'IOC-03'));
});

test(
  'a Node readable stream works as an input',
  { skip: needShared('zeek/supercowpowers-zat/data/dns.log') },
  async () => {
    const file = path.join(SHARED, 'zeek/supercowpowers-zat/data/dns.log');
    const report = await analyze([{ name: 'dns.log', stream: createReadStream(file) }]);
    assert.equal(report.inputs[0].log_type, 'dns');
    assert.equal(report.inputs[0].skipped_lines, 0);
  },
);
