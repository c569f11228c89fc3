// The apps behind the traffic, for a PCAPdroid capture (which names the Android app of every
// connection): each app with its alerts and the hosts it talked to. App names come from the
// phone: shown as text only.
import { el } from './dom.js';
import { appText } from '../js/app-text.js';

const HOSTS_SHOWN = 12;

function appItem(app) {
  const hosts = app.hosts.slice(0, HOSTS_SHOWN);
  const more = app.hosts.length - hosts.length;
  return el(
    'li',
    { class: app.alerts.length ? 'app with-alerts' : 'app', dataset: { uid: String(app.uid) } },
    el('h4', {}, appText(app)),
    el(
      'p',
      {},
      `${app.connections} connections to ${app.hosts.length} hosts.`,
      app.alerts.length ? ` ${app.alerts.length} alerts:` : ' No alert.',
    ),
    app.alerts.length
      ? el(
          'ul',
          { class: 'app-alerts' },
          app.alerts.map((a) =>
            el('li', {}, el('span', { class: `badge ${a.level}` }, a.level), ` ${a.id} on ${a.host}`),
          ),
        )
      : '',
    el(
      'p',
      { class: 'muted' },
      `Hosts: ${hosts.map((h) => `${h.host} (${h.connections})`).join(', ')}`,
      more > 0 ? ` and ${more} more.` : '',
    ),
  );
}

export function appsSection(report) {
  const apps = report.apps ?? [];
  if (!apps.length) return [];
  return el(
    'section',
    { 'aria-labelledby': 'apps-title', id: 'apps' },
    el('h3', { id: 'apps-title' }, 'Apps'),
    el(
      'p',
      { class: 'muted' },
      'The capture names the Android app behind each connection (PCAPdroid). ' +
        'An app with an alert is the one to look for in the phone’s settings (Apps, and Device admin apps).',
    ),
    el('ul', { class: 'apps', role: 'list' }, apps.map(appItem)),
  );
}
