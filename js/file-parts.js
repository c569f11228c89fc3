// One large log read by several engines at once. The file is cut at line ends into as many parts
// as engines; the first engine reads the start as any file, each other engine reads one part
// after the file's leading header (Session::begin_file_part), and their states are merged, in
// order, into the first. When the file's layout changes after its header (a second header block,
// a JSON line), a part cannot be read on its own: the first engine then reads the rest itself.
// Either way the report is the one a single engine gives.

// A file this large is read in parts when there are engines to share it (analyze's `partBytes`
// changes it). Below it the merge of a part's state (about 0.2 s in wasm for 50k destinations)
// costs what reading in parallel saves (docs/PERFORMANCE.md).
export const PART_MIN_BYTES = 256 << 20;
// The leading header must end within the file's first MiB, and a cut moves on to the next line
// end within a MiB; otherwise the file is read whole.
const HEAD_BYTES = 1 << 20;
const CUT_SEARCH_BYTES = 1 << 20;

async function readRange(file, start, end) {
  const chunks = [];
  for await (const chunk of await file.openRange(start, end)) chunks.push(chunk);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * How to read `file` in n parts: { header, cuts } (cuts: n + 1 offsets from 0 to its size), or
 * null when it is not a TSV log to cut (under minBytes, gzip, a capture, JSON, a header past the
 * first MiB, a line over a MiB at a cut) or its host cannot read ranges.
 */
export async function planParts(file, n, minBytes = PART_MIN_BYTES) {
  if (n < 2 || !file.openRange || !(file.size >= minBytes)) return null;
  const head = await readRange(file, 0, HEAD_BYTES);
  if (head[0] !== 0x23) return null; // '#': a TSV log starts with its header
  let at = 0;
  while (at < head.length && head[at] === 0x23) {
    const newline = head.indexOf(0x0a, at);
    if (newline < 0) return null;
    at = newline + 1;
  }
  if (at >= head.length) return null;
  const cuts = [0];
  for (let k = 1; k < n; k++) {
    const target = Math.max(Math.floor((file.size * k) / n), cuts[k - 1] + 1, at);
    const window = await readRange(file, target, Math.min(file.size, target + CUT_SEARCH_BYTES));
    const newline = window.indexOf(0x0a);
    if (newline < 0 || target + newline + 1 >= file.size) return null;
    cuts.push(target + newline + 1);
  }
  cuts.push(file.size);
  return { header: head.slice(0, at), cuts };
}

/**
 * Reads `file` in the parts `plan` gives, one per engine; engines[0] reads the start and ends with
 * the whole file's statistics. `feed(engine, chunks, { counted })` feeds an engine a part's chunks
 * and resolves to null, or to the read error that stopped it ({ error, limit }); `fail(engine,
 * readError)` records such an error for the file; `fresh(engine)` gives an engine a new session.
 * Resolves to whether the parts were read apart (false: the first engine read the rest).
 */
export async function readInParts(engines, file, plan, { feed, fail, fresh }) {
  const { header, cuts } = plan;
  const [first, ...others] = engines;
  const range = (k) => file.openRange(cuts[k], cuts[k + 1]);
  await first.beginFile(file.name);
  const [startRead, ...partReads] = await Promise.all([
    feed(first, range(0)),
    ...others.map(async (engine, i) => {
      await fresh(engine);
      await engine.beginFilePart(file.name, header);
      return feed(engine, range(i + 1));
    }),
  ]);
  // The file's start could not be read to its cut: the file stops there, as for one engine.
  if (startRead) return finish(first, startRead, fail, false);
  const apart =
    partReads.every((r) => r === null) &&
    (await Promise.all(engines.map((e) => e.filePartsCanFollow()))).every(Boolean);
  if (!apart) {
    // The first engine reads on from its part's end, as if it had read the file alone (a part's
    // read error comes again where it was).
    for (let k = 1; k < engines.length; k++) {
      const readError = await feed(first, range(k), { counted: false });
      if (readError) return finish(first, readError, fail, false);
    }
    return finish(first, null, fail, false);
  }
  await first.endFile();
  for (const engine of others) {
    await engine.endFile();
    await first.mergeState(await engine.exportState());
  }
  return true;
}

async function finish(engine, readError, fail, apart) {
  await engine.endFile();
  if (readError) await fail(engine, readError);
  return apart;
}
