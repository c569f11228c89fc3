// Indicator sources the page knows: the built-in sets, the lists bundled into this build (if
// any), files the user loads, and the public feeds it can download after the user confirms.
// Each has its source and licence.
import { publicFeeds, stixUrlsFromMvtList as stixUrls } from '../js/feeds-catalog.js';
import { FEEDS_HOST } from './settings.js';
import { BUNDLED_FEEDS } from './bundled-feeds.js';

const STORE = 'zeekscope.feeds';

export const PUBLIC_FEEDS = publicFeeds(FEEDS_HOST);
export { stixFeedName } from '../js/feeds-catalog.js';

// demo: sent to the engine as a demo set, so a check against it alone is never "checked".
export const BUILT_IN = [
  {
    name: 'zeekscope demo indicators (not real threats)',
    path: 'iocs/demo-indicators.json',
    licence: 'MIT, zeekscope. Reserved .example names and documentation addresses, for the sample.',
    demo: true,
  },
];

// Lists older than this are marked as old.
export const OLD_AFTER_DAYS = 30;

// The indicator files bundled into this build (the MVT list of STIX2 files holds none), as
// { name, file, url, licence, fetched (ms) }, or [] when none are.
export const BUNDLED = (BUNDLED_FEEDS?.sources ?? [])
  .filter((s) => !s.list && typeof s.name === 'string' && typeof s.file === 'string')
  .map((s) => ({
    name: s.name,
    file: s.file,
    url: String(s.url ?? ''),
    licence: String(s.licence ?? ''),
    fetched: Date.parse(s.fetched),
  }));

// The bundled files, read from the page's own origin (dist/web/feeds/). Skips a file that
// cannot be read, with the reason.
export async function loadBundledFeeds() {
  const got = [];
  const failed = [];
  for (const b of BUNDLED) {
    const url = `feeds/${b.file.split('/').map(encodeURIComponent).join('/')}`;
    try {
      const response = await fetch(url, { credentials: 'omit', cache: 'no-cache' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      got.push({ ...b, bytes: new Uint8Array(await response.arrayBuffer()) });
    } catch (e) {
      failed.push(`${b.name}: ${e.message}`);
    }
  }
  return { got, failed };
}

export function licenceOf(sourceName) {
  if (sourceName.startsWith('zeekscope')) return 'MIT, zeekscope';
  const bundled = BUNDLED.find((b) => b.name === sourceName);
  if (bundled?.licence) return bundled.licence;
  const known = [...PUBLIC_FEEDS, ...BUILT_IN].find(
    (f) => sourceName === f.name || sourceName.startsWith(f.name.split(':')[0] + ':'),
  );
  if (known) return known.licence;
  if (/mvt|stix2/i.test(sourceName) && /raw\.githubusercontent|mvt/i.test(sourceName))
    return 'see the MVT indicators repository';
  return 'loaded by you: check its licence';
}

// STIX2 file addresses listed in MVT's indicators.yaml.
export function stixUrlsFromMvtList(yamlText) {
  return stixUrls(yamlText, FEEDS_HOST);
}

export async function fetchText(url) {
  const response = await fetch(url, {
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

export function loadStoredFeeds() {
  try {
    return JSON.parse(localStorage.getItem(STORE)) ?? [];
  } catch {
    return [];
  }
}

export function storeFeeds(feeds) {
  localStorage.setItem(STORE, JSON.stringify(feeds));
}

export function forgetStoredFeeds() {
  localStorage.removeItem(STORE);
}

// Whole days from `ms` to now.
export function ageInDays(ms, now = Date.now()) {
  return Math.max(0, Math.floor((now - ms) / 86400000));
}
