#!/usr/bin/env node
// A small static server for dist/web on localhost, with the page's security headers.
//   node scripts/serve.mjs [DIR] [--port N]   (PORT in the environment works too)
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dohOrigins } from '../js/doh-presets.js';
import { FEEDS_HOST } from '../js/feeds-catalog.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = Number(portArg >= 0 ? args[portArg + 1] : (process.env.PORT ?? 8080));
const dir = path.resolve(
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--port') ?? path.join(root, 'dist/web'),
);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.log': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.gz': 'application/gzip',
};
// Every origin the page may ever connect to: the feed host and the DoH presets. The page's own
// policy narrows this to what the user enabled (web/app/settings.js); scripts/build-web.mjs
// writes the same list into index.html's policy.
export const PAGE_CONNECT_SRC = ["'self'", FEEDS_HOST, ...dohOrigins()].join(' ');
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  `connect-src ${PAGE_CONNECT_SRC}; ` +
  "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// A worker's policy comes from its own script's response: it may compile wasm and fetch 'self'.
const WORKER_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

export function startServer(directory = dir, listenPort = port) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.normalize(path.join(directory, decodeURIComponent(url.pathname)));
    if (!file.startsWith(directory)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const ext = path.extname(file);
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'content-security-policy': ext === '.html' ? PAGE_CSP : WORKER_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(listenPort, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await startServer();
  console.log(`zeekscope is served at http://127.0.0.1:${server.address().port}/ (Ctrl-C to stop)`);
}
