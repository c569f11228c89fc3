#!/usr/bin/env node
// zeekscope (npm): the native CLI's contract, run on the wasm engine, plus --resolver,
// --format html and a progress bar on stderr when it is a terminal.
// Exit codes: 0 analysis done (logs: written); 2 usage error or unreadable input; 3 --fail-on matched;
// fetch-feeds: 0 all fetched, 1 some downloads failed.
import { readFile, writeFile } from 'node:fs/promises';
import { analyze, VERSION } from './index.js';
import { DOH_PRESETS, parseResolver } from './resolver.js';
import { useWasmTier, wasmTierFor } from './wasm-tier.js';
import { defaultWorkerCount } from './worker-count.js';
import { availableParallelism } from 'node:os';

const USAGE = `usage: zeekscope analyze PATH... [options]
       zeekscope logs CAPTURE... --out DIR [--format tsv|json]   packet captures as Zeek logs
       zeekscope fetch-feeds [--out DIR] [--no-stix] [--host URL]
analyze:
  PATH                    a Zeek log (.log, .json), a packet capture (pcap, pcapng), either
                          gzip-compressed, or a folder of them (searched recursively)
  --iocs FILE             indicators: TinyCheck JSON, Echap CSV/YAML or STIX 2 (by content), else a plain list of domains
  --iocs TYPE[/TAG]:FILE  a plain list of one TYPE (domain, ip4addr, cidr, ns, tld, ...)
  --feeds DIR             every feed fetch-feeds wrote into DIR (see DIR/SOURCES.json)
  --whitelist FILE        whitelist: TinyCheck whitelist JSON, or TYPE:FILE for a plain list
  --config FILE           analysis configuration (JSON)
  --profile NAME          default | tinycheck-2020
  --device IP             only connections from this address (repeatable)
  --ns-answers FILE       nameserver answers for IOC-06: {"domain": ["ns1.example.net"]}
  --resolver R            nameserver lookups for IOC-06: off (default), system, doh,
                          doh=URL, ${Object.keys(DOH_PRESETS).join(', ')} (looked-up domains go to that resolver)
  --format FORMAT         json (default) | text | html (a self-contained page) | case (a case
                          file to hand to a helper: one self-contained HTML page; with --out,
                          its JSON beside it)
  --redact                replace the phone's own addresses, MAC addresses, device names and
                          the apps no alert concerns by placeholders, in any format
  --workers N             read files in N worker threads (default: 2 with 4 cores or more, else 1);
                          the report is the same
  --out FILE              write the report to FILE instead of standard output
  --fail-on LEVEL         exit 3 when an alert of LEVEL (high|moderate|low) or higher exists
  --version, --help
fetch-feeds: downloads the public feeds (Echap network.csv, TinyCheck iocs.json, MVT's
  indicators.yaml and the STIX2 files it lists) into DIR (default ./zeekscope-feeds), with
  SOURCES.json giving each file's address, licence, date and SHA-256
  --out DIR               where to write them
  --no-stix               skip the STIX2 files the MVT list names
  --host URL              fetch from a mirror of raw.githubusercontent.com instead
`;

class UsageError extends Error {}

const NO_INDICATORS_WARNING =
  'no indicator list was used: only the behaviour checks ran, so a quiet result does not mean ' +
  'the phone is clean; run `zeekscope fetch-feeds` and pass its folder with --feeds DIR (or load ' +
  'a list with --iocs FILE)';

// The report's summary.indicators_checked (true, false, or undefined when absent), read from its
// JSON text or its byte pieces without parsing the whole report. Only the engine's own keys have
// an unescaped quote before "indicators_checked": a string from the logs that holds the same
// words has its quotes escaped.
function indicatorsChecked(report) {
  const pattern = /"indicators_checked":\s*(true|false)/;
  const texts =
    typeof report === 'string'
      ? [report]
      : (function* () {
          const decoder = new TextDecoder();
          let tail = '';
          for (const piece of report) {
            const text = tail + decoder.decode(piece, { stream: true });
            yield text;
            tail = text.slice(-64);
          }
        })();
  for (const text of texts) {
    const m = pattern.exec(text);
    if (m) return m[1] === 'true';
  }
  return undefined;
}

