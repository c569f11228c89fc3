// Which of V8's wasm compilers the Node CLI runs the engine on. V8 compiles wasm first with its
// baseline compiler (Liftoff) and recompiles the busiest functions with its optimising one
// (TurboFan) while the engine runs. On small inputs that recompiling costs more than it saves (on
// two cores it takes a core the engine and the reader need): below BASELINE_ONLY_BELOW bytes of
// input the CLI keeps the baseline code only. The flag is the process's, so only the CLI sets it;
// the library leaves V8 as its host configured it. Measured in docs/PERFORMANCE.md.
import v8 from 'node:v8';
import { nodeHost } from './node-host.js';

export const BASELINE_ONLY_BELOW = 32 << 20;
// A gzip-compressed Zeek log or capture is read as about this many times its size.
const GZIP_EXPANSION = 8;

// 'baseline' or 'optimizing' for the CLI's inputs (paths). ZEEKSCOPE_WASM_TIER=baseline|optimizing
// in `env` overrides the choice (the benchmarks compare both).
export async function wasmTierFor(paths, env = process.env) {
  const asked = env.ZEEKSCOPE_WASM_TIER;
  if (asked === 'baseline' || asked === 'optimizing') return asked;
  return (await expectedBytes(paths)) < BASELINE_ONLY_BELOW ? 'baseline' : 'optimizing';
}

// Sets V8's flags for the tier, before the engine is compiled.
export function useWasmTier(tier) {
  if (tier === 'baseline') v8.setFlagsFromString('--liftoff-only');
}

async function expectedBytes(paths) {
  const files = await nodeHost.listInputs(paths).catch(() => []);
  if (files.some((f) => f.regular === false)) return Infinity; // a pipe: no size to go by
  return files.reduce((n, f) => n + (f.size ?? 0) * (/\.gz$/i.test(f.name) ? GZIP_EXPANSION : 1), 0);
}
