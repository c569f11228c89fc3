// Indicator sources the page knows: the built-in sets, files the user loads, and the public
// feeds it can download after the user confirms. Each has its source and licence.
import { FEEDS_HOST } from './settings.js';

const STORE = 'zeekscope.feeds';

export const PUBLIC_FEEDS = [
  {
    name: 'Echap stalkerware-indicators: network.csv',
    url: `${FEEDS_HOST}/AssoEchap/stalkerware-indicators/master/generated/network.csv`,
    licence: 'CC BY 4.0, attribution: Echap and the stalkerware-indicators contributors',
  },
  {
    name: 'TinyCheck: iocs.json',
    url: `${FEEDS_HOST}/KasperskyLab/TinyCheck/main/assets/iocs.json`,
    licence: 'Apache-2.0, Kaspersky Lab (TinyCheck)',
  },
  {
    name: 'MVT indicators: indicators.yaml (list of STIX2 files)',
    url: `${FEEDS_HOST}/mvt-project/mvt-indicators/main/indicators.yaml`,
    licence: 'MIT, the MVT project (mvt-indicators)',
    list: true,
  },
];

export const BUILT_IN = [
  {
    name: 'zeekscope demo indicators (not real threats)',
    path: 'iocs/demo-indicators.json',
    licence: 'MIT, zeekscope. Reserved .example names and documentation addresses, for the sample.',
  },
];

export function licenceOf(sourceName) {
  if (sourceName.startsWith('zeekscope')) return 'MIT, zeekscope';
  const known = [...PUBLIC_FEEDS, ...BUILT_IN].find((f) => sourceName === f.name || sourceName.startsWith(f.name.split(':')[0] + ':'));
  if (known) return known.licence;
  if (/mvt|stix2/i.test(sourceName) && /raw\.githubusercontent|mvt/i.test(sourceName)) return 'see the MVT indicators repository';
  return 'loaded by you: check its licence';
}

// STIX2 file addresses listed in MVT's indicators.yaml (entries with a github: block).
export function stixUrlsFromMvtList(yamlText) {
  const urls = [];
  let current = null;
  for (const raw of yamlText.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '');
    const m = /^\s*(owner|repo|branch|path):\s*(\S+)\s*$/.exec(line);
    if (/^\s*-\s*$/.test(line) || /^\s*-\s+type:/.test(line)) current = {};
    if (m && current) {
      current[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
      if (current.owner && current.repo && current.branch && current.path && current.path.endsWith('.stix2')) {
        urls.push(`${FEEDS_HOST}/${current.owner}/${current.repo}/${current.branch}/${current.path}`);
        current = {};
      }
    }
  }
  return [...new Set(urls)];
}

export async function fetchText(url) {
  const response = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' });
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
