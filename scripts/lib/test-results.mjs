// scripts/test's bookkeeping: counts from a GoogleTest JSON report or node's TAP output, the name
// and reason of every skipped test, and the final judgement of those skips.
//   node scripts/lib/test-results.mjs gtest SUITE REPORT.json OUTPUT.log SKIPS.jsonl
//   node scripts/lib/test-results.mjs tap SUITE REPORT.tap SKIPS.jsonl
//     print "passed failed skipped" and append each skip, one JSON line, to SKIPS.jsonl
//   node scripts/lib/test-results.mjs skips SKIPS.jsonl
//     print every skip by name, and exit 1 when one of them is not expected on this machine
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = path.resolve(ROOT, '../shared/data');

// Skips that are expected, each with its reason. Any other skip fails `npm test`: a test that
// can run on this machine must run. `suite` is the suite's label in scripts/test; `reason` is
// matched against the skip's message (GoogleTest: the GTEST_SKIP text; node: the skip string).
export const EXPECTED_SKIPS = [
  {
    // The wasm build of the GoogleTest suite has no zlib (Emscripten's port is fetched from the
    // network, and the build is offline): tests that read .gz input skip there, and run natively.
    suite: 'GoogleTest, wasm',
    reason: /gzip input is not readable in this build/,
    why: 'no zlib in the wasm build of the tests; the native suites run them',
  },
  {
    // The native CLI is a native program: the wasm build of the tests has none to run.
    suite: 'GoogleTest, wasm',
    reason: /the native CLI is not built here/,
    why: 'no native CLI in the wasm build of the tests; the native suites run them',
  },
  {
    // tshark, the packet readers' second reference, is a program: the wasm tests start none.
    suite: 'GoogleTest, wasm',
    reason: /the wasm tests run no other program/,
    why: 'no other program in the wasm build of the tests; the native suites compare with tshark',
  },
  {
    // ZEEKSCOPE_BROWSER_TESTS=0 tells scripts/install-deps not to install Chromium: the browser
    // tests then skip. With the variable unset, Chromium is installed and must be used.
    suite: 'node --test',
    reason: /Debian chromium is not installed/,
    when: () => process.env.ZEEKSCOPE_BROWSER_TESTS === '0',
    why: 'ZEEKSCOPE_BROWSER_TESTS=0: no browser tests asked for',
  },
  {
    // Without ../shared/data at all (a clone on its own), every test that reads it skips. When the
    // folder is there, a skip for a missing part of it is a failure: that part should be there.
    suite: /.*/,
    reason: /shared test data not found/,
    when: () => !existsSync(SHARED),
    why: `${SHARED} is absent`,
  },
];

function expectation(skip) {
  return EXPECTED_SKIPS.find(
    (e) =>
      (typeof e.suite === 'string' ? e.suite === skip.suite : e.suite.test(skip.suite)) &&
      e.reason.test(skip.reason ?? '') &&
      (!e.when || e.when()),
  );
}

// GoogleTest's JSON report has no skip message: it is read from the run's output, where the
// message is printed between "[ RUN      ] Suite.Name" and "[  SKIPPED ] Suite.Name".
function gtestSkipMessages(logFile) {
  const messages = new Map();
  if (!existsSync(logFile)) return messages;
  let current = null;
  let lines = [];
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    const run = line.match(/^\[ RUN {6}\] (\S+)/);
    const skipped = line.match(/^\[ {2}SKIPPED \] (\S+)/);
    if (run) {
      current = run[1];
      lines = [];
    } else if (skipped && skipped[1] === current) {
      messages.set(current, lines.filter((l) => l && !/: Skipped$/.test(l)).join(' '));
      current = null;
    } else if (current) {
      lines.push(line.trim());
    }
  }
  return messages;
}

function gtest(suite, reportFile, logFile, skipsFile) {
  // No report (the run crashed before writing it): nothing counted, and scripts/test counts the
  // run's non-zero status as a failure. The report is deleted before each run, so an old one
  // is never read.
  if (!existsSync(reportFile)) return [0, 0, 0];
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const messages = gtestSkipMessages(logFile);
  let p = 0;
  let f = 0;
  let s = 0;
  for (const testsuite of report.testsuites)
    for (const t of testsuite.testsuite) {
      if (t.result === 'SKIPPED') {
        s++;
        const name = `${testsuite.name}.${t.name}`;
        appendFileSync(skipsFile, `${JSON.stringify({ suite, name, reason: messages.get(name) ?? '' })}\n`);
      } else if (t.failures) f++;
      else p++;
    }
  return [p, f, s];
}

function tap(suite, tapFile, skipsFile) {
  if (!existsSync(tapFile)) return [0, 0, 0];
  const text = readFileSync(tapFile, 'utf8');
  const n = (k) => Number((text.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [0, 0])[1]);
  for (const line of text.split('\n')) {
    // "ok 3 - name # SKIP reason" (a "#" in a name is written "\#"); todo tests count as skips.
    const m = line.match(/^\s*(?:not )?ok \d+ - ((?:[^\\#]|\\.)*?) # (SKIP|TODO)\b ?(.*)$/i);
    if (m) {
      const name = m[1].replace(/\\(.)/g, '$1');
      const reason = `${m[2].toUpperCase() === 'TODO' ? 'todo: ' : ''}${m[3]}`;
      appendFileSync(skipsFile, `${JSON.stringify({ suite, name, reason })}\n`);
    }
  }
  return [n('pass'), n('fail') + n('cancelled'), n('skipped') + n('todo')];
}

function judgeSkips(skipsFile) {
  const skips = existsSync(skipsFile)
    ? readFileSync(skipsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  let unexpected = 0;
  if (skips.length) console.log(`skipped tests (${skips.length}):`);
  for (const skip of skips) {
    const expected = expectation(skip);
    if (!expected) unexpected++;
    console.log(
      `  ${expected ? 'expected  ' : 'UNEXPECTED'} [${skip.suite}] ${skip.name}: ${skip.reason || '(no reason given)'}` +
        (expected ? ` [expected: ${expected.why}]` : ''),
    );
  }
  if (unexpected)
    console.log(
      `${unexpected} test(s) skipped that should run on this machine (expected skips: scripts/lib/test-results.mjs)`,
    );
  return unexpected ? 1 : 0;
}

const [command, ...args] = process.argv.slice(2);
if (command === 'gtest') console.log(gtest(...args).join(' '));
else if (command === 'tap') console.log(tap(...args).join(' '));
else if (command === 'skips') process.exitCode = judgeSkips(args[0]);
else {
  console.error(`test-results.mjs: unknown command "${command}"`);
  process.exitCode = 2;
}
