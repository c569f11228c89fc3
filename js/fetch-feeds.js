// `zeekscope fetch-feeds`: downloads the public indicator feeds (js/feeds-catalog.js) into a
// folder, with SOURCES.json saying where each file came from, when, under what licence, and its
// SHA-256. `zeekscope analyze --feeds DIR` loads them under the same names the page uses.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FEEDS_HOST, feedLabelOf, publicFeeds, stixFeedName, stixUrlsFromMvtList } from './feeds-catalog.js';

export const SOURCES_FILE = 'SOURCES.json';

async function download(url, timeoutMs) {
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    throw new Error(
      `${url}: ${e.name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : (e.cause?.message ?? e.message)}`,
      { cause: e },
    );
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// Fetches every feed into `out`. A feed that fails is reported and the others are still fetched.
// Returns { sources, failures }.
export async function fetchFeeds({ out, host = FEEDS_HOST, stix = true, timeoutMs = 60000, log = () => {} }) {
  await mkdir(out, { recursive: true });
  const sources = [];
  const failures = [];
  const save = async (entry, bytes) => {
    await mkdir(path.dirname(path.join(out, entry.file)), { recursive: true });
    await writeFile(path.join(out, entry.file), bytes);
    sources.push({
      ...entry,
      fetched: new Date().toISOString(),
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    log(`fetched ${entry.url} -> ${path.join(out, entry.file)} (${bytes.length} bytes)`);
  };
  for (const feed of publicFeeds(host)) {
    let bytes;
    try {
      bytes = await download(feed.url, timeoutMs);
    } catch (e) {
      failures.push(e.message);
      log(`failed: ${e.message}`);
      continue;
    }
    if (!feed.list) {
      await save({ name: feed.name, file: feed.file, url: feed.url, licence: feed.licence }, bytes);
      continue;
    }
    // The MVT list itself holds no indicators: it is kept for reference, its STIX2 files are loaded.
    await save({ name: feed.name, file: feed.file, url: feed.url, licence: feed.licence, list: true }, bytes);
    if (!stix) continue;
    const used = new Set();
    for (const url of stixUrlsFromMvtList(new TextDecoder().decode(bytes), host)) {
      const base = url.split('/').slice(-1)[0];
      const file = `mvt/${used.has(base) ? `${used.size}-` : ''}${base}`;
      used.add(base);
      try {
        await save(
          { name: stixFeedName(url), file, url, licence: feed.licence },
          await download(url, timeoutMs),
        );
      } catch (e) {
        failures.push(e.message);
        log(`failed: ${e.message}`);
      }
    }
  }
  await writeFile(
    path.join(out, SOURCES_FILE),
    `${JSON.stringify({ fetched_by: 'zeekscope fetch-feeds', sources }, null, 2)}\n`,
  );
  return { sources, failures };
}

// The indicator sources of a folder written by fetchFeeds, as analyze() takes them.
export async function readFetchedFeeds(dir) {
  let listing;
  try {
    listing = JSON.parse(await readFile(path.join(dir, SOURCES_FILE), 'utf8'));
  } catch {
    throw new Error(`${dir}: no readable ${SOURCES_FILE} (run zeekscope fetch-feeds first)`);
  }
  const out = [];
  for (const s of listing.sources ?? []) {
    if (s.list || typeof s.file !== 'string' || typeof s.name !== 'string') continue;
    const file = path.resolve(dir, s.file);
    if (!file.startsWith(path.resolve(dir) + path.sep)) continue; // stays inside the folder
    out.push({ ...feedLabelOf(s), bytes: await readFile(file) });
  }
  return out;
}
