// A local stand-in for raw.githubusercontent.com that serves the real feeds from
// ../shared/data/iocs at the catalogue's paths (js/feeds-catalog.js), with MVT's list naming two
// STIX2 files it has (and, with `withMissing`, one it has not). Used by the fetch-feeds tests and
// the offline page test.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED } from './helpers.js';

export const FEED_HOST_NEEDS = [
  'iocs/mvt/predator.stix2',
  'iocs/echap/network.csv',
  'iocs/tinycheck/iocs.json',
];

const iocs = (f) => path.join(SHARED, 'iocs', f);

// MVT's list format with two STIX2 files that the stand-in has, and one that it has not.
export const mvtList = (withMissing) => `indicators:
  -
    type: github
    name: Predator
    github:
      owner: mvt-project
      repo: mvt-indicators
      branch: main
      path: 2023-03-29_android_campaign/predator.stix2
  -
    type: github
    name: Operation Triangulation
    github:
      owner: KasperskyLab
      repo: iShadow
      branch: main
      path: operation_triangulation.stix2
${
  withMissing
    ? `  -
    type: github
    name: Gone
    github:
      owner: nobody
      repo: gone
      branch: main
      path: gone.stix2
`
    : ''
}`;

// Starts the stand-in on a free port. Returns { host, requests, options, close }: `requests`
// collects the paths asked for, `options.withMissing` adds the missing file to the list.
export async function startFeedHost() {
  const requests = [];
  const options = { withMissing: false };
  const files = {
    '/AssoEchap/stalkerware-indicators/master/generated/network.csv': iocs('echap/network.csv'),
    '/KasperskyLab/TinyCheck/main/assets/iocs.json': iocs('tinycheck/iocs.json'),
    '/mvt-project/mvt-indicators/main/2023-03-29_android_campaign/predator.stix2': iocs('mvt/predator.stix2'),
    '/KasperskyLab/iShadow/main/operation_triangulation.stix2': iocs('mvt/operation_triangulation.stix2'),
  };
  const server = createServer((req, res) => {
    requests.push(req.url);
    if (req.url === '/mvt-project/mvt-indicators/main/indicators.yaml') {
      res.end(mvtList(options.withMissing));
    } else if (files[req.url]) {
      res.end(readFileSync(files[req.url]));
    } else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `http://127.0.0.1:${server.address().port}`,
    requests,
    options,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
