// Async iteration over a web ReadableStream (Safari and older engines lack it natively).
export async function* fromWebStream(stream) {
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

// Re-chunks a stream of byte chunks into pieces of at least `size` bytes (the last may be
// shorter): each piece is one hand-over to the engine's worker, and browsers deliver files and
// decompressed data in pieces of tens of KiB. A chunk already that large passes as it is. When
// the source fails, what it gave before the failure is still delivered, then the error.
export async function* atLeast(source, size) {
  let pending = null; // a piece being filled
  let used = 0;
  try {
    for await (const chunk of source) {
      if (!pending && chunk.length >= size) {
        yield chunk;
        continue;
      }
      let offset = 0;
      while (offset < chunk.length) {
        pending ??= new Uint8Array(size);
        const n = Math.min(chunk.length - offset, size - used);
        pending.set(chunk.subarray(offset, offset + n), used);
        used += n;
        offset += n;
        if (used === size) {
          yield pending;
          pending = null;
          used = 0;
        }
      }
    }
  } catch (e) {
    if (pending) yield pending.subarray(0, used);
    throw e;
  }
  if (pending) yield pending.subarray(0, used);
}

// Splits a stream of byte chunks into pieces of at most `size` bytes (views, not copies): the
// gzip guard counts compressed bytes as the decompressor takes them, a piece at a time.
export async function* atMost(source, size) {
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += size) yield chunk.subarray(at, at + size);
  }
}
