// The npm CLI end to end: formats, exit codes, --fail-on, bad paths, hostile content in HTML,
// the progress bar on a terminal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { NODE_CLI, run, runNode } from './helpers.js';

let dir;
const header = (p, fields, types) =>
  `#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t${p}\n#fields\t${fields.join('\t')}\n#types\t${types.join('\t')}\n`;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zeekscope-cli-'));
  mkdirSync(path.join(dir, 'logs'));
  writeFileSync(
    path.join(dir, 'logs/dns.log'),
    header('dns', ['ts', 'query', 'qtype_name', 'answers'], ['time', 'string', 'string', 'vector[string]']) +
      '1.0\tspy.example\tA\t198.51.100.66\n' +
      // A query name carrying markup and script: it must only ever be text.
      '2.0\t<img src=x onerror=alert(1)>.spy.example\tA\t-\n',
  );
  writeFileSync(
    path.join(dir, 'logs/conn.log'),
    header(
      'conn',
      ['ts', 'uid', 'id.orig_h', 'id.resp_h', 'id.resp_p', 'proto', 'service'],
      ['time', 'string', 'addr', 'addr', 'port', 'enum', 'string'],
    ) + '1.0\tC1\t10.0.0.2\t198.51.100.66\t8080\ttcp\t-\n',
  );
  writeFileSync(path.join(dir, 'feed.txt'), 'spy.example\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const logs = () => path.join(dir, 'logs');
const feed = () => `domain/stalkerware:${path.join(dir, 'feed.txt')}`;

test('json, text and --out', async () => {
  const json = await runNode(['analyze', logs(), '--iocs', feed()]);
  assert.equal(json.code, 0, json.stderr.toString());
  const report = JSON.parse(json.stdout);
  // Named inside the folder given, never by a local path (as the native CLI names them).
  assert.deepEqual(
    report.inputs.map((i) => i.name),
    ['logs/conn.log', 'logs/dns.log'],
  );
  const text = await runNode(['analyze', logs(), '--iocs', feed(), '--format', 'text']);
  assert.match(text.stdout.toString(), /\[IOC-03\] spy\.example is a known stalkerware domain/);
  const out = await runNode(['analyze', logs(), '--out', path.join(dir, 'r.json')]);
  assert.equal(out.code, 0);
  assert.equal(out.stdout.length, 0);
  assert.equal(JSON.parse(readFileSync(path.join(dir, 'r.json'))).schema, 'zeekscope-report/1');
});

test('--format html is one self-contained page that shows hostile names as text', async () => {
  const r = await runNode(['analyze', logs(), '--iocs', feed(), '--format', 'html']);
  assert.equal(r.code, 0);
  const html = r.stdout.toString();
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
  assert.ok(!/<script/i.test(html));
  assert.ok(!html.includes('<img src=x'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;.spy.example'));
  assert.ok(!/(src|href)=["']?(https?:)?\/\//.test(html)); // nothing to fetch: it opens offline
});

test('--fail-on exit codes', async () => {
  assert.equal((await runNode(['analyze', logs(), '--iocs', feed(), '--fail-on', 'high'])).code, 3);
  assert.equal((await runNode(['analyze', logs(), '--fail-on', 'high'])).code, 0);
  assert.equal((await runNode(['analyze', logs(), '--fail-on', 'low'])).code, 3);
});

test('usage errors and unreadable inputs exit 2 naming them', async () => {
  const missing = await runNode(['analyze', path.join(dir, 'nope')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr.toString(), /nope: no such file or folder/);
  const option = await runNode(['analyze', logs(), '--frobnicate']);
  assert.equal(option.code, 2);
  assert.match(option.stderr.toString(), /unknown option --frobnicate/);
  assert.equal((await runNode([])).code, 2);
  assert.equal((await runNode(['analyze', logs(), '--format', 'xml'])).code, 2);
  assert.equal((await runNode(['analyze', logs(), '--resolver', 'doh=http://example.com/q'])).code, 2);
  writeFileSync(path.join(dir, 'config.json'), '{"max_port": 3}');
  const config = await runNode(['analyze', logs(), '--config', path.join(dir, 'config.json')]);
  assert.equal(config.code, 2);
  assert.match(config.stderr.toString(), /config key "max_port": unknown key/);
  const feedMissing = await runNode(['analyze', logs(), '--iocs', path.join(dir, 'missing.json')]);
  assert.equal(feedMissing.code, 2);
  assert.match(feedMissing.stderr.toString(), /missing\.json/);
  writeFileSync(path.join(dir, 'broken.json'), '{"iocs": [');
  const broken = await runNode(['analyze', logs(), '--iocs', path.join(dir, 'broken.json')]);
  assert.equal(broken.code, 0);
  assert.match(broken.stderr.toString(), /warning: .*broken\.json: invalid JSON/);
});

test('--version and --help', async () => {
  assert.match((await runNode(['--version'])).stdout.toString(), /^zeekscope 0\.1\.0 \(wasm\)/);
  assert.match((await runNode(['--help'])).stdout.toString(), /--resolver R/);
});

test('a reader that stops early (| head) ends the CLI quietly', async () => {
  // A report far bigger than a pipe's buffer, so the CLI is still writing when the pipe closes.
  const rows = Array.from(
    { length: 5000 },
    (_, i) => `${i}.0\tC${i}\t10.0.0.2\t198.51.${i >> 8}.${i & 255}\t${1024 + i}\ttcp\t-`,
  ).join('\n');
  const big = path.join(dir, 'big-conn.log');
  writeFileSync(
    big,
    header(
      'conn',
      ['ts', 'uid', 'id.orig_h', 'id.resp_h', 'id.resp_p', 'proto', 'service'],
      ['time', 'string', 'addr', 'addr', 'port', 'enum', 'string'],
    ) +
      rows +
      '\n',
  );
  for (const format of ['json', 'html']) {
    const child = spawn(process.execPath, [NODE_CLI, 'analyze', big, '--format', format], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, `${format}: ${stderr}`);
    // Checked with no indicator list: the one warning says so (once the engine tells it).
    assert.equal(stderr.replace(/^zeekscope: warning: no indicator list was used: .*\n/, ''), '', format);
  }
});

// `script` (util-linux, in every Debian) runs a command on a pseudo-terminal and copies what the
// command writes to it.
function needScript() {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'script (util-linux) is not installed: no terminal to show the progress bar on';
  }
}

test(
  'a progress bar on stderr when it is a terminal, and none when it is not',
  { skip: needScript() },
  async () => {
    const quote = (s) => `'${s.replace(/'/g, "'\\''")}'`;
    const out = path.join(dir, 'tty-report.json');
    // On a terminal (stdout and stderr both): the report goes to --out, so all the terminal shows
    // is the bar.
    const command = [process.execPath, NODE_CLI, 'analyze', logs(), '--iocs', feed(), '--out', out]
      .map(quote)
      .join(' ');
    const tty = await run('script', ['-q', '-e', '-c', command, '/dev/null'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.equal(tty.code, 0, tty.stdout.toString());
    const shown = tty.stdout.toString();
    const updates = shown.split('\r').filter(Boolean);
    assert.ok(updates.length >= 2, JSON.stringify(shown));
    const ERASE = '\x1b[K'; // erase to the end of the line
    for (const u of updates.slice(0, -1)) {
      assert.ok(u.endsWith(ERASE), JSON.stringify(u));
      assert.match(
        u.slice(0, -ERASE.length),
        /^\[[#.]{30}\] +\d+% file [12]\/2 .*(conn|dns)\.log$/,
        JSON.stringify(u),
      );
    }
    assert.match(shown, /\[#{30}\] 100% file 2\/2 .*dns\.log/, 'the bar reaches 100% on the last file');
    assert.equal(updates.at(-1), ERASE, 'the bar is cleared at the end');
    // Not a terminal: nothing on stderr, and the same report.
    const plain = await runNode(['analyze', logs(), '--iocs', feed()]);
    assert.equal(plain.stderr.toString(), '');
    assert.equal(readFileSync(out, 'utf8'), plain.stdout.toString());
  },
);
