// Indicator sources the page knows: the built-in sets, files the user loads, and the public
// feeds it can download after the user confirms. Each has its source and licence.
import { publicFeeds, stixUrlsFromMvtList as stixUrls } from '../js/feeds-catalog.js';
import { FEEDS_HOST } from './settings.js';

const STORE = 'zeekscope.feeds';

export const PUBLIC_FEEDS = publicFeeds(FEEDS_HOST);
export { stixFeedName } from '../js/feeds-catalog.js';

export const BUILT_IN = [
  {
    name: 'zeekscope demo indicators (not real threats)',
    path: 'iocs/demo-indicators.json',
    licence: 'MIT, zeekscope. Reserved .example names and documentation addresses, for the sample.',
  },
];

export function licenceOf(sourceName) {
  if (sourceName.startsWith('zeekscope')) return 'MIT, zeekscope';
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
