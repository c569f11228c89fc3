// Shared by the phone capture tests (tests/js/phone-capture.test.js, tests/browser/
// phone-capture.test.js): the real public lists from ../shared/data/iocs read here independently
// of the engine, the indicators a phone capture is made to contact, and what tshark's view of the
// capture matches in those lists.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED } from './helpers.js';

export const TSHARK = '/usr/bin/tshark';
export const needTshark = () => (existsSync(TSHARK) ? false : `tshark is not installed (${TSHARK})`);

// The three lists, under the names the page keeps them by (js/feeds-catalog.js).
export const LISTS = [
  {
    name: 'Echap stalkerware-indicators: network.csv',
    file: 'iocs/echap/network.csv',
    licence: 'CC BY 4.0, attribution: Echap and the stalkerware-indicators contributors',
  },
  {
    name: 'TinyCheck: iocs.json',
    file: 'iocs/tinycheck/iocs.json',
    licence: 'Apache-2.0, Kaspersky Lab (TinyCheck)',
  },
  {
    name: 'MVT indicators: predator.stix2',
    file: 'iocs/mvt/predator.stix2',
    licence: 'MIT, the MVT project (mvt-indicators)',
  },
];
export const listPaths = () => LISTS.map((l) => path.join(SHARED, l.file));

// The three lists as the page keeps downloaded ones (localStorage `zeekscope.feeds`), fetched a
// day ago.
export function keptLists() {
  return LISTS.map((l) => ({
    name: l.name,
    text: readFileSync(path.join(SHARED, l.file), 'utf8'),
    licence: l.licence,
    date: Date.now() - 86400000,
  }));
}

const lower = (s) => s.trim().toLowerCase().replace(/\.$/, '');

// The lists' domains and addresses, read here without the engine. Domains match themselves and
// their subdomains (TinyCheck's free dynamic-DNS providers and TLDs too); addresses match
// exactly, networks by prefix.
export function readLists() {
  const text = (f) => readFileSync(path.join(SHARED, f), 'utf8');
  const out = { domains: new Map(), addresses: new Map(), networks: [] };
  // Each value with the lists that have it (the first list's tag kept).
  const add = (map, key, list, tag) => {
    const entry = map.get(key) ?? { lists: [], tag };
    entry.lists.push(list);
    map.set(key, entry);
  };
  const domain = (v, list, tag) => add(out.domains, lower(v).replace(/^\./, ''), list, tag);
  const address = (v, list, tag) => add(out.addresses, v.trim(), list, tag);
  for (const line of text(LISTS[0].file).split('\n').slice(1)) {
    const [type, value, app] = line.split(',');
    if (type === 'domain') domain(value, 'echap', app);
    if (type === 'ipv4') address(value, 'echap', app);
  }
  for (const ioc of JSON.parse(text(LISTS[1].file)).iocs) {
    if (['domain', 'freedns', 'tld'].includes(ioc.type)) domain(ioc.value, `tinycheck-${ioc.type}`, ioc.tag);
    if (ioc.type === 'ip4addr') address(ioc.value, 'tinycheck', ioc.tag);
    if (ioc.type === 'cidr') out.networks.push({ value: ioc.value, tag: ioc.tag });
  }
  for (const o of JSON.parse(text(LISTS[2].file)).objects ?? []) {
    if (o.type !== 'indicator') continue;
    for (const [, kind, value] of o.pattern.matchAll(/(domain-name|ipv4-addr):value\s*=\s*'([^']+)'/g))
      if (kind === 'domain-name') domain(value, 'mvt', 'predator');
      else address(value, 'mvt', 'predator');
  }
  return out;
}

const v4 = (a) => a.split('.').reduce((n, x) => n * 256 + Number(x), 0);
function inNetwork(addr, cidr) {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(v4(addr) / size) === Math.floor(v4(base) / size);
}

// The listed domain a name falls under (itself or a parent), or null.
export function listedDomain(lists, name) {
  const labels = lower(name).split('.');
  for (let i = 0; i < labels.length; i++) {
    const d = labels.slice(i).join('.');
    if (lists.domains.has(d)) return d;
  }
  return null;
}

// The indicators a phone capture contacts, chosen from the real lists in a fixed way: two Echap
// stalkerware domains (the second as a subdomain), one TinyCheck stalkerware address, one MVT
// (Predator) domain. Each is in its own list only (so its alert names that list as the source),
// and none lies under another listed domain, a listed TLD or a listed network, so each should
// give exactly its own match.
export function pickIndicators(lists) {
  const alone = (d) => listedDomain(lists, d.split('.').slice(1).join('.') || '-') === null;
  const plain = (d) => /^[a-z0-9-]+\.(com|net|org)$/.test(d) && alone(d) && !lists.domains.has(`api.${d}`);
  const of = (list, test) =>
    [...lists.domains]
      .filter(([d, e]) => e.lists.every((l) => l === list) && test(d))
      .map(([d]) => d)
      .sort();
  const echap = of('echap', plain);
  const mvt = of('mvt', plain);
  const address = [...lists.addresses]
    .filter(
      ([a, e]) =>
        e.lists.every((l) => l === 'tinycheck') &&
        e.tag === 'stalkerware' &&
        !lists.networks.some((n) => inNetwork(a, n.value)),
    )
    .map(([a]) => a)
    .sort()[0];
  return {
    echapDomain: echap[0],
    echapParent: echap[1],
    echapSubdomain: `api.${echap[1]}`,
    tinycheckAddress: address,
    mvtDomain: mvt[0],
  };
}

// Names of ordinary apps, besides the platform's.
export const BENIGN = ['graph.instagram.com', 'api.spotify.com', 'web.whatsapp.com'];

// The contacts of the capture: the picked indicators, one of them reached by plain HTTP.
export function phoneContacts(picked) {
  return [
    picked.echapDomain,
    { name: picked.echapSubdomain, via: 'http' },
    picked.tinycheckAddress,
    picked.mvtDomain,
  ];
}

// The names and addresses tshark sees in the capture, and which listed values they match.
export function tsharkView(file) {
  const fields = [
    'ip.dst',
    'ipv6.dst',
    'dns.qry.name',
    'dns.a',
    'dns.aaaa',
    'dns.cname',
    'tls.handshake.extensions_server_name',
    'http.host',
  ];
  const text = execFileSync(TSHARK, ['-r', file, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const values = new Set(
    text
      .split('\n')
      .flatMap((l) => l.split(/[\t,]/))
      .map(lower)
      .filter(Boolean),
  );
  const packets = execFileSync(TSHARK, ['-r', file, '-T', 'fields', '-e', 'frame.number'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .split('\n')
    .filter(Boolean).length;
  return { values, packets };
}

export function matchedByTshark(lists, values) {
  const matched = new Set();
  for (const v of values) {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(v)) {
      if (lists.addresses.has(v)) matched.add(v);
      for (const n of lists.networks) if (inNetwork(v, n.value)) matched.add(n.value);
    } else if (!v.includes(':')) {
      const d = listedDomain(lists, v);
      if (d) matched.add(d);
    } else if (lists.addresses.has(v)) matched.add(v);
  }
  return matched;
}

// The indicator values a report's IOC alerts name.
export function matchedByReport(report) {
  return new Set(
    report.alerts
      .filter((a) => a.id.startsWith('IOC-'))
      .flatMap((a) => a.evidence.indicators.map((i) => lower(i.value).replace(/^\./, ''))),
  );
}