function parseArgs(argv) {
  const o = { paths: [], iocs: [], feeds: [], whitelists: [], devices: [], format: 'json', resolver: 'off' };
  if (argv.length === 0) throw new UsageError('missing command');
  if (argv[0] !== 'analyze') throw new UsageError(`unknown command "${argv[0]}"`);
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--iocs') o.iocs.push(value());
    else if (a === '--feeds') o.feeds.push(value());
    else if (a === '--whitelist') o.whitelists.push(value());
    else if (a === '--config') o.config = value();
    else if (a === '--profile') o.profile = value();
    else if (a === '--device') o.devices.push(value());
    else if (a === '--ns-answers') o.nsAnswers = value();
    else if (a === '--resolver') o.resolver = value();
    else if (a === '--format') o.format = value();
    else if (a === '--out') o.out = value();
    else if (a === '--fail-on') o.failOn = value();
    else if (a === '--timings') o.timings = true;
    else if (a === '--redact') o.redact = true;
    else if (a === '--workers') {
      o.workers = Number(value());
      if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > 64)
        throw new UsageError('--workers must be a whole number from 1 to 64');
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else o.paths.push(a);
  }
  if (o.paths.length === 0) throw new UsageError('no PATH to analyse');
  if (!['json', 'text', 'html', 'case'].includes(o.format))
    throw new UsageError(`--format must be json, text, html or case, not "${o.format}"`);
  if (o.failOn && !['high', 'moderate', 'low'].includes(o.failOn))
    throw new UsageError(`--fail-on must be high, moderate or low, not "${o.failOn}"`);
  if (o.profile && !['default', 'tinycheck-2020'].includes(o.profile))
    throw new UsageError(`--profile must be default or tinycheck-2020, not "${o.profile}"`);
  try {
    parseResolver(o.resolver);
  } catch (e) {
    throw new UsageError(e.message);
  }
  return o;
}

async function readJson(path) {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`${path}: cannot open the file`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${path}: not a JSON object`);
  }
}

function progressBar() {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 100 && p.fileBytes !== p.fileSize) return;
    last = now;
    const pct = p.totalBytes ? Math.floor((100 * p.bytes) / p.totalBytes) : 0;
    const width = 30;
    const filled = Math.round((width * pct) / 100);
    const name = p.file.length > 40 ? `…${p.file.slice(-39)}` : p.file;
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ` +
        `file ${p.fileIndex + 1}/${p.fileCount} ${name}\x1b[K`,
    );
  };
}

async function fetchFeedsCommand(argv) {
  const o = { out: 'zeekscope-feeds', host: undefined, stix: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (a === '--out') o.out = value();
    else if (a === '--host') o.host = value().replace(/\/+$/, '');
    else if (a === '--no-stix') o.stix = false;
    else throw new UsageError(`fetch-feeds: unknown option ${a}`);
  }
  const { fetchFeeds } = await import('./fetch-feeds.js');
  const { sources, failures } = await fetchFeeds({
    out: o.out,
    host: o.host,
    stix: o.stix,
    log: (line) => process.stderr.write(`zeekscope: ${line}\n`),
  });
  const loadable = sources.filter((s) => !s.list);
  process.stdout.write(
    `${loadable.length} indicator files in ${o.out} (sources and licences: ${o.out}/SOURCES.json)\n` +
      `use them with: zeekscope analyze LOGS --feeds ${o.out}\n`,
  );
  if (failures.length) {
    process.stderr.write(
      `zeekscope: ${failures.length} download(s) failed:\n${failures.map((f) => `  ${f}\n`).join('')}`,
    );
    return 1;
  }
  return 0;
}

// --timings: the engine's stages (as the native CLI writes them), then where the whole run's time
// went, from the process's start (the benchmarks read both lines).
function writeTimings({ timings: t, wasmHeapBytes, startup, stages, parts }) {
  const s = (x) => `${x.toFixed(3)} s`;
  process.stderr.write(
    `timings: logs ${s(t.logs)}, rules ${s(t.rules)}, report ${s(t.report)}, ` +
      `wasm heap ${(wasmHeapBytes / 1048576).toFixed(1)} MiB, ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB\n`,
  );
  const steps = Object.entries(stages).map(([name, seconds]) => `${name} ${s(seconds)}`);
  process.stderr.write(
    `stages: process start ${s(analysisStart / 1000)}, ${steps.join(', ')}; ` +
      `engine load: read ${s(startup.read)}, compile ${s(startup.compile)}, instantiate ${s(startup.instantiate)}` +
      (parts.files ? `; logs read in parts: ${parts.files}, apart: ${parts.apart}` : '') +
      '\n',
  );
}

let analysisStart = 0;

// A case file's JSON goes beside its HTML: case.html -> case.json (else FILE.json), as the native
// CLI writes it; none when the HTML goes to a device (/dev/stdout).
function caseJsonPath(htmlPath) {
  if (htmlPath.startsWith('/dev/')) return null;
  return /\.html?$/i.test(htmlPath) ? htmlPath.replace(/\.html?$/i, '.json') : `${htmlPath}.json`;
}

