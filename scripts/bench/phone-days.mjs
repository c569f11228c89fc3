// Long phone captures for the packet benchmark: day after day of one Android phone
// (scripts/lib/phone-capture.mjs with media fetches, so that most bytes are full-size segments
// and the mean packet is about 700 bytes), each day its own seed, written one day at a time to a
// pcapng (one section per day) and to a pcap (raw IP, microseconds) of the same packets, until
// the pcapng holds `bytes`. The first day alone is written too, to show that peak memory does not
// grow with the file. Each day is generated, written and dropped: memory stays one day's.
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { phoneCapture } from '../lib/phone-capture.mjs';

const DAY_US = 86_400_000_000n;
const LINKTYPE_RAW = 101;

// The enhanced packet blocks of a pcapng written by phoneCapture (little-endian, one interface in
// microseconds): each packet's time shifted by `shiftUs`, into the pcapng (times rewritten in
// place) and as pcap records.
function shiftAndConvert(pcapng, shiftUs) {
  const view = new DataView(pcapng.buffer, pcapng.byteOffset, pcapng.byteLength);
  const records = [];
  for (let at = 0; at + 12 <= pcapng.length;) {
    const type = view.getUint32(at, true);
    const length = view.getUint32(at + 4, true);
    if (type === 6) {
      const ts =
        ((BigInt(view.getUint32(at + 12, true)) << 32n) | BigInt(view.getUint32(at + 16, true))) + shiftUs;
      view.setUint32(at + 12, Number(ts >> 32n), true);
      view.setUint32(at + 16, Number(ts & 0xffffffffn), true);
      const captured = view.getUint32(at + 20, true);
      const head = Buffer.alloc(16);
      head.writeUInt32LE(Number(ts / 1_000_000n), 0);
      head.writeUInt32LE(Number(ts % 1_000_000n), 4);
      head.writeUInt32LE(captured, 8);
      head.writeUInt32LE(view.getUint32(at + 24, true), 12);
      records.push(head, pcapng.subarray(at + 28, at + 28 + captured));
    }
    at += length;
  }
  return Buffer.concat(records);
}

function pcapHeader() {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(65535, 16);
  h.writeUInt32LE(LINKTYPE_RAW, 20);
  return h;
}

// Writes DIR/phone-days.pcapng and .pcap (at least `bytes` of pcapng) and DIR/phone-day.pcapng
// and .pcap (the first day alone). Returns their paths, the days and the packets.
export function writePhoneDays({ dir, bytes, names = 2000, media = 60, log = () => {} }) {
  const benign = Array.from({ length: names }, (_, i) => `api${i % 7}.app${i}.example${i % 211}.net`);
  const files = {
    pcapng: path.join(dir, 'phone-days.pcapng'),
    pcap: path.join(dir, 'phone-days.pcap'),
    dayPcapng: path.join(dir, 'phone-day.pcapng'),
    dayPcap: path.join(dir, 'phone-day.pcap'),
  };
  const fds = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, openSync(f, 'w')]));
  writeSync(fds.pcap, pcapHeader());
  writeSync(fds.dayPcap, pcapHeader());
  let written = 0;
  let packets = 0;
  let days = 0;
  while (written < bytes) {
    const start = process.hrtime.bigint();
    const day = phoneCapture({ seed: 1000 + days, minutes: 24 * 60, benign, media });
    const records = shiftAndConvert(day.bytes, BigInt(days) * DAY_US);
    writeSync(fds.pcapng, day.bytes);
    writeSync(fds.pcap, records);
    if (days === 0) {
      writeSync(fds.dayPcapng, day.bytes);
      writeSync(fds.dayPcap, records);
    }
    written += day.bytes.length;
    packets += day.packets;
    days++;
    log(
      `day ${days}: ${(day.bytes.length / 1e6).toFixed(1)} MB, ${day.packets} packets, ` +
        `${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s`,
    );
  }
  for (const fd of Object.values(fds)) closeSync(fd);
  return { files, days, packets };
}
