// Streaming end to end (issue 5): a log several times larger than the wasm heap goes through the
// engine in pieces, so the heap stays far below the file's size, and every record is counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { analyze } from '../../js/index.js';

const HEADER =
  [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\torig_bytes\tresp_bytes',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tcount\tcount',
  ].join('\n') + '\n';

// `blocks` blocks of 1000 conn lines to 100 destinations, made as they are read: the test holds
// one block at a time, never the file.
function connLog(blocks) {
  const lines = [];
  for (let i = 0; i < 1000; i++) {
    lines.push(
      `${1700000000 + i}.123456\tC${String(i).padStart(17, 'x')}\t10.0.0.2\t${40000 + i}\t` +
        `198.51.100.${i % 100}\t443\ttcp\tssl\t${i}\t${2 * i}`,
    );
  }
  const block = Buffer.from(lines.join('\n') + '\n');
  return {
    block,
    stream: Readable.from(
      (function* () {
        yield Buffer.from(HEADER);
        for (let b = 0; b < blocks; b++) yield block;
      })(),
    ),
  };
}

test('a 200 MB conn.log is analysed with a wasm heap far below its size', async () => {
  const blocks = 2400;
  const { block, stream } = connLog(blocks);
  let stats = null;
  const report = await analyze([{ name: 'conn.log', stream }], {
    onStats: (s) => {
      stats = s;
    },
  });
  const bytes = HEADER.length + blocks * block.length;
  assert.ok(bytes > 200e6, `the log is ${bytes} bytes`);
  assert.equal(report.inputs[0].bytes, bytes);
  assert.equal(report.inputs[0].records, blocks * 1000);
  assert.equal(report.inputs[0].skipped_lines, 0);
  assert.equal(
    report.summary.destinations.uncategorized +
      report.summary.destinations.suspect +
      report.summary.destinations.whitelisted,
    100,
  );
  const heapMiB = stats.wasmHeapBytes / 1048576;
  assert.ok(
    heapMiB < 64,
    `wasm heap ${heapMiB.toFixed(1)} MiB for a ${(bytes / 1048576).toFixed(0)} MiB log`,
  );
});
