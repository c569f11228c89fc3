#!/usr/bin/env python3
"""Runs the seed engine (../shared/seed/zeekengine.py, TinyCheck 2020) unchanged on a capture
folder and prints its alerts as JSON [[id, level, host], ...], sorted and unique.

The seed's own imports (its TSV parser, its config and indicator database, netaddr, pydig) are
replaced by small stand-ins that behave as the seed README describes: ports and counts become
integers, "-" becomes "", sets stay comma-joined text; indicators are de-duplicated by value with
the first source winning. Used by the tests to check the tinycheck-2020 profile line by line.

usage: seed_oracle.py SEED_PY CAPTURE_DIR CONFIG_JSON [--iocs FILE]... [--whitelist FILE]...
       [--ns-answers FILE]
"""
import argparse
import csv
import ipaddress
import json
import sys
import types


def zeek_records(path):
    fields, types_, sep = [], [], "\t"
    with open(path, "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "surrogateescape").rstrip("\n").rstrip("\r")
            if line.startswith("#separator"):
                sep = bytes(line.split(" ", 1)[1], "ascii").decode("unicode_escape")
                continue
            if line.startswith("#"):
                key, _, rest = line[1:].partition(sep)
                if key == "fields":
                    fields = rest.split(sep)
                elif key == "types":
                    types_ = rest.split(sep)
                continue
            if not line:
                continue
            cells = line.split(sep)
            if len(cells) != len(fields):
                continue
            rec = {}
            for name, typ, val in zip(fields, types_ or ["string"] * len(fields), cells):
                if val == "-":
                    rec[name] = ""
                elif typ in ("port", "count", "int"):
                    rec[name] = int(val)
                else:
                    rec[name] = val
            yield rec


class ParseZeekLogs:
    def __init__(self, path, output_format="json", safe_headers=False):
        self.path = path

    def __iter__(self):
        return zeek_records(self.path)


def load_feeds(iocs, whitelists):
    db, seen = [], set()
    for path in iocs:
        text = open(path, encoding="utf-8").read()
        if path.endswith(".csv"):
            rows = list(csv.reader(text.splitlines()))[1:]
            items = [({"ipv4": "ip4addr"}.get(r[0], r[0]), r[1], "stalkerware") for r in rows if len(r) >= 2]
        else:
            items = [(i["type"], i["value"], i["tag"]) for i in json.loads(text)["iocs"]]
        for typ, value, tag in items:
            value = value.strip().lower()
            if value in seen:
                continue
            seen.add(value)
            db.append((typ, value, tag))
    wl, wl_seen = [], set()
    for path in whitelists:
        for e in json.load(open(path, encoding="utf-8"))["elements"]:
            v = e["element"].strip().lower()
            if v not in wl_seen:
                wl_seen.add(v)
                wl.append((e["type"], v))
    return db, wl


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seed")
    ap.add_argument("capture")
    ap.add_argument("config")
    ap.add_argument("--iocs", action="append", default=[])
    ap.add_argument("--whitelist", action="append", default=[])
    ap.add_argument("--ns-answers")
    a = ap.parse_args()
    config = json.load(open(a.config))
    db, wl = load_feeds(a.iocs, a.whitelist)
    ns = json.load(open(a.ns_answers)) if a.ns_answers else {}

    def mod(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    class IPNetwork:
        def __init__(self, s):
            self.net = ipaddress.ip_network(s, strict=False)

        def __contains__(self, addr):
            return addr.ip.version == self.net.version and addr.ip in self.net

        def __str__(self):
            return str(self.net)

    class IPAddress:
        def __init__(self, s):
            self.ip = ipaddress.ip_address(s)

    def pydig_query(name, rtype):
        if name in ns:
            return [n if n.endswith(".") else n + "." for n in ns[name]]
        raise RuntimeError("no answer")

    mod("classes")
    mod("classes.parsezeeklogs", ParseZeekLogs=ParseZeekLogs)
    mod("netaddr", IPNetwork=IPNetwork, IPAddress=IPAddress)
    mod("utils",
        get_iocs=lambda t: [[v, tag] for (typ, v, tag) in db if typ == t],
        get_config=lambda k: config[k[1]],
        get_whitelist=lambda t: [v for (typ, v) in wl if typ == t])
    mod("ipwhois", IPWhois=None)
    mod("pydig", query=pydig_query)

    source = open(a.seed, encoding="utf-8").read()
    scope = {"__name__": "zeekengine"}
    exec(compile(source, a.seed, "exec"), scope)
    engine = scope["ZeekEngine"](a.capture)
    d = a.capture.rstrip("/") + "/"
    engine.fill_dns(d)
    engine.netflow_check(d)
    engine.ssl_check(d)
    engine.files_check(d)
    engine.alerts_check()
    alerts = sorted({(x["id"], x["level"], x["host"]) for x in engine.get_alerts()})
    json.dump([list(x) for x in alerts], sys.stdout)


if __name__ == "__main__":
    main()
