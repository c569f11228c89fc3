// Type declarations for the zeekscope JS API (written by hand: Emscripten 3.1.6 cannot emit them).

export const VERSION: string;

export type Level = 'High' | 'Moderate' | 'Low';

export interface Progress {
  file: string;
  fileIndex: number;
  fileCount: number;
  /** Bytes of this file read so far (compressed size for .gz). */
  fileBytes: number;
  fileSize: number | null;
  /** Bytes of all files read so far, and their total. */
  bytes: number;
  totalBytes: number;
}

export interface IndicatorSource {
  /** How reports name it: a feed's name, or a file's base name (never a local path). */
  name: string;
  /** When it was fetched or published (ISO 8601) and its licence, shown in reports. */
  date?: string;
  licence?: string;
  /** Raw bytes or text of the feed. */
  bytes?: Uint8Array | ArrayBuffer;
  text?: string;
  /**
   * '' to recognise it by content; 'auto-or-domains' to recognise it by content, else read it as
   * a plain list of domains (what a "FILE" path gets); a format name; or 'text:<type>[/<tag>]'
   * for a plain list.
   */
  format?: string;
  /** A demo set (a sample's own indicators): loaded with the role 'demo', so a check against it
   * alone is not counted as checked (summary.indicators_checked stays false). */
  demo?: boolean;
}

export interface StreamInput {
  name: string;
  stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  size?: number;
}

/** Browsers: a File or Blob under a name of the caller's (a dropped folder's relative path). */
export interface FileInput {
  name: string;
  file: Blob;
}

/** Node: a path (file or folder). Browsers: a File, or { name, file }. Both: { name, stream }. */
export type Input = string | File | FileInput | StreamInput;

export interface AnalyzeOptions {
  /** Replace the phone's own addresses, MAC addresses, device names and the apps no alert
   * concerns by stable placeholders, and list what was replaced in report.redaction. */
  redact?: boolean;
  /** RULES.md section 6; every key optional. */
  config?: Record<string, unknown>;
  profile?: 'default' | 'tinycheck-2020';
  device?: string[];
  /** Node: paths ("FILE" or "TYPE[/TAG]:FILE"). Browsers: File objects. Both: IndicatorSource. */
  indicators?: Array<string | File | IndicatorSource>;
  whitelists?: Array<string | File | IndicatorSource>;
  /** 'off' (default), 'system' (Node), 'doh', 'doh=URL', 'cloudflare', 'google'. */
  resolver?: string;
  resolverOptions?: { timeoutMs?: number; concurrency?: number; cache?: boolean; fetchImpl?: typeof fetch };
  /** Nameserver answers supplied directly: { "example.com": ["ns1.example.net"] }. */
  nameservers?: Record<string, string[]>;
  onProgress?: (progress: Progress) => void;
  onWarning?: (message: string) => void;
  /** Called once at the end: engine time per stage (seconds), the wasm heap's peak size, the
   * seconds spent getting the engine ready (zeros when a kept worker had it loaded), and the whole
   * analysis's steps in order (seconds): inputs, engine start, indicators, files, merge,
   * nameservers, rules and report, output. */
  onStats?: (stats: {
    timings: { logs: number; rules: number; report: number };
    wasmHeapBytes: number;
    startup: { read: number; compile: number; instantiate: number };
    stages: Record<string, number>;
    /** Large logs read in parts by several workers, and how many of those were read apart
     * (the others' layout changed after their header: the first worker read them on). */
    parts: { files: number; apart: number };
  }) => void;
  signal?: AbortSignal;
  /** Read files in this many workers (default 1); the report is the same as with one. A TSV log
   * of `partBytes` or more is cut at line ends and read by all of them at once. */
  workers?: number;
  /** The size from which a TSV log is read in parts by the workers (default 256 MiB). */
  partBytes?: number;
  /** Node: run the engine on the calling thread, not a worker (no thread to start: for small
   * inputs; the engine then blocks the thread while it works). Ignored with several workers. */
  inThread?: boolean;
  /** 'object' (default): the parsed report; 'json': its text; 'bytes': its UTF-8 text in
   * pieces (to write out without decoding it); 'text': a terminal summary. */
  output?: 'object' | 'json' | 'bytes' | 'text' | 'json+text';
}

/** An Android app a PCAPdroid capture attributed connections to. `uid` is the uid as a number
 * (a text only when a log held something else); `package` and `name` are "" when unknown. */
export interface AppRef {
  uid: number | string;
  package: string;
  name: string;
}

export interface Alert {
  id: string;
  level: Level;
  host: string;
  title: string;
  description: string;
  /** The apps whose connections went to the alert's host or addresses (PCAPdroid captures). */
  apps: AppRef[];
  evidence: {
    indicators: Array<{
      value: string;
      type: string;
      tag: string;
      app: string;
      source: string;
      also_in: Array<{ source: string; tag: string; app: string }>;
    }>;
    ips: string[];
    ports: number[];
    names: string[];
    uids: string[];
    details: Record<string, string[]>;
  };
}

