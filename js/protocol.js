// The engine worker protocol, declared once for both sides. The client (js/engine-client.js, on
// the thread that calls analyze()) sends requests; the dispatcher (js/worker-dispatcher.js, in
// the engine's worker) runs each on the wasm engine, in the order received, and answers each
// with exactly one response.
//
//   request:  { id, type: RequestType.X, ...the fields of XRequest }
//   response: { id, type: ResponseType.RESULT, result }  or  { id, type: ResponseType.ERROR, error }
//
// Byte buffers named "transferred" below move to the other thread without a copy; the sender
// must not use them afterwards.

/** Every request the client may send; the value is the message's `type`. */
export const RequestType = Object.freeze({
  /** Loads the engine (first time) and starts a session. InitRequest → Limits */
  INIT: 'init',
  /** Loads one indicator or whitelist source. AddIndicatorsRequest → FeedLoad */
  ADD_INDICATORS: 'addIndicators',
  /** Starts reading a file. BeginFileRequest → null */
  BEGIN_FILE: 'beginFile',
  /** Starts reading a later part of a large log (after its leading header). BeginFilePartRequest → null */
  BEGIN_FILE_PART: 'beginFilePart',
  /** Whether later parts of the file being read can be read apart. FilePartsInfoRequest → PartsInfo */
  FILE_PARTS_INFO: 'filePartsInfo',
  /** The next bytes of the file (already decompressed). FeedChunkRequest → null */
  FEED_CHUNK: 'feedChunk',
  /** The file's last bytes were fed. EndFileRequest → null */
  END_FILE: 'endFile',
  /** The file could not be read to its end (sent after END_FILE). FileErrorRequest → null */
  FILE_ERROR: 'fileError',
  /** The session's state, to merge into another session. ExportStateRequest → Uint8Array */
  EXPORT_STATE: 'exportState',
  /** Merges another session's exported state into this one. MergeStateRequest → null */
  MERGE_STATE: 'mergeState',
  /** Domains whose nameservers the rules want to know. NameserverQueriesRequest → string[] */
  NAMESERVER_QUERIES: 'nameserverQueries',
  /** The nameserver answers (and failed lookups). SetNameserversRequest → null */
  SET_NAMESERVERS: 'setNameservers',
  /** Runs the rules and writes the report. FinishRequest → Uint8Array[] (transferred) */
  FINISH: 'finish',
  /** The terminal summary of a JSON report. TextReportRequest → string */
  TEXT_REPORT: 'textReport',
  /** Engine time per stage and the wasm heap's size. StatsRequest → EngineStats */
  STATS: 'stats',

  // Reports to hand over, independent of any session (DIGEST_BEGIN and EXPORT_REPORT load the
  // engine if it is not loaded; DIGEST_CHUNK and DIGEST_END follow a DIGEST_BEGIN):
  /** Starts the SHA-256 of an input file's bytes as on disk. DigestBeginRequest → null */
  DIGEST_BEGIN: 'digestBegin',
  /** The file's next bytes. DigestChunkRequest → null */
  DIGEST_CHUNK: 'digestChunk',
  /** The digest, in lower-case hex. DigestEndRequest → string */
  DIGEST_END: 'digestEnd',
  /** A report redacted and/or made a case file. ExportReportRequest → ExportedReport */
  EXPORT_REPORT: 'exportReport',

  // `zeekscope logs` (captures to Zeek logs), independent of the session above:
  /** Loads the engine (first time) and starts a log set. LogsBeginRequest → Limits */
  LOGS_BEGIN: 'logsBegin',
  /** Whether bytes begin a pcap or pcapng capture. LogsLooksLikeCaptureRequest → boolean */
  LOGS_LOOKS_LIKE_CAPTURE: 'logsLooksLikeCapture',
  /** Starts reading a capture file. LogsBeginFileRequest → null */
  LOGS_BEGIN_FILE: 'logsBeginFile',
  /** The next bytes of the capture (already decompressed). LogsFeedRequest → null */
  LOGS_FEED: 'logsFeed',
  /** The capture's end (and why it stopped early, if it did). LogsEndFileRequest → CaptureOutcome */
  LOGS_END_FILE: 'logsEndFile',
  /** The logs of every capture read. LogsFinishRequest → ZeekLog[] (bytes transferred) */
  LOGS_FINISH: 'logsFinish',
});

