// One large log read by several engines at once. The file is cut at line ends into as many parts
// as engines; the first engine reads the start as any file, each other engine reads one part
// after the file's leading header (Session::begin_file_part), and their states are merged, in
// order, into the first. When a part cannot be merged as one reader would have read it (the
// file's layout changes after its header, a limit could be met, connection times span too long:
// fitApart), the first engine reads the rest itself. Either way the report is one engine's.

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
  // The header ends at a record: a line the reader could take for a header or a blank line (one
  // starting with white space) would leave the parts' header short of the reader's.
  if (at >= head.length || [0x09, 0x0a, 0x0d, 0x20].includes(head[at])) return null;
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
    partReads.every((r) => r === null) && fitApart(await Promise.all(engines.map((e) => e.filePartsInfo())));
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

// Whether the parts' states merge into one reader's: every part was read under the file's
// leading header, and fitMerge.
function fitApart(infos) {
  return infos.every((i) => i.canFollow) && fitMerge(infos);
}

// Whether sessions' states (Session::file_parts_info) merge into what one session reading all
// their files would hold: no limit can be met (the sums of the capped counts stay within the
// caps, so one reader would not have met them either), and no connection time can fall out of
// its destination's span (ConnTime) where one reader's would not.
export function fitMerge(infos) {
  const [caps] = infos;
  const sum = (key) => infos.reduce((n, i) => n + i[key], 0);
  const times = infos.filter((i) => i.firstTime !== null);
  const span = times.length
    ? Math.max(...times.map((i) => i.lastTime)) - Math.min(...times.map((i) => i.firstTime))
    : 0;
  return (
    sum('destinations') <= caps.maxDestinations &&
    sum('names') <= caps.maxNames &&
    sum('originators') <= caps.maxOriginators &&
    sum('memoryBytes') <= caps.maxMemoryBytes &&
    span <= caps.maxTimeSpan
  );
}

async function finish(engine, readError, fail, apart) {
  await engine.endFile();
  if (readError) await fail(engine, readError);
  return apart;
}
