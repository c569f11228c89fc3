// Node's side of analyze(): worker_threads, file system paths and folders, zlib.
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { promises as dns } from 'node:dns';
import zlib from 'node:zlib';
import { fromWebStream } from './streams.js';
import { sameThreadPort } from './same-thread-port.js';

export class InputError extends Error {}

// "a/b" + "c" as std::filesystem joins them, so both CLIs name files alike.
function join(dir, name) {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

function byteOrder(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function walk(dir, out) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile()) out.push(path);
    else if (entry.isSymbolicLink()) {
      const s = await stat(path).catch(() => null);
      if (s?.isFile()) out.push(path); // links to folders are not followed
    }
  }
}

function chunksOf(stream) {
  if (stream && typeof stream.getReader === 'function') return fromWebStream(stream);
  return stream; // Node Readable or any async iterable
}

const WASM_URL = new URL('../dist/zeekscope-engine.wasm', import.meta.url);
let compiling = null;

export const nodeHost = {
  // The engine, compiled once in this thread and handed to every worker (while the first worker
  // starts, rather than after).
  compiledEngine() {
    compiling ??= readFile(WASM_URL)
      .then((bytes) => WebAssembly.compile(bytes))
      .catch((e) => {
        compiling = null; // the next analysis tries again
        throw e;
      });
    return compiling;
  },

  // inThread: the engine on this thread (sameThreadPort), for small inputs.
  createWorkerPort({ inThread = false } = {}) {
    if (inThread) return sameThreadPort(() => readFile(WASM_URL));
    const worker = new Worker(new URL('./worker-node.js', import.meta.url));
    return {
      postMessage: (m, transfer) => worker.postMessage(m, transfer),
      onMessage: (fn) => worker.on('message', fn),
      onError: (fn) => {
        worker.on('error', fn);
        worker.on('exit', (code) => code !== 0 && fn(new Error(`the engine worker stopped (${code})`)));
      },
      terminate: () => worker.terminate(),
    };
  },

  // Files found in a folder are marked `inFolder`. With `missingAsFile`, a path that does not
  // exist is listed as a file whose reading fails (as the native `zeekscope logs` does).
  async listInputs(inputs, { missingAsFile = false } = {}) {
    const files = [];
    for (const input of inputs) {
      if (typeof input === 'string') {
        const s = await stat(input).catch(() => null);
        if (!s && missingAsFile) {
          files.push({ name: input, size: 0, open: () => createReadStream(input) });
          continue;
        }
        if (!s) throw new InputError(`${input}: no such file or folder`);
        if (s.isDirectory()) {
          const found = [];
          await walk(input, found);
          found.sort(byteOrder);
          for (const path of found) files.push({ ...(await pathInput(path)), inFolder: true });
        } else {
          files.push(await pathInput(input));
        }
      } else if (input && input.name && input.stream) {
        files.push({ name: input.name, size: input.size ?? null, open: () => chunksOf(input.stream) });
      } else {
        throw new InputError('an input must be a path or { name, stream }');
      }
    }
    return files;
  },

  async readIndicator(src) {
    if (typeof src === 'string') {
      const typed = /^([a-z0-9]+(?:\/[a-z0-9_-]+)?):(.+)$/i.exec(src);
      const types = [
        'ip4addr',
        'ip6addr',
        'cidr',
        'domain',
        'freedns',
        'ns',
        'tld',
        'sha1cert',
        'sha256cert',
        'ipv4',
        'ipv6',
        'ip',
      ];
      let format = 'auto-or-domains';
      let path = src;
      if (typed && types.includes(typed[1].split('/')[0].toLowerCase())) {
        format = `text:${typed[1]}`;
        path = typed[2];
      }
      const bytes = await readGunzipped(path);
      return { name: path, bytes, format };
    }
    const bytes = src.bytes ? new Uint8Array(src.bytes) : new TextEncoder().encode(src.text ?? '');
    return { name: src.name, bytes: bytes.slice(), format: src.format ?? '' };
  },

  gunzip(source) {
    // Output in 1 MiB pieces (zlib's default is 16 KiB), four to a hand-over to the worker; one
    // compressed piece read ahead (the gzip guard counts what the decompressor was given).
    return pipeline(
      Readable.from(source, { highWaterMark: 1 }),
      zlib.createGunzip({ chunkSize: 1 << 20 }),
      () => {},
    );
  },

  describeReadError(e) {
    if (e?.code === 'Z_BUF_ERROR') return 'truncated gzip data: the file ends inside a member';
    if (e?.code?.startsWith?.('Z_')) return `corrupt gzip data (${e.message})`;
    if (e?.code === 'ENOENT' || e?.code === 'EACCES' || e?.code === 'EISDIR') return 'cannot open the file';
    return String(e?.message ?? e);
  },

  async systemResolver(domain) {
    try {
      return await dns.resolveNs(domain);
    } catch (e) {
      if (e.code === 'ENODATA' || e.code === 'ENOTFOUND') return [];
      throw e;
    }
  },
};

// A file of at most this many bytes is read in one call (a stream's set-up cost more than the
// reading on a folder of small logs); a larger one is streamed in pieces of this size.
const WHOLE_FILE_BYTES = 4 << 20;

async function pathInput(path) {
  const s = await stat(path);
  // A pipe or device says size 0 whatever it holds: it is streamed, and counted as large.
  const regular = s.isFile();
  const open =
    regular && s.size <= WHOLE_FILE_BYTES
      ? async function* () {
          yield await readFile(path);
        }
      : () => createReadStream(path, { highWaterMark: WHOLE_FILE_BYTES });
  // Bytes start to end (exclusive) of the file, for reading a large log in parts.
  const openRange = (start, end) =>
    createReadStream(path, { start, end: end - 1, highWaterMark: WHOLE_FILE_BYTES });
  return { name: path, size: s.size, regular, open, openRange: regular ? openRange : undefined };
}

async function readGunzipped(path) {
  let data;
  try {
    data = await readFile(path);
  } catch {
    throw new InputError(`${path}: cannot open the file`);
  }
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) data = zlib.gunzipSync(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.length).slice();
}
