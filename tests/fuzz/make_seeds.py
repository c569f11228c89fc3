#!/usr/bin/env python3
"""Writes small, valid seed inputs for one fuzz target into a folder, cut from the real logs
and feeds of ../shared/data and from the repo's own inputs (fuzzers grow better from many small
valid inputs than from a few large ones).  usage: make_seeds.py TARGET OUT_DIR SHARED_DATA"""
import gzip, hashlib, json, os, shutil, struct, subprocess, sys, zlib

target, out, shared = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
MAX = 16384


def put(data):
    if isinstance(data, str):
        data = data.encode('utf-8', 'surrogateescape')
    data = data[:MAX]
    with open(os.path.join(out, hashlib.sha1(data).hexdigest()[:16]), 'wb') as f:
        f.write(data)


def files(*dirs):
    for d in dirs:
        for root, _, names in os.walk(d):
            for n in sorted(names):
                yield os.path.join(root, n)


def read(path):
    with open(path, 'rb') as f:
        return f.read().decode('utf-8', 'surrogateescape')


def small_logs(json_wanted):
    """Each log cut to its header and a window of records (several windows per file)."""
    for path in files(os.path.join(shared, 'zeek')):
        if path.endswith('.gz') or os.path.getsize(path) > 50_000_000:
            continue
        lines = read(path).split('\n')
        is_json = any(l.startswith('{') for l in lines[:5])
        if json_wanted is not None and is_json != json_wanted:
            continue
        head = [l for l in lines[:12] if l.startswith('#')]
        body = [l for l in lines if l and not l.startswith('#')]
        for start in range(0, min(len(body), 120), 40):
            yield '\n'.join(head + body[start:start + 25]) + '\n'


