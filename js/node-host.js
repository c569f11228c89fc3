// Node's side of analyze(): worker_threads, file system paths and folders, zlib.
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { promises as dns } from 'node:dns';
import zlib from 'node:zlib';
import { fromWebStream } from './streams.js';
import { sameThreadPort } from './same-thread-port.js';
import { indicatorSourceOf } from './protocol.js';
import { feedLabelOf } from './feeds-catalog.js';

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
  // Reports name a file by its base name, and a folder's files by the folder's own name and
  // their path inside it, never by a local path (as the native CLI: cli/report_names.h).
  async listInputs(inputs, { missingAsFile = false } = {}) {
    const files = [];
    for (const input of inputs) {
      if (typeof input === 'string') {
        const s = await stat(input).catch(() => null);
        if (!s && missingAsFile) {
          files.push({ name: input, path: input, size: 0, open: () => createReadStream(input) });
          continue;
        }
        if (!s) throw new InputError(`${input}: no such file or folder`);
        if (s.isDirectory()) {
          const found = [];
          await walk(input, found);
          found.sort(byteOrder);
          const folder = path.basename(path.resolve(input));
          for (const file of found) {
            const inside = path.relative(input, file).split(path.sep).join('/');
            const name = folder ? `${folder}/${inside}` : inside;
            files.push({ ...(await pathInput(file, name)), inFolder: true });
          }
        } else {
          files.push(await pathInput(input, path.basename(input)));
        }
      } else if (input && input.name && input.stream) {
        files.push({
          name: input.name,
          size: input.size ?? null,
          open: () => chunksOf(input.stream),
          once: true, // a stream is read once: no digest of it afterwards
        });
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
      let file = src;
      if (typed && types.includes(typed[1].split('/')[0].toLowerCase())) {
        format = `text:${typed[1]}`;
        file = typed[2];
      }
      const bytes = await readGunzipped(file);
      return { ...(await feedLabel(file)), bytes, format };
    }
    return indicatorSourceOf(src);
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

  // Words for the report: never Node's own message for a file system error, which holds the
  // file's path.
  describeReadError(e) {
    if (e?.code === 'Z_BUF_ERROR') return 'truncated gzip data: the file ends inside a member';
    if (e?.code?.startsWith?.('Z_')) return `corrupt gzip data (${e.message})`;
    if (e?.code === 'ENOENT' || e?.code === 'EACCES' || e?.code === 'EISDIR') return 'cannot open the file';
    if (typeof e?.code === 'string') return `cannot read the file (${e.code})`;
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

// An indicator file's name in reports: the feed's name, date and licence when `zeekscope
// fetch-feeds` wrote it (listed in the SOURCES.json beside it, or, for its STIX2 files, in the
// folder above), else its base name; never its path (as cli/report_names.cpp).
async function feedLabel(file) {
  const base = path.basename(file);
  const dir = path.dirname(file);
  const tries = [
    [path.join(dir, 'SOURCES.json'), base],
    [path.join(dir, '..', 'SOURCES.json'), `${path.basename(dir)}/${base}`],
  ];
  for (const [sources, name] of tries) {
    let listing;
    try {
      listing = JSON.parse(await readFile(sources, 'utf8'));
    } catch {
      continue;
    }
    const entry = (Array.isArray(listing?.sources) ? listing.sources : []).find((s) => s?.file === name);
    if (typeof entry?.name === 'string' && entry.name) return feedLabelOf(entry);
  }
  return { name: base, date: '', licence: '' };
}

async function pathInput(file, name) {
  const s = await stat(file);
  // A pipe or device says size 0 whatever it holds: it is streamed, and counted as large.
  const regular = s.isFile();
  const open =
    regular && s.size <= WHOLE_FILE_BYTES
      ? async function* () {
          yield await readFile(file);
        }
      : () => createReadStream(file, { highWaterMark: WHOLE_FILE_BYTES });
  // Bytes start to end (exclusive) of the file, for reading a large log in parts.
  const openRange = (start, end) =>
    createReadStream(file, { start, end: end - 1, highWaterMark: WHOLE_FILE_BYTES });
  return {
    name,
    path: file,
    size: s.size,
    regular,
    open,
    openRange: regular ? openRange : undefined,
    once: !regular, // a pipe or device cannot be read again (no digest of it)
  };
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