/** The `type` of every response. */
export const ResponseType = Object.freeze({
  RESULT: 'result',
  ERROR: 'error',
});

const REQUEST_TYPES = new Set(Object.values(RequestType));

/** @param {unknown} type @returns {boolean} whether `type` is a declared request type */
export function isRequestType(type) {
  return REQUEST_TYPES.has(type);
}

/**
 * The engine's role for an indicator source: a whitelist, a demo set (a sample's own, which never
 * makes a check count as checked against real indicators), or real indicators.
 * @param {{ whitelist?: boolean, demo?: boolean }} source
 * @returns {'whitelist' | 'demo' | 'indicators'}
 */
export function indicatorRole({ whitelist, demo }) {
  return whitelist ? 'whitelist' : demo ? 'demo' : 'indicators';
}

/**
 * An indicator source given as an object ({ name, bytes or text, format, date, licence }), as an
 * AddIndicatorsRequest carries it (its bytes a copy the request may transfer).
 * @param {{ name: string, bytes?: ArrayBuffer | Uint8Array, text?: string, format?: string,
 *   date?: string, licence?: string }} src
 */
export function indicatorSourceOf(src) {
  const bytes = src.bytes ? new Uint8Array(src.bytes) : new TextEncoder().encode(src.text ?? '');
  return {
    name: src.name,
    bytes: bytes.slice(),
    format: src.format ?? '',
    date: src.date ?? '',
    licence: src.licence ?? '',
  };
}

/**
 * @typedef {object} InitRequest
 * @property {'init'} type
 * @property {Record<string, unknown>} config  the analysis configuration (RULES.md section 6)
 * @property {WebAssembly.Module} [module]  the engine already compiled (else the worker loads its
 *   .wasm); ignored when the worker has the engine loaded
 */
/**
 * @typedef {object} AddIndicatorsRequest
 * @property {'addIndicators'} type
 * @property {ArrayBuffer} bytes  the source's raw bytes (transferred)
 * @property {string} name
 * @property {string} [format]  '' or absent: by content; 'auto-or-domains': by content, else a
 *   plain list of domains; else a format name or 'text:<type>[/<tag>]'
 * @property {boolean} whitelist
 * @property {boolean} [demo]  a demo set (loaded with the role 'demo', see indicatorRole)
 * @property {string} [date]  when the source was fetched or published (ISO 8601), for the report
 * @property {string} [licence]  the source's licence, for the report
 */

/**
 * What the engine read of a source.
 * @typedef {object} FeedLoad
 * @property {string} format  the format it was read as
 * @property {string} error  why it could not be read, or ''
 * @property {number} loaded
 * @property {number} skipped
 */
/** @typedef {{ type: 'beginFile', name: string }} BeginFileRequest */
/** @typedef {{ type: 'feedChunk', bytes: ArrayBuffer }} FeedChunkRequest  bytes: transferred */
/** @typedef {{ type: 'endFile' }} EndFileRequest */
/**
 * @typedef {object} FileErrorRequest
 * @property {'fileError'} type
 * @property {string} name
 * @property {string} reason  why the rest of the file was not read
 * @property {string} [limit]  the limit that stopped it (e.g. 'max_gzip_ratio'), or ''
 */
/** @typedef {{ type: 'exportState' }} ExportStateRequest */
/** @typedef {{ type: 'mergeState', bytes: ArrayBuffer }} MergeStateRequest  bytes: transferred */
/** @typedef {{ type: 'nameserverQueries' }} NameserverQueriesRequest */
/**
 * @typedef {object} SetNameserversRequest
 * @property {'setNameservers'} type
 * @property {Record<string, string[]>} answers  domain → nameservers
 * @property {Record<string, string>} failures  domain → why the lookup failed
 */
/** @typedef {{ type: 'finish' }} FinishRequest */
/** @typedef {{ type: 'textReport', json: string }} TextReportRequest */
/** @typedef {{ type: 'stats' }} StatsRequest */
/** @typedef {{ type: 'digestBegin', module?: WebAssembly.Module }} DigestBeginRequest */
/** @typedef {{ type: 'digestChunk', bytes: ArrayBuffer }} DigestChunkRequest  bytes: transferred */
/** @typedef {{ type: 'digestEnd' }} DigestEndRequest */
/**
 * @typedef {object} ExportReportRequest
 * @property {'exportReport'} type
 * @property {string} json  a report (JSON text) as FINISH gave it
 * @property {boolean} redact  replace the phone's own identifiers by placeholders
 * @property {boolean} caseFile  add the case file's facts and render its HTML
 * @property {{ name: string, sha256: string }[]} [inputs]  each input file's name (as the report
 *   names it) and digest ('' unknown), in the report's order
 * @property {string} [created]  when the case file was made (ISO 8601)
 * @property {WebAssembly.Module} [module]  as InitRequest's
 */
