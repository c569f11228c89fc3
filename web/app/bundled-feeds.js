// The indicator lists bundled into this build of the page: `npm run build -- --feeds DIR`
// (scripts/build-web.mjs) replaces this file in dist/web with DIR's SOURCES.json, as
// { fetched_by, sources: [{ name, file, url, licence, fetched, bytes, sha256, list? }] }, and
// copies the files into dist/web/feeds/. null: this build bundles none.
export const BUNDLED_FEEDS = null;
