// What the benchmark scripts share: the repository's root, their command-line options, and the
// two CLIs (both must be built).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const nativeCli = path.join(root, 'build/native/cli/zeekscope');
export const nodeCli = path.join(root, 'js/cli.js');

const args = process.argv.slice(2);
// The value after --name, or `def`.
export const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
export const has = (flag) => args.includes(`--${flag}`);

// Stops the script when either CLI is not built.
export function requireBuiltClis() {
  for (const f of [nativeCli, path.join(root, 'dist/zeekscope-engine.wasm')]) {
    if (!existsSync(f)) {
      console.error(`bench: ${f} is missing: run scripts/build-native and scripts/build-wasm`);
      process.exit(2);
    }
  }
}