def windows(items, size, count=6):
    step = max(1, len(items) // count)
    for start in range(0, len(items), step):
        yield items[start:start + size]


def tinycheck_json():
    for path in [f'{shared}/iocs/tinycheck/iocs.json', f'{shared}/iocs/tinycheck/whitelist.json',
                 f'{shared}/iocs/echap/indicators-for-tinycheck.json', 'iocs/builtin/demo-indicators.json']:
        if not os.path.exists(path):
            continue
        doc = json.loads(read(path))
        key = 'iocs' if 'iocs' in doc else 'elements'
        for part in windows(doc.get(key, []), 15):
            put(json.dumps({key: part, 'to_delete': doc.get('to_delete', [])[:3]}))


def stix2():
    for path in files(f'{shared}/iocs'):
        if not path.endswith('.stix2') and not path.endswith('misp_event.json'):
            continue
        try:
            doc = json.loads(read(path))
        except ValueError:
            continue
        objs = doc.get('objects', [])
        keep = [o for o in objs if o.get('type') not in ('indicator', 'relationship')]
        indicators = [o for o in objs if o.get('type') == 'indicator']
        for part in windows(indicators, 8):
            ids = {o.get('id') for o in part}
            rels = [o for o in objs if o.get('type') == 'relationship' and o.get('source_ref') in ids]
            put(json.dumps({'type': 'bundle', 'id': doc.get('id', 'bundle--x'), 'objects': keep[:3] + part + rels}))


def echap_csv():
    path = f'{shared}/iocs/echap/network.csv'
    if os.path.exists(path):
        lines = read(path).split('\n')
        for part in windows(lines[1:], 30):
            put('\n'.join([lines[0]] + part) + '\n')


def echap_yaml():
    for path in [f'{shared}/iocs/echap/ioc.yaml', f'{shared}/iocs/echap/watchware.yaml',
                 f'{shared}/iocs/mvt/indicators.yaml']:
        if not os.path.exists(path):
            continue
        entries = read(path).split('\n- ')
        for part in windows(entries, 2, 12):
            text = '\n- '.join(part)
            put(text if text.startswith('- ') else '- ' + text)


def text_list():
    for path in [f'{shared}/iocs/echap/hosts', 'iocs/builtin/nonroutable-whitelist.txt']:
        if os.path.exists(path):
            lines = read(path).split('\n')
            for k, part in enumerate(windows(lines, 40)):
                put(bytes([k % 9]) + '\n'.join(part).encode())


def config():
    for c in [{}, {'profile': 'tinycheck-2020'}, {'device': ['10.0.0.2', 'fe80::1']},
              {'limits': {'max_fields': 10, 'max_destinations': 3}}, {'ssl_default_ports': [443, 8443]},
              {'free_issuers': ['O=Let\'s Encrypt'], 'max_alerts': 5, 'heuristics': False}]:
        put(json.dumps(c))


def session():
    demo = read('iocs/builtin/demo-indicators.json')
    configs = ['', '{"profile":"tinycheck-2020"}', '{"limits":{"max_destinations":4,"max_names":40}}']
    logs = list(small_logs(None))
    for k, log in enumerate(logs[:60]):
        put(configs[k % 3] + '\x00ZS\x00' + demo[:4000] + '\x00ZS\x00' + '\x40' + log)


def traces():
    """The packet traces of Zeek's test suite (recognised by their magic), as bytes."""
    for path in files(os.path.join(shared, 'pcap', 'zeek-btest')):
        with open(path, 'rb') as f:
            data = f.read()
        if data[:2] == b'\x1f\x8b':
            data = gzip.decompress(data)
        if data[:4] in (b'\xd4\xc3\xb2\xa1', b'\xa1\xb2\xc3\xd4', b'\x4d\x3c\xb2\xa1',
                        b'\xa1\xb2\x3c\x4d', b'\x0a\x0d\x0d\x0a'):
            yield data


def pcap_records(data):
    """(link type, [(caplen, frame)]) of a pcap file; None for pcapng."""
    if data[:4] == b'\x0a\x0d\x0d\x0a':
        return None
    e = '<' if data[:4] in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    link = struct.unpack(e + 'I', data[20:24])[0] & 0xFFFF
    out, at = [], 24
    while at + 16 <= len(data):
        caplen = struct.unpack(e + 'I', data[at + 8:at + 12])[0]
        out.append(data[at + 16:at + 16 + caplen])
        at += 16 + caplen
    return link, out, e


def capture_file():
    """Each trace cut to its header and a window of records (pcap) or its first blocks (pcapng)."""
    for k, data in enumerate(traces()):
        parsed = pcap_records(data)
        if parsed is None:
            put(bytes([(k * 37) % 256]) + data[:4000])
            continue
        link, frames, e = parsed
        for start in range(0, min(len(frames), 60), 20):
            body = b''
            for n, frame in enumerate(frames[start:start + 8]):
                body += struct.pack(e + 'IIII', 1000 + n, n, len(frame), len(frame)) + frame
                if len(body) > 3500:
                    break
            put(bytes([(k * 37 + start) % 256]) + data[:24] + body)


def capture_pipeline():
    """Each trace's header and first records (handshakes included), up to 8000 bytes."""
    for k, data in enumerate(traces()):
        parsed = pcap_records(data)
        if parsed is None:
            put(bytes([(k * 53) % 256]) + data[:8000])
            continue
        link, frames, e = parsed
        body = b''
        for n, frame in enumerate(frames[:60]):
            if len(body) + 16 + len(frame) > 8000:
                break
            body += struct.pack(e + 'IIII', 1000 + n, n, len(frame), len(frame)) + frame
        put(bytes([(k * 53) % 256]) + data[:24] + body)


def ip_reassembly():
    """Runs of frames from the traces, in the target's format, the link type as its index."""
    links = [1, 101, 228, 229, 113, 276, 0, 108, 9, 239]
    for data in traces():
        parsed = pcap_records(data)
        if parsed is None or parsed[0] not in links:
            continue
        link, frames, _ = parsed
        for start in range(0, min(len(frames), 40), 10):
            out = bytes([links.index(link)])
            for frame in frames[start:start + 6]:
                frame = frame[:1500]
                out += struct.pack('>H', len(frame)) + b'\x01' + frame
            put(out[:4096])


def udp_payloads(frame, link):
    """The UDP payload and ports of an Ethernet or raw IP frame (IPv4 or IPv6), else None."""
    if link == 1:
        if len(frame) < 14:
            return None
        kind, ip = struct.unpack('>H', frame[12:14])[0], frame[14:]
        while kind == 0x8100 and len(ip) >= 4:
            kind, ip = struct.unpack('>H', ip[2:4])[0], ip[4:]
    elif link in (101, 228, 229):
        ip = frame
        kind = 0x86DD if ip[:1] and ip[0] >> 4 == 6 else 0x0800
    else:
        return None
    if kind == 0x0800 and len(ip) >= 20 and ip[9] == 17:
        udp = ip[(ip[0] & 15) * 4:]
    elif kind == 0x86DD and len(ip) >= 40 and ip[6] == 17:
        udp = ip[40:]
    else:
        return None
    if len(udp) < 8:
        return None
    sport, dport = struct.unpack('>HH', udp[:4])
    return sport, dport, udp[8:]


def dns_message():
    """DNS messages from the traces (UDP to or from a DNS port), several per input, each with
    its 2-byte length as the target's TCP framing reads them."""
    messages = []
    for data in traces():
        parsed = pcap_records(data)
        if parsed is None:
            continue
        link, frames, _ = parsed
        for frame in frames:
            got = udp_payloads(frame, link)
            if got and (got[0] in (53, 5353, 5355) or got[1] in (53, 5353, 5355)):
                messages.append(got[2])
    for k in range(0, len(messages)):
        group = messages[k:k + 3]
        put(bytes([(k * 37) % 256]) + b''.join(struct.pack('>H', len(m)) + m for m in group))
        put(bytes([k % 7]) + messages[k])
def tcp_streams():
    """Each direction of each TCP flow of the Ethernet, raw-IP and SLL pcap traces: its
    payloads in capture order (no reordering: seeds need not be exact streams)."""
    offsets = {1: 14, 101: 0, 228: 0, 113: 16}
    for data in traces():
        parsed = pcap_records(data)
        if parsed is None or parsed[0] not in offsets:
            continue
        link, frames, _ = parsed
        streams = {}
        for frame in frames:
            ip = frame[offsets[link]:]
            if link == 1 and frame[12:14] == b'\x81\x00':
                ip = frame[18:]
            if len(ip) < 20:
                continue
            if ip[0] >> 4 == 4 and ip[9] == 6:
                tcp, key = ip[(ip[0] & 15) * 4:], ip[12:20]
            elif ip[0] >> 4 == 6 and ip[6] == 6:
                tcp, key = ip[40:], ip[8:40]
            else:
                continue
            if len(tcp) < 20:
                continue
            payload = tcp[(tcp[12] >> 4) * 4:]
            if payload:
                k = key + tcp[:4]
                streams[k] = streams.get(k, b'') + payload
        yield from streams.values()


def tls_hello():
    """Directions starting with a TLS handshake record or an SSLv2 hello, client and server."""
    for k, stream in enumerate(tcp_streams()):
        if stream[:1] == b'\x16' and stream[1:2] == b'\x03' or stream[:1] in (b'\x80', b'\x15'):
            server = 1 if stream[5:6] == b'\x02' or stream[:1] == b'\x15' else 0
            put(bytes([((k * 37) % 128) * 2 + server, 255]) + stream[:4000])


def http_message():
    """Directions starting with a request or a status line."""
    methods = (b'GET ', b'POST ', b'HEAD ', b'PUT ', b'OPTIONS ', b'CONNECT ', b'DELETE ')
    for k, stream in enumerate(tcp_streams()):
        if stream.startswith(methods) or stream.startswith(b'HTTP/'):
            side = 1 if stream.startswith(b'HTTP/') else 0
            put(bytes([((k * 37) % 128) * 2 + side, k % 4]) + stream[:4000])


def certificate_messages():
    """The bodies of the TLS Certificate handshake messages in the TCP streams of the traces
    (handshake records from the first one, in capture order: enough for seeds)."""
    for stream in tcp_streams():
        at = next((i for i in range(min(len(stream), 65536) - 5)
                   if stream[i] == 0x16 and stream[i + 1] == 3 and stream[i + 5] in (1, 2)), None)
        if at is None:
            continue
        handshake = b''
        while at + 5 <= len(stream) and stream[at] == 0x16 and stream[at + 1] == 3:
            n = struct.unpack('>H', stream[at + 3:at + 5])[0]
            handshake += stream[at + 5:at + 5 + n]
            at += 5 + n
        m = 0
        while m + 4 <= len(handshake):
            n = int.from_bytes(handshake[m + 1:m + 4], 'big')
            if handshake[m] == 11 and m + 4 + n <= len(handshake):
                yield handshake[m + 4:m + 4 + n]
            m += 4 + n


def certificates():
    """Certificate DER: tshark's from the btest traces when it is installed, else the ones in
    the Certificate messages found by certificate_messages(); and a few hand-built ones."""
    seen = set()
    btest = os.path.join(shared, 'pcap', 'zeek-btest')
    if shutil.which('tshark') and os.path.isdir(btest):
        for path in sorted(files(btest)):
            if not path.endswith(('.pcap', '.pcapng')):
                continue
            got = subprocess.run(['tshark', '-r', path, '-o', 'tls.desegment_ssl_records:TRUE',
                                  '-Y', 'tls.handshake.certificate', '-T', 'fields', '-e',
                                  'tls.handshake.certificate'], capture_output=True, text=True)
            for line in got.stdout.split():
                for h in line.split(','):
                    der = bytes.fromhex(h.replace(':', ''))
                    if der and der not in seen:
                        seen.add(der)
                        yield der
    if not seen:
        for body in certificate_messages():
            m = 3
            while m + 3 <= len(body):
                n = int.from_bytes(body[m:m + 3], 'big')
                der = body[m + 3:m + 3 + n]
                if der and der not in seen:
                    seen.add(der)
                    yield der
                m += 3 + n
    # hand-built: a minimal Name-only TBS shape and broken lengths
    yield bytes.fromhex('3003020100')
    yield bytes.fromhex('30800201000000')
    yield bytes.fromhex('300d310b3009060355040313024341')


def x509_der():
    for k, der in enumerate(certificates()):
        put(bytes([(k * 37) % 256]) + der)


def tls_certificate():
    chains = list(certificate_messages())
    for k, body in enumerate(chains):
        put(bytes([(k * 37) % 256 | 0xe0]) + body)
    ders = list(certificates())
    for k in range(len(ders)):
        group = ders[k:k + 2]
        listed = b''.join(len(d).to_bytes(3, 'big') + d for d in group)
        put(bytes([0xef]) + len(listed).to_bytes(3, 'big') + listed)
def pcapdroid():
    """IP packets of the traces as PCAPdroid frames (trailer with its CRC), some damaged, and
    pcapng parts around them in fuzz_pcapdroid's format: comments, uid maps, frames."""
    packets = []
    for data in traces():
        parsed = pcap_records(data)
        if parsed is None or parsed[0] not in (1, 101):
            continue
        link, frames, _ = parsed
        for frame in frames[:20]:
            ip = frame[14:] if link == 1 else frame
            if ip[:1] and ip[0] >> 4 in (4, 6) and len(ip) <= 1400:
                packets.append(ip)
    names = [(10234, b'com.example.sync', b'Example Sync'), (-1, b'', b'???'),
             (1000, b'android', b'Android'), (10500, b'org.example.caf\xc3\xa9', b'Caf\xc3\xa9 \xc3\xa9t\xc3\xa9 long label')]
    for k, ip in enumerate(packets[:300]):
        uid, package, label = names[k % len(names)]
        frame = bytes(12) + (b'\x08\x00' if ip[0] >> 4 == 4 else b'\x86\xdd') + ip
        frame += bytes(-len(frame) % 4)
        frame += struct.pack('>Ii', 0x01072021, uid) + label[:19].ljust(20, b'\0')
        frame += struct.pack('<I', zlib.crc32(frame))
        put(bytes([0x80 | (k % 128)]) + frame)
        if k % 5 == 0:
            put(bytes([0x80 | (k % 128)]) + frame[:-1] + bytes([frame[-1] ^ 1]))
        big = k % 2
        pen = struct.pack('>I' if big else '<I', 62652)
        order = '>' if big else '<'
        uidmap = struct.pack(order + 'HBBiBB', 1, 1, 0, uid, len(package), len(label)) + package + label
        parts = [b'\x02' + uidmap, b'\x01' + ('u-%d' % uid).encode(), b'\x00' + (frame if k % 4 < 2 else ip),
                 b'\x04' + ip[:64], b'\x03' + pen + uidmap]
        flags = big | (2 if k % 4 < 2 else 0) | ((k * 4) & 0x7C)
        put(bytes([flags]) + b'\x00ZS\x00'.join(parts))


def report_export():
    """Report-shaped documents: the phone, local and remote destinations, apps, a timeline."""
    app = {'uid': 10234, 'package': 'com.example.sync', 'name': 'Sync'}
    quiet = {'uid': 10301, 'package': 'com.example.dating', 'name': 'Dating'}
    dest = lambda ip, host, bucket_apps: {'ip': ip, 'host': host, 'names': [host, 'printer'],
                                          'apps': bucket_apps, 'connections': 3}
    base = {
        'schema': 'zeekscope-report/1', 'tool': {'name': 'zeekscope', 'version': '0', 'engine': 'native'},
        'config': {'device': ['10.0.0.2', 'fe80::1']},
        'inputs': [{'name': 'phone.pcapng', 'bytes': 10, 'records': 2, 'skipped': [{'line': 3, 'reason': 'x'}],
                    'first_ts': 1.5, 'last_ts': 9.5}],
        'indicators': [{'name': 'feed', 'role': 'indicators', 'total': 1, 'date': '2026-01-01', 'licence': 'MIT'}],
        'coverage': [{'rule': 'IOC-06', 'evaluated': False, 'reason': 'no answers'}],
        'phone': {'addresses': ['10.0.0.2'], 'from': 'device'},
        'summary': {'verdict': 'high', 'headline': 'h', 'advice': ['a'], 'notes': ['aa:bb:cc:dd:ee:ff'],
                    'indicators_checked': True, 'hosts': 2},
        'alerts': [{'id': 'IOC-03', 'level': 'High', 'host': 'spy.example', 'title': 't',
                    'description': 'from 10.0.0.2:443 via router.home', 'apps': [app],
                    'evidence': {'indicators': [{'value': 'spy.example', 'type': 'domain', 'tag': 's',
                                                 'source': 'feed'}]}}],
        'apps': [dict(app, alerts=[{'id': 'IOC-03'}], hosts=[{'host': '10.0.0.1'}]), dict(quiet, alerts=[])],
        'hosts': [{'host': 'spy.example', 'score': 100, 'reason': 'r'}],
        'timeline': {'first_ts': 1, 'last_ts': 9, 'hosts': [{'host': 'spy.example', 'connections': 2,
                                                             'points': [[1, 2, 3, 4], [5, 0.5, 9, 1]]}]},
        'destinations': {'suspect': [dest('198.51.100.6', 'spy.example', [app])],
                         'uncategorized': [dest('10.0.0.9', 'marias-iphone.local', [quiet])],
                         'inbound': [dest('10.0.0.2', 'dhcp-1.example', [])]},
    }
    put(json.dumps(base))
    for key in list(base):
        put(json.dumps({k: v for k, v in base.items() if k != key}))
    put(json.dumps(base['destinations']))
    put('[1, "10.0.0.1", {"apps": [{"uid": 1}]}]')


def chunked(logs):
    for k, log in enumerate(logs):
        put(bytes([(k * 37) % 256]) + log.encode('utf-8', 'surrogateescape'))


{
    'tsv_reader': lambda: chunked(small_logs(False)),
    'json_reader': lambda: chunked(small_logs(True)),
    'log_reader': lambda: chunked(small_logs(None)),
    'conn_lines': lambda: chunked(log for log in small_logs(False) if 'id.resp_h' in log),
    'feed_tinycheck_json': tinycheck_json,
    'feed_echap_csv': echap_csv,
    'feed_echap_yaml': echap_yaml,
    'feed_stix2': stix2,
    'feed_text_list': text_list,
    'config': config,
    'session': session,
    'capture_file': capture_file,
    'ip_reassembly': ip_reassembly,
    'dns_message': dns_message,
    'flow_table': ip_reassembly,
    'capture_pipeline': capture_pipeline,
    'tls_hello': tls_hello,
    'http_message': http_message,
    'x509_der': x509_der,
    'tls_certificate': tls_certificate,
    'pcapdroid': pcapdroid,
    'report_export': report_export,
}[target]()
put(b'')
