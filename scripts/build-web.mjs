#!/usr/bin/env node
// Builds the static site into dist/web: the page, the package's JS and wasm engine beside it (in
// the same layout as the npm package), the built-in indicator sets and the synthetic sample
// capture. The folder can be copied to any static host.
//   node scripts/build-web.mjs [--feeds DIR] [--out DIR]
// --feeds DIR bundles the indicator lists `zeekscope fetch-feeds --out DIR` wrote (checked
// against the SHA-256 in DIR/SOURCES.json) into feeds/: the page then uses them by default and
// needs no network. --out writes the site elsewhere than dist/web.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSample } from './lib/synthetic-capture.mjs';
import { PAGE_CONNECT_SRC } from './serve.mjs';
import { writeVersionModule } from './write-version.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  console.error(`build-web: ${message}`);
  process.exit(1);
}

// Folders on the command line are relative to where the command was typed (npm run sets
// INIT_CWD to it, and runs the script in the package's root).
function parseArgs(argv) {
  const o = { out: path.join(root, 'dist/web'), feeds: null };
  const here = process.env.INIT_CWD ?? process.cwd();
  for (let i = 0; i < argv.length; i++) {
    const value = () => (i + 1 < argv.length ? argv[++i] : fail(`${argv[i]} needs a value`));
    if (argv[i] === '--feeds') o.feeds = path.resolve(here, value());
    else if (argv[i] === '--out') o.out = path.resolve(here, value());
    else fail(`unknown argument ${argv[i]} (usage: build-web.mjs [--feeds DIR] [--out DIR])`);
  }
  return o;
}

// The sources of a folder written by `zeekscope fetch-feeds`, each file checked against its
// SHA-256: the entries to bundle, with their files' bytes.
function readFeedsFolder(dir) {
  let listing;
  try {
    listing = JSON.parse(readFileSync(path.join(dir, 'SOURCES.json'), 'utf8'));
  } catch (e) {
    fail(
      `--feeds ${dir}: no readable SOURCES.json (write it with zeekscope fetch-feeds --out DIR): ${e.message}`,
    );
  }
  const entries = [];
  for (const s of listing?.sources ?? []) {
    const strings = ['name', 'file', 'url', 'licence', 'fetched', 'sha256'];
    const missing = strings.filter((k) => typeof s?.[k] !== 'string');
    if (missing.length) fail(`--feeds ${dir}: a source in SOURCES.json has no ${missing.join(', ')}`);
    const rel = path.posix.normalize(s.file);
    if (rel.startsWith('../') || path.posix.isAbsolute(rel) || rel.includes('\\'))
      fail(`--feeds ${dir}: ${s.file} is outside the folder`);
    if (Number.isNaN(Date.parse(s.fetched))) fail(`--feeds ${dir}: ${s.file}: no valid download date`);
    let bytes;
    try {
      bytes = readFileSync(path.join(dir, rel));
    } catch {
      fail(`--feeds ${dir}: ${rel} is listed in SOURCES.json but cannot be read`);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== s.sha256.toLowerCase())
      fail(
        `--feeds ${dir}: ${rel} does not match its SHA-256 in SOURCES.json (changed since it was fetched?)`,
      );
    entries.push({
      entry: {
        name: s.name,
        file: rel,
        url: s.url,
        licence: s.licence,
        fetched: s.fetched,
        bytes: bytes.length,
        sha256,
        ...(s.list ? { list: true } : {}),
      },
      bytes,
    });
  }
  if (!entries.some((e) => !e.entry.list)) fail(`--feeds ${dir}: SOURCES.json lists no indicator file`);
  return { fetched_by: String(listing.fetched_by ?? ''), entries };
}

