// The re-chunking of inputs before they are handed to the worker: every byte once, in order,
// in pieces of at least (or at most) the given size, and what came before a failure still
// delivered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atLeast, atMost } from '../../js/streams.js';

async function* chunksOf(sizes, failAfter = Infinity) {
  let n = 0;
  for (const [i, size] of sizes.entries()) {
    if (i === failAfter) throw new Error('truncated');
    yield Uint8Array.from({ length: size }, () => n++ & 255);
  }
}

async function collect(source) {
  const pieces = [];
  for await (const p of source) pieces.push(p);
  return pieces;
}

const joined = (pieces) =>
  Buffer.concat(pieces.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
const expected = (total) => Buffer.from(Uint8Array.from({ length: total }, (_, i) => i & 255));

test('small chunks are gathered into pieces of the given size', async () => {
  const sizes = [3, 5, 100, 7, 1, 0, 64, 9, 200, 2];
  const pieces = await collect(atLeast(chunksOf(sizes), 16));
  const total = sizes.reduce((a, b) => a + b, 0);
  assert.deepEqual(joined(pieces), expected(total));
  for (const p of pieces.slice(0, -1)) assert.ok(p.length >= 16, `piece of ${p.length}`);
});

test('a chunk at least the size passes through untouched', async () => {
  const pieces = await collect(atLeast(chunksOf([32, 16, 40]), 16));
  assert.deepEqual(
    pieces.map((p) => p.length),
    [32, 16, 40],
  );
  assert.deepEqual(joined(pieces), expected(88));
});

test('what the source gave before it failed is delivered, then the error', async () => {
  const got = [];
  await assert.rejects(async () => {
    for await (const p of atLeast(chunksOf([5, 6, 7, 8], 3), 100)) got.push(p);
  }, /truncated/);
  assert.deepEqual(joined(got), expected(18));
});

test('an empty source gives nothing', async () => {
  assert.deepEqual(await collect(atLeast(chunksOf([]), 16)), []);
  assert.deepEqual(await collect(atLeast(chunksOf([0, 0]), 16)), []);
});

test('chunks are split into pieces of at most the given size, every byte once', async () => {
  const pieces = await collect(atMost(chunksOf([3, 40, 16, 0, 17]), 16));
  assert.deepEqual(
    pieces.map((p) => p.length),
    [3, 16, 16, 8, 16, 16, 1],
  );
  assert.deepEqual(joined(pieces), expected(76));
});
