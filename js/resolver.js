// Nameserver lookups for IOC-06: the only network feature, off unless asked for.
//   "off"          nothing is looked up; IOC-06 is reported as not evaluated
//   "system"       the operating system's resolver (Node only)
//   "doh[=URL]"    DNS over HTTPS, RFC 8484 wire format (GET, then POST), JSON API as fallback
//   a preset name  DoH to a resolver of js/doh-presets.js ("cloudflare", "google")
// Per-query timeout, bounded concurrency, one lookup per domain (cached); failures and
// timeouts are returned per domain and never fail the analysis.
import { base64url, decodeNsAnswer, encodeQuery } from './dns-wire.js';
import { DEFAULT_DOH_PRESET, DOH_PRESETS } from './doh-presets.js';

export { DOH_PRESETS };

const dohTarget = ({ wire, json }) => ({ wire, json });

// "off, system, doh, doh=URL, cloudflare or google": every resolver the option takes.
export function resolverChoices() {
  const all = ['off', 'system', 'doh', 'doh=URL', ...Object.keys(DOH_PRESETS)];
  return `${all.slice(0, -1).join(', ')} or ${all.at(-1)}`;
}

const cache = new Map(); // `${endpoint}|${domain}` -> Promise<string[]>

export function parseResolver(spec) {
  if (!spec || spec === 'off') return { kind: 'off' };
  if (spec === 'system') return { kind: 'system' };
  if (Object.hasOwn(DOH_PRESETS, spec)) return { kind: 'doh', ...dohTarget(DOH_PRESETS[spec]) };
  if (spec === 'doh') return { kind: 'doh', ...dohTarget(DOH_PRESETS[DEFAULT_DOH_PRESET]) };
  if (spec.startsWith('doh=')) {
    const url = new URL(spec.slice(4));
    const loopback =
      ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || /^127\./.test(url.hostname);
    if (url.protocol === 'http:' && !loopback)
      throw new Error(`DoH over plain http is allowed only on this machine, not ${url.host}`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error(`not an http(s) DoH address: ${spec.slice(4)}`);
    return { kind: 'doh', wire: url.href, json: url.href };
  }
  throw new Error(`unknown resolver "${spec}": use ${resolverChoices()}`);
}

async function withTimeout(promise, ms, controller) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      controller?.abort();
      reject(Object.assign(new Error(`timed out after ${ms} ms`), { timeout: true }));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function dohWire(url, domain, fetchImpl, signal) {
  const query = encodeQuery(domain);
  const sep = url.includes('?') ? '&' : '?';
  let res = await fetchImpl(`${url}${sep}dns=${base64url(query)}`, {
    headers: { accept: 'application/dns-message' },
    signal,
  });
  if (res.status === 405 || res.status === 400) {
    res = await fetchImpl(url, {
      method: 'POST',
      body: query,
      signal,
      headers: { accept: 'application/dns-message', 'content-type': 'application/dns-message' },
    });
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || !type.includes('application/dns-message'))
    throw Object.assign(new Error(`HTTP ${res.status}`), { fallback: true });
  return decodeNsAnswer(new Uint8Array(await res.arrayBuffer()));
}

async function dohJson(url, domain, fetchImpl, signal) {
  const sep = url.includes('?') ? '&' : '?';
  const res = await fetchImpl(`${url}${sep}name=${encodeURIComponent(domain)}&type=NS`, {
    headers: { accept: 'application/dns-json' },
    signal,
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = await res.json();
  return {
    rcode: body.Status ?? 0,
    ns: (body.Answer ?? []).filter((a) => a.type === 2).map((a) => String(a.data)),
  };
}

async function lookup(target, domain, options) {
  const { fetchImpl = globalThis.fetch, timeoutMs = 4000, system, signal } = options;
  if (target.kind === 'system') {
    if (!system) throw new Error('the system resolver is available only in Node');
    return withTimeout(system(domain), timeoutMs);
  }
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const run = async () => {
    let answer;
    try {
      answer = await dohWire(target.wire, domain, fetchImpl, controller.signal);
    } catch (e) {
      if (!e.fallback) throw e;
      answer = await dohJson(target.json, domain, fetchImpl, controller.signal);
    }
    if (answer.rcode === 3) return []; // NXDOMAIN: no nameservers, not a failure
    if (answer.rcode !== 0) throw new Error(answer.rcode === 2 ? 'SERVFAIL' : `DNS error ${answer.rcode}`);
    return answer.ns;
  };
  return withTimeout(run(), timeoutMs, controller);
}

// Returns { answers: {domain: [ns]}, failures: {domain: reason}, stats }.
export async function resolveNameservers(domains, spec, options = {}) {
  const target = typeof spec === 'string' ? parseResolver(spec) : spec;
  const answers = {};
  const failures = {};
  if (target.kind === 'off') return { answers, failures, stats: { queries: 0, cached: 0 } };
  const concurrency = options.concurrency ?? 8;
  const key = (d) => `${target.kind}|${target.wire ?? ''}|${d}`;
  const unique = [...new Set(domains)];
  let next = 0;
  let queries = 0;
  let cached = 0;
  const worker = async () => {
    while (next < unique.length) {
      const domain = unique[next++];
      let pending = options.cache === false ? undefined : cache.get(key(domain));
      if (pending) cached++;
      else {
        queries++;
        pending = lookup(target, domain, options);
        if (options.cache !== false) cache.set(key(domain), pending);
        pending.catch(() => cache.delete(key(domain))); // failures are retried next time
      }
      try {
        answers[domain] = await pending;
      } catch (e) {
        failures[domain] = e.timeout ? 'timeout' : String(e.message ?? e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
  return { answers, failures, stats: { queries, cached } };
}

export function clearResolverCache() {
  cache.clear();
}