const options = parseArgs(process.argv.slice(2));
const out = options.out;
const feeds = options.feeds && readFeedsFolder(options.feeds);
for (const f of ['dist/zeekscope-engine.js', 'dist/zeekscope-engine.wasm']) {
  if (!existsSync(path.join(root, f))) {
    console.error(`build-web: ${f} is missing: run scripts/build-wasm first`);
    process.exit(1);
  }
}
const version = writeVersionModule(root);
// The folder is emptied first: never one that holds something other than a build of the page.
if (existsSync(out) && readdirSync(out).length && !existsSync(path.join(out, 'index.html')))
  fail(`${out} is not empty and holds no built page: not overwriting it`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(path.join(root, 'web'), out, { recursive: true });
// index.html's policy may connect to what scripts/serve.mjs allows: the feed host and the DoH
// presets (js/doh-presets.js). The source says only 'self'.
const indexHtml = path.join(out, 'index.html');
const html = readFileSync(indexHtml, 'utf8');
const withHosts = html.replace(/connect-src 'self';/, `connect-src ${PAGE_CONNECT_SRC};`);
if (withHosts === html) {
  console.error("build-web: web/index.html's policy has no \"connect-src 'self';\" to complete");
  process.exit(1);
}
writeFileSync(indexHtml, withHosts);
cpSync(path.join(root, 'js'), path.join(out, 'js'), {
  recursive: true,
  filter: (src) =>
    !src.endsWith('cli.js') &&
    !src.endsWith('node-host.js') &&
    !src.endsWith('worker-node.js') &&
    !src.endsWith('fetch-feeds.js'),
});
// fflate (MIT) inflates multi-member gzip where DecompressionStream stops: see js/browser-host.js.
mkdirSync(path.join(out, 'js/vendor'), { recursive: true });
cpSync(path.join(root, 'node_modules/fflate/esm/browser.js'), path.join(out, 'js/vendor/fflate.js'));
cpSync(path.join(root, 'node_modules/fflate/LICENSE'), path.join(out, 'js/vendor/fflate.LICENSE'));
mkdirSync(path.join(out, 'dist'));
for (const f of ['zeekscope-engine.js', 'zeekscope-engine.wasm', 'version.js'])
  cpSync(path.join(root, 'dist', f), path.join(out, 'dist', f));
mkdirSync(path.join(out, 'iocs'));
cpSync(path.join(root, 'iocs/builtin/demo-indicators.json'), path.join(out, 'iocs/demo-indicators.json'));
const sample = generateSample();
mkdirSync(path.join(out, 'sample'));
for (const [name, text] of Object.entries(sample)) writeFileSync(path.join(out, 'sample', name), text);
writeFileSync(
  path.join(out, 'sample/manifest.json'),
  `${JSON.stringify(
    {
      synthetic: true,
      description:
        'A synthetic capture of one phone, made by scripts/lib/synthetic-capture.mjs, with planted findings that match iocs/builtin/demo-indicators.json. Not real traffic.',
      files: Object.keys(sample),
    },
    null,
    2,
  )}\n`,
);
// The bundled lists: their files under feeds/, SOURCES.json beside them (for people), and the
// same listing as the module the page reads (app/bundled-feeds.js; it says null when none).
if (feeds) {
  const dir = path.join(out, 'feeds');
  for (const { entry, bytes } of feeds.entries) {
    mkdirSync(path.dirname(path.join(dir, entry.file)), { recursive: true });
    writeFileSync(path.join(dir, entry.file), bytes);
  }
  const listing = { fetched_by: feeds.fetched_by, sources: feeds.entries.map((e) => e.entry) };
  writeFileSync(path.join(dir, 'SOURCES.json'), `${JSON.stringify(listing, null, 2)}\n`);
  writeFileSync(
    path.join(out, 'app/bundled-feeds.js'),
    '// Written by scripts/build-web.mjs --feeds: the indicator lists bundled into this build.\n' +
      `export const BUNDLED_FEEDS = ${JSON.stringify(listing, null, 2)};\n`,
  );
  const dates = listing.sources.map((s) => s.fetched.slice(0, 10)).sort();
  console.log(
    `build-web: bundled ${listing.sources.filter((s) => !s.list).length} indicator files from ` +
      `${options.feeds} (downloaded ${dates[0]}${dates.at(-1) !== dates[0] ? ` to ${dates.at(-1)}` : ''})`,
  );
}
console.log(`build-web: wrote ${path.relative(root, out) || out} (zeekscope ${version})`);
