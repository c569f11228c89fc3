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
