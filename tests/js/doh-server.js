// A small DNS-over-HTTPS server for the tests, on 127.0.0.1: RFC 8484 wire format (GET ?dns=,
// POST) and the JSON API. Domains can be told to time out or to SERVFAIL.
import http from 'node:http';
import { decodeNsAnswer, encodeNsAnswer } from '../../js/dns-wire.js';

function questionName(query) {
  // decodeNsAnswer reads the header and question; the name is re-read from the question.
  let offset = 12;
  const labels = [];
  while (query[offset] !== 0) {
    const len = query[offset];
    labels.push(Buffer.from(query.subarray(offset + 1, offset + 1 + len)).toString());
    offset += 1 + len;
  }
  decodeNsAnswer(query); // validates the message
  return labels.join('.');
}

export async function startDohServer({
  records = {},
  timeout = [],
  servfail = [],
  wire = true,
  postOnly = false,
} = {}) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let body = Buffer.alloc(0);
    for await (const c of req) body = Buffer.concat([body, c]);
    let query = null;
    if (postOnly && req.method === 'GET' && url.searchParams.has('dns')) {
      requests.push({ method: 'GET', name: null, kind: 'refused' });
      res.writeHead(405).end();
      return;
    }
    if (url.searchParams.has('dns')) {
      query = Buffer.from(url.searchParams.get('dns').replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    } else if (req.method === 'POST') {
      query = body;
    }
    const name = query ? questionName(new Uint8Array(query)) : url.searchParams.get('name');
    requests.push({ method: req.method, name, kind: query ? 'wire' : 'json' });
    if (timeout.includes(name)) return; // never answers
    const ns = records[name] ?? [];
    const rcode = servfail.includes(name) ? 2 : 0;
    if (query && wire) {
      res.writeHead(200, { 'content-type': 'application/dns-message' });
      res.end(Buffer.from(encodeNsAnswer(new Uint8Array(query), rcode ? [] : ns, rcode)));
    } else if (query) {
      res.writeHead(415).end();
    } else {
      res.writeHead(200, { 'content-type': 'application/dns-json' });
      res.end(
        JSON.stringify({
          Status: rcode,
          Answer: rcode ? [] : ns.map((n) => ({ name, type: 2, data: `${n}.` })),
        }),
      );
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/dns-query`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
