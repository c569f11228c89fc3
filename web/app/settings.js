// Settings live in sessionStorage (this tab only). Network access is opt-in: the endpoints the
// user enabled are the only ones the page's Content-Security-Policy lets it connect to.
import { FEEDS_HOST } from '../js/feeds-catalog.js';
import { dohOrigins } from '../js/doh-presets.js';

export { FEEDS_HOST };

const KEY = 'zeekscope.settings';

export function loadSettings() {
  try {
    return { resolver: 'off', ...(JSON.parse(sessionStorage.getItem(KEY)) ?? {}) };
  } catch {
    return { resolver: 'off' };
  }
}

export function saveSettings(settings) {
  sessionStorage.setItem(KEY, JSON.stringify(settings));
}

// Adds a policy that narrows connect-src to what is enabled now. Policies only ever narrow, so
// enabling something later needs a reload (the caller saves the choice first).
export function applyNetworkPolicy(settings) {
  const allowed = ["'self'"];
  allowed.push(...dohOrigins(settings.resolver));
  if (settings.feedsPending) allowed.push(FEEDS_HOST);
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = `connect-src ${allowed.join(' ')}`;
  document.head.prepend(meta);
  return allowed;
}

// The analysis configuration from the settings form.
export function configFrom(form) {
  const data = new FormData(form);
  const num = (k) => Number.parseInt(data.get(k), 10);
  const device = String(data.get('device') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
  return {
    profile: data.get('profile'),
    max_ports: num('max_ports'),
    http_default_port: num('http_default_port'),
    max_alerts: num('max_alerts'),
    device,
  };
}