async function main(argv) {
  if (argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (argv[0] === '--version') {
    process.stdout.write(`zeekscope ${VERSION} (wasm)\n`);
    return 0;
  }
  if (argv[0] === 'fetch-feeds') return fetchFeedsCommand(argv.slice(1));
  // Modules only some commands and options need are loaded when used: the start-up is much of a
  // small check's time.
  if (argv[0] === 'logs') return (await import('./cli-logs.js')).logsCommand(argv.slice(1));
  const o = parseArgs(argv);
  for (const dir of o.feeds) {
    try {
      const { readFetchedFeeds } = await import('./fetch-feeds.js');
      o.iocs.push(...(await readFetchedFeeds(dir)));
    } catch (e) {
      throw new UsageError(e.message);
    }
  }
  let config = {};
  if (o.config) {
    config = await readJson(o.config);
    if (typeof config !== 'object' || config === null || Array.isArray(config))
      throw new UsageError(`${o.config}: not a JSON object`);
  }
  let nameservers;
  if (o.nsAnswers) {
    nameservers = await readJson(o.nsAnswers);
    if (typeof nameservers !== 'object' || Array.isArray(nameservers))
      throw new UsageError(`${o.nsAnswers}: expected a JSON object`);
    for (const [k, v] of Object.entries(nameservers))
      nameservers[k] = Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  }
  // Small inputs: the engine on this thread and on V8's baseline code (js/wasm-tier.js).
  const tier = await wasmTierFor(o.paths);
  useWasmTier(tier);
  const small = tier === 'baseline';
  const bar = progressBar();
  analysisStart = performance.now();
  // A JSON report nobody here reads is written as the engine's bytes, never decoded.
  const asBytes = o.format === 'json' && !o.failOn && !o.redact;
  let result;
  try {
    result = await analyze(o.paths, {
      config,
      profile: o.profile,
      device: o.devices,
      indicators: o.iocs,
      whitelists: o.whitelists,
      resolver: o.resolver,
      nameservers,
      // A small input is read on this thread; a larger one by as many workers as the cores allow.
      workers: o.workers ?? (small ? 1 : defaultWorkerCount(availableParallelism())),
      inThread: small && process.env.ZEEKSCOPE_ENGINE_THREAD !== 'worker',
      redact: o.redact === true,
      output: asBytes ? 'bytes' : o.format === 'text' ? 'json+text' : o.format === 'case' ? 'case' : 'json',
      onProgress: bar,
      onStats: o.timings ? writeTimings : undefined,
      onWarning: (w) => {
        if (bar) process.stderr.write('\r\x1b[K');
        process.stderr.write(`zeekscope: warning: ${w}\n`);
      },
    });
  } catch (e) {
    if (e.constructor?.name === 'InputError' || /^config/.test(e.message)) {
      throw new UsageError(o.config && /^config/.test(e.message) ? `${o.config}: ${e.message}` : e.message);
    }
    throw e;
  } finally {
    if (bar) process.stderr.write('\r\x1b[K');
  }
  if (indicatorsChecked(asBytes ? result : typeof result === 'string' ? result : result.json) === false)
    process.stderr.write(`zeekscope: warning: ${NO_INDICATORS_WARNING}\n`);
  if (asBytes) {
    if (o.out) await writeFile(o.out, result);
    else for (const piece of result) await new Promise((resolve) => process.stdout.write(piece, resolve));
    return 0;
  }
  const json = typeof result === 'string' ? result : result.json;
  // Parsed only when needed: a report of tens of thousands of destinations is tens of MB.
  const report = o.format === 'html' || o.failOn ? JSON.parse(json) : null;
  let output = json;
  if (o.format === 'text') {
    output = result.text;
  } else if (o.format === 'html') {
    output = (await import('./html-report.js')).renderReportHtml(report);
  } else if (o.format === 'case') {
    output = result.html;
    const beside = o.out && caseJsonPath(o.out);
    if (beside) await writeFile(beside, json);
  }
  if (o.out) await writeFile(o.out, output);
  else await new Promise((resolve) => process.stdout.write(output, resolve));
  if (o.failOn) {
    const s = report.summary;
    let n = s.high;
    if (o.failOn !== 'high') n += s.moderate;
    if (o.failOn === 'low') n += s.low;
    if (n > 0) return 3;
  }
  return 0;
}

// A reader that stops early (`zeekscope analyze ... | head`) closes the pipe: stop quietly.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    if (e instanceof UsageError) {
      process.stderr.write(`zeekscope: ${e.message}\n${USAGE}`);
    } else {
      process.stderr.write(`zeekscope: ${e.message}\n`);
    }
    process.exitCode = 2;
  },
);
