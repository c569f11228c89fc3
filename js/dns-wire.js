// DNS messages in RFC 1035 wire format, as DNS over HTTPS (RFC 8484) carries them: an NS query,
// and the NS names in an answer.
export const TYPE_NS = 2;

export function encodeQuery(name, type = TYPE_NS) {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  const parts = [];
  for (const label of labels) {
    const bytes = new TextEncoder().encode(label);
    if (bytes.length > 63) throw new Error(`label too long in ${name}`);
    parts.push(bytes.length, ...bytes);
  }
  // ID 0 (RFC 8484 section 4.1, cache friendly), RD set, one question.
  return new Uint8Array([0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...parts, 0, type >> 8, type & 255, 0, 1]);
}

function readName(msg, offset) {
  const labels = [];
  let jumps = 0;
  let end = -1;
  while (true) {
    if (offset >= msg.length) throw new Error('truncated name');
    const len = msg[offset];
    if (len === 0) {
      if (end < 0) end = offset + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (++jumps > 64) throw new Error('name compression loop');
      if (end < 0) end = offset + 2;
      offset = ((len & 0x3f) << 8) | msg[offset + 1];
      continue;
    }
    labels.push(new TextDecoder().decode(msg.subarray(offset + 1, offset + 1 + len)));
    offset += 1 + len;
  }
  return { name: labels.join('.'), end };
}

// Returns { rcode, ns: [names] }.
export function decodeNsAnswer(bytes) {
  const msg = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (msg.length < 12) throw new Error('short DNS message');
  const view = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  const rcode = view.getUint16(2) & 0x0f;
  const qd = view.getUint16(4);
  const an = view.getUint16(6);
  let offset = 12;
  for (let i = 0; i < qd; i++) offset = readName(msg, offset).end + 4;
  const ns = [];
  for (let i = 0; i < an; i++) {
    const { end } = readName(msg, offset);
    const type = view.getUint16(end);
    const rdlength = view.getUint16(end + 8);
    const rdata = end + 10;
    if (type === TYPE_NS) ns.push(readName(msg, rdata).name);
    offset = rdata + rdlength;
  }
  return { rcode, ns };
}

// Builds an answer (used by the tests' DoH server).
export function encodeNsAnswer(queryBytes, nsNames, rcode = 0) {
  const q = new Uint8Array(queryBytes);
  const question = q.subarray(12);
  const out = [q[0], q[1], 0x81, 0x80 | rcode, 0, 1, 0, nsNames.length, 0, 0, 0, 0, ...question];
  for (const ns of nsNames) {
    const rdata = encodeQuery(ns).subarray(12, -4);
    out.push(0xc0, 12, 0, TYPE_NS, 0, 1, 0, 0, 0x0e, 0x10, rdata.length >> 8, rdata.length & 255, ...rdata);
  }
  return new Uint8Array(out);
}

export function base64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
