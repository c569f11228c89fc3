// The public indicator feeds zeekscope knows, shared by the page (download after the user
// confirms) and the CLI (`zeekscope fetch-feeds`): where each lives and under what licence.
export const FEEDS_HOST = 'https://raw.githubusercontent.com';

export function publicFeeds(host = FEEDS_HOST) {
  return [
    {
      name: 'Echap stalkerware-indicators: network.csv',
      file: 'echap-network.csv',
      url: `${host}/AssoEchap/stalkerware-indicators/master/generated/network.csv`,
      licence: 'CC BY 4.0, attribution: Echap and the stalkerware-indicators contributors',
    },
    {
      name: 'TinyCheck: iocs.json',
      file: 'tinycheck-iocs.json',
      url: `${host}/KasperskyLab/TinyCheck/main/assets/iocs.json`,
      licence: 'Apache-2.0, Kaspersky Lab (TinyCheck)',
    },
    {
      name: 'MVT indicators: indicators.yaml (list of STIX2 files)',
      file: 'mvt-indicators.yaml',
      url: `${host}/mvt-project/mvt-indicators/main/indicators.yaml`,
      licence: 'MIT, the MVT project (mvt-indicators)',
      list: true,
    },
  ];
}

// STIX2 file addresses listed in MVT's indicators.yaml (entries with a github: block).
export function stixUrlsFromMvtList(yamlText, host = FEEDS_HOST) {
  const urls = [];
  let current = null;
  for (const raw of yamlText.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '');
    const m = /^\s*(owner|repo|branch|path):\s*(\S+)\s*$/.exec(line);
    if (/^\s*-\s*$/.test(line) || /^\s*-\s+type:/.test(line)) current = {};
    if (m && current) {
      current[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
      if (
        current.owner &&
        current.repo &&
        current.branch &&
        current.path &&
        current.path.endsWith('.stix2')
      ) {
        urls.push(`${host}/${current.owner}/${current.repo}/${current.branch}/${current.path}`);
        current = {};
      }
    }
  }
  return [...new Set(urls)];
}

// The source name a STIX2 file from the MVT list is loaded under (page and CLI alike).
export function stixFeedName(url) {
  return `MVT indicators: ${url.split('/').slice(-1)[0]}`;
}

// A SOURCES.json entry (fetch-feeds) as reports name the feed: its name, download day and licence.
export function feedLabelOf(entry) {
  return {
    name: entry.name,
    date: typeof entry.fetched === 'string' ? entry.fetched.slice(0, 10) : '',
    licence: typeof entry.licence === 'string' ? entry.licence : '',
  };
}
