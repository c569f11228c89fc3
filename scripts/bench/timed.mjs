// One timed CLI run for the benchmarks: wall time, the engine's stage times and wasm heap (from
// the CLIs' --timings line), and peak memory from /usr/bin/time (wait4's figure for the process
// itself: a process forked from Node that read its own ru_maxrss would count Node's memory at
// the fork).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const TIME = '/usr/bin/time';

export function timed(cmd, argv) {
  const start = process.hrtime.bigint();
  const r = existsSync(TIME)
    ? spawnSync(TIME, ['-f', 'maxrss %M', cmd, ...argv], { maxBuffer: 1 << 30, encoding: 'utf8' })
    : spawnSync(cmd, argv, { maxBuffer: 1 << 30, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: ${r.stderr}`);
  const t =
    /timings: logs ([\d.]+) s, rules ([\d.]+) s, report ([\d.]+) s(?:, wasm heap ([\d.]+) MiB)?, peak RSS ([\d.]+) MiB/.exec(
      r.stderr,
    );
  const maxrss = /maxrss (\d+)/.exec(r.stderr);
  return {
    seconds,
    logs: Number(t?.[1]),
    rules: Number(t?.[2]),
    report: Number(t?.[3]),
    heap: t?.[4] ? Number(t[4]) : null,
    rss: maxrss ? Number(maxrss[1]) / 1024 : Number(t?.[5]),
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

export const best = (runs) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
export const repeat = (n, f) => best(Array.from({ length: n }, f));