export interface Report {
  schema: string;
  tool: { name: string; version: string; engine: 'native' | 'wasm' };
  profile: string;
  config: Record<string, unknown>;
  inputs: Array<Record<string, unknown>>;
  indicators: Array<Record<string, unknown>>;
  coverage: Array<{ rule: string; evaluated: boolean; reason: string }>;
  /** The address(es) taken for the phone: config.device, else the capture's main originator. */
  phone: { addresses: string[]; from: 'device' | 'main originator' };
  /** With redact: what was replaced by placeholders (kinds and counts, never the values). */
  redaction?: { redacted: Array<{ what: string; count: number; placeholders: string }>; kept: string };
  /** A case file's JSON: when it was made (inputs[].sha256 holds each file's digest). */
  case_file?: { created: string };
  summary: {
    /** 'unchecked': nothing alerted, but no indicator list was used (indicators_checked false). */
    verdict: 'high' | 'moderate' | 'low' | 'clean' | 'unchecked';
    /** True only when a set other than the built-in and demo sets, with an indicator, was loaded. */
    indicators_checked: boolean;
    /** The verdict in the engine's words, and its advice paragraphs. */
    headline: string;
    advice: string[];
    high: number;
    moderate: number;
    low: number;
    stalkerware_indicator: boolean;
    spyware_indicator: boolean;
    tracker_indicator: boolean;
    [key: string]: unknown;
  };
  alerts: Alert[];
  /** PCAPdroid captures: each app, apps with alerts first; empty for captures and logs that
   * name no app. */
  apps: Array<
    AppRef & {
      connections: number;
      orig_bytes: number;
      resp_bytes: number;
      alerts: Array<{ id: string; level: Level; host: string }>;
      hosts: Array<{ host: string; connections: number }>;
    }
  >;
  hosts: Array<{
    host: string;
    score: number;
    reason: string;
    ips: string[];
    names: string[];
    apps: AppRef[];
    alerts: Array<{ id: string; level: Level }>;
    connections: number;
  }>;
  /** When the phone talked to the hosts the report leads with (those with alerts, at most
   * config.timeline_hosts): each point is [start (epoch seconds), duration (s), bytes sent,
   * bytes received], an even sample of at most config.timeline_points per host. */
  timeline: {
    first_ts: number | null;
    last_ts: number | null;
    hosts: Array<{
      host: string;
      connections: number;
      shown: number;
      points: Array<[number, number, number, number]>;
    }>;
  };
  destinations: Record<
    'suspect' | 'uncategorized' | 'whitelisted' | 'inbound',
    Array<Record<string, unknown>>
  >;
}

export function analyze(
  inputs: Input | Input[],
  options?: AnalyzeOptions & { output?: 'object' },
): Promise<Report>;
export function analyze(
  inputs: Input | Input[],
  options: AnalyzeOptions & { output: 'json' | 'text' },
): Promise<string>;
export function analyze(
  inputs: Input | Input[],
  options: AnalyzeOptions & { output: 'bytes' },
): Promise<Uint8Array[]>;
/** The case file to hand to a helper: its self-contained HTML page and its JSON (the report with
 * inputs[].sha256 and case_file.created). */
export function analyze(
  inputs: Input | Input[],
  options: AnalyzeOptions & { output: 'case' },
): Promise<{ json: string; html: string }>;

/** A finished report's JSON made ready to hand over after the check: redacted, and/or as a case
 * file (files: the inputs as analyze() was given them, for their SHA-256). */
export function exportReport(
  json: string,
  options?: { redact?: boolean; caseFile?: boolean; files?: Input[]; signal?: AbortSignal },
): Promise<{ json: string; html: string }>;

export interface ZeekLogsOptions {
  /** 'tsv' (Zeek's default, with its header block; the default) or 'json' (Zeek's JSON). */
  format?: 'tsv' | 'json';
  /** Drop packets whose checksums fail, as Zeek by default. Default false: every packet is read
   * (Zeek's -C), as analyze reads captures (captures made on the sending host hold offloaded
   * checksums). */
  verifyChecksums?: boolean;
  /** Each line the engine says about a file ("FILE: at byte 24: ...", "FILE: 12 packets, 3 connections"). */
  onMessage?: (line: string) => void;
  signal?: AbortSignal;
}

export interface ZeekLog {
  /** "conn.log", "dns.log", "ssl.log" or "http.log". */
  name: string;
  rows: number;
  bytes: Uint8Array;
}

export interface CaptureOutcome {
  name: string;
  /** Whether it was read as a pcap or pcapng capture. */
  read: boolean;
  packets: number;
  connections: number;
  messages: string[];
}

/** Browsers: starts an engine worker and loads the engine in it before the first analysis, so
 * that analysis does not wait for them (a page calls it once it is shown). Node: does nothing. */
export function warmUp(): Promise<void>;

/**
 * Packet captures (pcap, pcapng, and their .gz) to Zeek's conn, dns, ssl, x509 and http logs, as the
 * CLIs' `zeekscope logs`. Node: paths (a folder is searched, keeping files whose content is a
 * capture); browsers: File objects or { name, file }. A log without rows is not given.
 */
export function zeekLogs(
  inputs: Input | Input[],
  options?: ZeekLogsOptions,
): Promise<{ logs: ZeekLog[]; files: CaptureOutcome[] }>;

export function resolveNameservers(
  domains: string[],
  resolver: string,
  options?: AnalyzeOptions['resolverOptions'],
): Promise<{
  answers: Record<string, string[]>;
  failures: Record<string, string>;
  stats: { queries: number; cached: number };
}>;
export function parseResolver(spec: string): { kind: 'off' | 'system' | 'doh'; wire?: string; json?: string };
export const DOH_PRESETS: Readonly<
  Record<'cloudflare' | 'google', Readonly<{ label: string; wire: string; json: string }>>
>;
