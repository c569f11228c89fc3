// `zeekscope logs` for the npm CLI: the native command's arguments, messages and exit codes
// (cli/logs_command.cpp), on zeekLogs().
import { mkdir, writeFile } from 'node:fs/promises';
import { zeekLogs } from './index.js';

const EXIT_USAGE = 2;

export const LOGS_USAGE = `usage: zeekscope logs CAPTURE... --out DIR [--format tsv|json] [--verify-checksums]
  CAPTURE             a packet capture (pcap, pcapng, .gz) or a folder (searched)
  --out DIR           where conn.log, dns.log, ssl.log, x509.log and http.log go
  --format FORMAT     tsv (Zeek's default, with its header) | json (one object a line)
  --verify-checksums  drop packets whose checksums fail, as Zeek does by default (without
                      it, as analyze: captures made on the sending host hold offloaded
                      checksums, so every packet is read, as Zeek's -C)
`;

// "a/b" + "c" as std::filesystem joins them, so both CLIs name the files alike.
function join(dir, name) {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** @param {string[]} argv  the arguments after "logs" @returns {Promise<number>} the exit code */
export async function logsCommand(argv) {
  const say = (line) => process.stderr.write(`zeekscope logs: ${line}\n`);
  const usage = (problem) => {
    process.stderr.write(`zeekscope logs: ${problem}\n${LOGS_USAGE}`);
    return EXIT_USAGE;
  };
  const paths = [];
  let out = '';
  let format = 'tsv';
  let verifyChecksums = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '--format') {
      if (i + 1 >= argv.length) return usage(`${a} needs a value`);
      if (a === '--out') out = argv[++i];
      else format = argv[++i];
    } else if (a === '--verify-checksums') verifyChecksums = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(LOGS_USAGE);
      return 0;
    } else if (a.startsWith('--')) return usage(`unknown option ${a}`);
    else paths.push(a);
  }
  if (paths.length === 0) return usage('no capture given');
  if (!out) return usage('--out is required');
  if (format !== 'tsv' && format !== 'json') return usage('--format is tsv or json');

  let result;
  try {
    result = await zeekLogs(paths, { format, verifyChecksums, onMessage: say });
  } catch (e) {
    say(String(e?.message ?? e));
    return EXIT_USAGE;
  }
  if (!result.files.some((f) => f.read)) {
    say('no capture could be read');
    return EXIT_USAGE;
  }
  await mkdir(out, { recursive: true }).catch(() => {});
  for (const log of result.logs) {
    const path = join(out, log.name);
    try {
      await writeFile(path, log.bytes);
    } catch {
      say(`cannot write ${path}`);
      return EXIT_USAGE;
    }
    say(`wrote ${path} (${log.rows} records)`);
  }
  return 0;
}
