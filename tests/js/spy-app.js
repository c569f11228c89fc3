// A PCAPdroid capture for the app-attribution tests (tests/js/pcapdroid-apps.test.js and
// tests/browser/pcapdroid-apps.test.js): a phone on which one app of its own contacts the listed
// stalkerware and spyware picked from the public lists, beside a harmless app and the
// platform's traffic (scripts/lib/phone-capture.mjs attributes that to Android's system apps).
import { phoneCapture } from '../../scripts/lib/phone-capture.mjs';
import { BENIGN } from './phone-lists.js';

// The app a person would have to find.
export const SPY_APP = { uid: 10234, package: 'com.android.sys.update', label: 'System Update' };

// The app as the report names it: a pcapng's uid map gives its package and label, a trailer
// only its label.
export function spyAppAs(format) {
  return { uid: SPY_APP.uid, package: format === 'pcapng' ? SPY_APP.package : '', name: SPY_APP.label };
}

// `format`: 'pcapng' or 'trailer'; `damage` as phoneCapture takes it.
export function spyCapture(picked, format, damage) {
  return phoneCapture({
    seed: 21,
    minutes: 6,
    benign: BENIGN,
    apps: [
      {
        ...SPY_APP,
        contacts: [picked.echapDomain, { name: picked.echapSubdomain, via: 'http' }, picked.mvtDomain],
      },
      { uid: 10301, package: 'com.example.weather', label: 'Weather', contacts: ['api.weather.example'] },
    ],
    pcapdroid: format,
    damage,
  });
}
