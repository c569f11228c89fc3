// CRC-32 as zlib's crc32 and Ethernet's FCS compute it: reflected, polynomial 0xEDB88320, initial
// value and final xor all ones. Node 20 has no zlib.crc32; PCAPdroid's pcap trailer needs one.
const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

// The CRC of `bytes` (any iterable of byte values); `crc` continues an earlier one.
export function crc32(bytes, crc = 0) {
  let c = ~crc >>> 0;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
