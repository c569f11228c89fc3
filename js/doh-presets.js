// The DNS-over-HTTPS resolvers zeekscope knows by name, written once: the CLI's --resolver and its
// help, the API (parseResolver, DOH_PRESETS), the page's resolver choice and the origins its
// Content-Security-Policy allows (scripts/build-web.mjs, scripts/serve.mjs, web/app/settings.js).
export const DOH_PRESETS = Object.freeze({
  cloudflare: Object.freeze({
    label: 'Cloudflare',
    wire: 'https://cloudflare-dns.com/dns-query',
    json: 'https://cloudflare-dns.com/dns-query',
  }),
  google: Object.freeze({
    label: 'Google',
    wire: 'https://dns.google/dns-query',
    json: 'https://dns.google/resolve',
  }),
});

// The preset that plain "doh" means.
export const DEFAULT_DOH_PRESET = 'cloudflare';

// The origins (scheme://host) a preset's lookups go to; with no name, those of every preset.
export function dohOrigins(name) {
  const presets =
    name === undefined
      ? Object.values(DOH_PRESETS)
      : Object.hasOwn(DOH_PRESETS, name)
        ? [DOH_PRESETS[name]]
        : [];
  return [...new Set(presets.flatMap((p) => [new URL(p.wire).origin, new URL(p.json).origin]))];
}
