// Nameserver lookups against a local DoH server: answers, JSON fallback, timeout, SERVFAIL,
// cache; and IOC-06 end to end through analyze().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, parseResolver, resolveNameservers } from '../../js/index.js';
import { clearResolverCache } from '../../js/resolver.js';
import { decodeNsAnswer, encodeNsAnswer, encodeQuery } from '../../js/dns-wire.js';
import { startDohServer } from './doh-server.js';

test('DNS wire format round trip with name compression', () => {
  const q = encodeQuery('hidden.example');
  const a = decodeNsAnswer(encodeNsAnswer(q, ['ns1.njalla.no', 'ns2.example.net']));
  assert.deepEqual(a, { rcode: 0, ns: ['ns1.njalla.no', 'ns2.example.net'] });
});

test('DoH answers, SERVFAIL and timeouts are reported per domain, and answers are cached', async () => {
  clearResolverCache();
  const server = await startDohServer({
    records: { 'hidden.example': ['ns1.njalla.no'], 'ok.example': ['a.iana-servers.net'] },
    timeout: ['slow.example'],
    servfail: ['broken.example'],
  });
  try {
    const spec = `doh=${server.url}`;
    const r = await resolveNameservers(
      ['hidden.example', 'ok.example', 'slow.example', 'broken.example', 'none.example'],
      spec,
      { timeoutMs: 300 },
    );
    assert.deepEqual(r.answers, {
      'hidden.example': ['ns1.njalla.no'],
      'ok.example': ['a.iana-servers.net'],
      'none.example': [],
    });
    assert.deepEqual(r.failures, { 'slow.example': 'timeout', 'broken.example': 'SERVFAIL' });
    const before = server.requests.length;
    const again = await resolveNameservers(['hidden.example', 'ok.example'], spec, { timeoutMs: 300 });
    assert.equal(server.requests.length, before); // served from the cache
    assert.equal(again.stats.cached, 2);
    assert.ok(server.requests.every((q) => q.method === 'GET' && q.kind === 'wire'));
  } finally {
    await server.close();
  }
});

test('the JSON API is the fallback when the server does not speak the wire format', async () => {
  clearResolverCache();
  const server = await startDohServer({ records: { 'hidden.example': ['ns1.njalla.no'] }, wire: false });
  try {
    const r = await resolveNameservers(['hidden.example'], `doh=${server.url}`, { timeoutMs: 1000 });
    assert.deepEqual(r.answers, { 'hidden.example': ['ns1.njalla.no.'] });
    assert.ok(server.requests.some((q) => q.kind === 'json'));
  } finally {
    await server.close();
  }
});

test('POST is used when the server refuses GET', async () => {
  clearResolverCache();
  const server = await startDohServer({ records: { 'hidden.example': ['ns1.njalla.no'] }, postOnly: true });
  try {
    const r = await resolveNameservers(['hidden.example'], `doh=${server.url}`, { timeoutMs: 1000 });
    assert.deepEqual(r.answers, { 'hidden.example': ['ns1.njalla.no'] });
    assert.deepEqual(
      server.requests.map((q) => `${q.method} ${q.kind}`),
      ['GET refused', 'POST wire'],
    );
  } finally {
    await server.close();
  }
});

test('plain http is refused except on this machine; presets exist', () => {
  assert.throws(() => parseResolver('doh=http://192.0.2.1/dns-query'), /only on this machine/);
  assert.equal(parseResolver('doh=http://127.0.0.1:5353/q').kind, 'doh');
  assert.equal(parseResolver('cloudflare').wire, 'https://cloudflare-dns.com/dns-query');
  assert.equal(parseResolver('google').json, 'https://dns.google/resolve');
  assert.throws(() => parseResolver('carrier-pigeon'), /unknown resolver/);
});

test('IOC-06 runs through analyze() with a resolver, and failures are counted in coverage', async () => {
  clearResolverCache();
  const server = await startDohServer({
    records: { 'hidden.co.uk': ['ns2.example.net', 'ns1.njalla.no'] },
    timeout: ['slow.example'],
  });
  const log =
    [
      '#separator \\x09',
      '#path\tdns',
      '#fields\tts\tquery\tqtype_name\tanswers',
      '1.0\ta.b.hidden.co.uk\tA\t-',
      '1.0\twww.slow.example\tA\t-',
    ].join('\n') + '\n';
  const input = () => [{ name: 'dns.log', stream: new Blob([log]).stream() }];
  try {
    const report = await analyze(input(), {
      indicators: [{ name: 'ns.txt', text: 'njalla.no\n', format: 'text:ns' }],
      resolver: `doh=${server.url}`,
      resolverOptions: { timeoutMs: 300 },
    });
    assert.ok(report.alerts.some((a) => a.id === 'IOC-06' && a.host === 'a.b.hidden.co.uk'));
    const cov = report.coverage.find((c) => c.rule === 'IOC-06');
    assert.equal(cov.evaluated, true);
    assert.equal(cov.reason, 'nameserver answers for 1 of 2 domains; 1 lookups failed');
    const off = await analyze(input(), {
      indicators: [{ name: 'ns.txt', text: 'njalla.no\n', format: 'text:ns' }],
    });
    assert.equal(off.coverage.find((c) => c.rule === 'IOC-06').evaluated, false);
  } finally {
    await server.close();
  }
});