/**
 * @typedef {{ json: string, html: string, wasmHeapBytes: number }} ExportedReport  html: the case
 *   file's, or ''
 */
/**
 * @typedef {object} BeginFilePartRequest
 * @property {'beginFilePart'} type
 * @property {string} name  the file's name (as its first part was begun with)
 * @property {ArrayBuffer} bytes  the file's leading header lines (transferred)
 */
/** @typedef {{ type: 'filePartsInfo' }} FilePartsInfoRequest */
/**
 * What a session reading a part of a large log says (Session::file_parts_info): whether later
 * parts can follow its layout, the time its connections span, and its counts that limits cap,
 * with the caps.
 * @typedef {{ canFollow: boolean, firstTime: number | null, lastTime: number | null,
 *   destinations: number, names: number, originators: number, memoryBytes: number,
 *   maxDestinations: number, maxNames: number, maxOriginators: number, maxMemoryBytes: number,
 *   maxTimeSpan: number }} PartsInfo
 */

/**
 * @typedef {object} LogsBeginRequest
 * @property {'logsBegin'} type
 * @property {'tsv' | 'json'} format  Zeek's TSV (with its header) or Zeek's JSON
 * @property {boolean} verifyChecksums  drop packets whose checksums fail (Zeek's default; false reads them all, as Zeek's -C)
 * @property {WebAssembly.Module} [module]  as InitRequest's
 */
/** @typedef {{ type: 'logsLooksLikeCapture', bytes: ArrayBuffer }} LogsLooksLikeCaptureRequest  the first bytes */
/** @typedef {{ type: 'logsBeginFile', name: string }} LogsBeginFileRequest */
/** @typedef {{ type: 'logsFeed', bytes: ArrayBuffer }} LogsFeedRequest  bytes: transferred */
/** @typedef {{ type: 'logsEndFile', readError: string }} LogsEndFileRequest  readError: '' or why */
/** @typedef {{ type: 'logsFinish' }} LogsFinishRequest */
/**
 * What came of one capture file.
 * @typedef {object} CaptureOutcome
 * @property {boolean} read  it was read as a capture
 * @property {number} packets
 * @property {number} connections
 * @property {string[]} messages  lines for the user, each starting with the file's name
 */
/**
 * One Zeek log with rows.
 * @typedef {{ name: string, rows: number, bytes: Uint8Array }} ZeekLog  name: "conn.log", ...
 */

/**
 * @typedef {InitRequest | AddIndicatorsRequest | BeginFileRequest | FeedChunkRequest | EndFileRequest
 *   | FileErrorRequest | ExportStateRequest | MergeStateRequest | NameserverQueriesRequest
 *   | SetNameserversRequest | FinishRequest | TextReportRequest | StatsRequest | LogsBeginRequest
 *   | DigestBeginRequest | DigestChunkRequest | DigestEndRequest | ExportReportRequest
 *   | BeginFilePartRequest | FilePartsInfoRequest
 *   | LogsLooksLikeCaptureRequest | LogsBeginFileRequest | LogsFeedRequest | LogsEndFileRequest
 *   | LogsFinishRequest} Request
 */

/**
 * The effective resource limits of the configuration (the result of INIT).
 * @typedef {{ max_gzip_ratio: number } & Record<string, number>} Limits
 */
/**
 * @typedef {object} EngineStats
 * @property {{ logs: number, rules: number, report: number }} timings  seconds per stage
 * @property {number} wasmHeapBytes  the wasm heap's size (its peak: it only grows)
 * @property {{ read: number, compile: number, instantiate: number }} startup  seconds the worker
 *   spent reading, compiling and instantiating the engine for this session (zeros when it had it)
 */
/**
 * @typedef {{ id: number, type: 'result', result: unknown }} ResultResponse
 * @typedef {{ id: number, type: 'error', error: string }} ErrorResponse
 * @typedef {ResultResponse | ErrorResponse} Response
 */
