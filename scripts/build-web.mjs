#!/usr/bin/env node
// Builds the static site into dist/web: the page, the package's JS and wasm engine beside it (in
// the same layout as the npm package), the built-in indicator sets and the synthetic sample
// capture. The folder can be copied to any static host.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSample } from './lib/synthetic-capture.mjs';
import { PAGE_CONNECT_SRC } from './serve.mjs';
import { writeVersionModule } from './write-version.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/web');
for (const f of ['dist/zeekscope-engine.js', 'dist/zeekscope-engine.wasm']) {
  if (!existsSync(path.join(root, f))) {
    console.error(`build-web: ${f} is missing: run scripts/build-wasm first`);
    process.exit(1);
  }
}
const version = writeVersionModule(root);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(path.join(root, 'web'), out, { recursive: true });
// index.html's policy may connect to what scripts/serve.mjs allows: the feed host and the DoH
// presets (js/doh-presets.js). The source says only 'self'.
const indexHtml = path.join(out, 'index.html');
const html = readFileSync(indexHtml, 'utf8');
const withHosts = html.replace(/connect-src 'self';/, `connect-src ${PAGE_CONNECT_SRC};`);
if (withHosts === html) {
  console.error("build-web: web/index.html's policy has no \"connect-src 'self';\" to complete");
  process.exit(1);
}
writeFileSync(indexHtml, withHosts);
cpSync(path.join(root, 'js'), path.join(out, 'js'), {
  recursive: true,
  filter: (src) =>
    !src.endsWith('cli.js') &&
    !src.endsWith('node-host.js') &&
    !src.endsWith('worker-node.js') &&
    !src.endsWith('fetch-feeds.js'),
});
// fflate (MIT) inflates multi-member gzip where DecompressionStream stops: see js/browser-host.js.
mkdirSync(path.join(out, 'js/vendor'), { recursive: true });
cpSync(path.join(root, 'node_modules/fflate/esm/browser.js'), path.join(out, 'js/vendor/fflate.js'));
cpSync(path.join(root, 'node_modules/fflate/LICENSE'), path.join(out, 'js/vendor/fflate.LICENSE'));
mkdirSync(path.join(out, 'dist'));
for (const f of ['zeekscope-engine.js', 'zeekscope-engine.wasm', 'version.js'])
  cpSync(path.join(root, 'dist', f), path.join(out, 'dist', f));
mkdirSync(path.join(out, 'iocs'));
cpSync(path.join(root, 'iocs/builtin/demo-indicators.json'), path.join(out, 'iocs/demo-indicators.json'));
const sample = generateSample();
mkdirSync(path.join(out, 'sample'));
for (const [name, text] of Object.entries(sample)) writeFileSync(path.join(out, 'sample', name), text);
writeFileSync(
  path.join(out, 'sample/manifest.json'),
  `${JSON.stringify(
    {
      synthetic: true,
      description:
        'A synthetic capture of one phone, made by scripts/lib/synthetic-capture.mjs, with planted findings that match iocs/builtin/demo-indicators.json. Not real traffic.',
      files: Object.keys(sample),
    },
    null,
    2,
  )}\n`,
);
console.log(`build-web: wrote ${path.relative(root, out)} (zeekscope ${version})`);
