// The engine protocol (js/protocol.js): the client and the dispatcher speak it, without a worker
// between them here (the port calls the dispatcher in this thread).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { RequestType, ResponseType, isRequestType } from '../../js/protocol.js';
import { EngineClient } from '../../js/engine-client.js';
import { createEngineDispatcher } from '../../js/worker-dispatcher.js';

function inThreadClient() {
  let toClient = null;
  const dispatch = createEngineDispatcher(
    () => readFile(new URL('../../dist/zeekscope-engine.wasm', import.meta.url)),
    (response) => queueMicrotask(() => toClient(response)),
  );
  const port = {
    postMessage: (message) => dispatch(structuredClone(message)),
    onMessage: (fn) => (toClient = fn),
    onError: () => {},
    terminate: () => {},
  };
  return { client: new EngineClient(port), port, dispatch };
}

test('request types are declared once, frozen and distinct', () => {
  assert.ok(Object.isFrozen(RequestType));
  assert.ok(Object.isFrozen(ResponseType));
  const values = Object.values(RequestType);
  assert.equal(new Set(values).size, values.length);
  for (const v of values) assert.ok(isRequestType(v));
  assert.equal(isRequestType('chunk'), false);
  assert.equal(isRequestType(undefined), false);
});

test('every request type has a client method of the same name', () => {
  for (const type of Object.values(RequestType)) {
    assert.equal(typeof EngineClient.prototype[type], 'function', type);
  }
});

test('a client and a dispatcher run one file to a report', async () => {
  const { client } = inThreadClient();
  const limits = await client.init({ profile: 'default' });
  assert.equal(typeof limits.max_gzip_ratio, 'number');
  const feed = new TextEncoder().encode('spy.example\n');
  await client.addIndicators({
    bytes: feed,
    name: 'feed',
    format: 'text:domain/stalkerware',
    whitelist: false,
  });
  await client.beginFile('dns.log');
  const log = new TextEncoder().encode(
    '#separator \\x09\n#path\tdns\n#fields\tts\tquery\tqtype_name\tanswers\n1.0\tspy.example\tA\t-\n',
  );
  await client.feedChunk(log.buffer);
  await client.endFile();
  assert.deepEqual(await client.nameserverQueries(), []);
  const pieces = await client.finish();
  const report = JSON.parse(Buffer.concat(pieces.map((p) => Buffer.from(p))).toString('utf8'));
  assert.equal(report.inputs[0].records, 1);
  assert.ok(report.alerts.some((a) => a.id === 'IOC-03'));
  assert.match(await client.textReport(JSON.stringify(report)), /spy\.example/);
  const stats = await client.stats();
  assert.equal(typeof stats.wasmHeapBytes, 'number');
});

test('the dispatcher answers an undeclared request type with an error response', async () => {
  const responses = [];
  const dispatch = createEngineDispatcher(
    () => Promise.reject(new Error('not loaded')),
    (r) => responses.push(r),
  );
  dispatch({ id: 7, type: 'chunk' });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(responses, [{ id: 7, type: ResponseType.ERROR, error: 'unknown request type chunk' }]);
});
