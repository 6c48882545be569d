#!/usr/bin/env node
// Bytes a first search query downloads, measured in headless Chromium (playwright-core from
// the tools home, as tests/browser/check.mjs): serves a built site's folder on 127.0.0.1,
// opens /BASE/search/?q=WORD with an empty cache, waits for the results, and sums every file
// fetched under search/ (the search page itself, search.js, the manifest, the shards, the
// result groups) and the result pages the script reads for an excerpt past the 600 characters
// a group holds, as served and as gzip -6 would send them (what GitHub Pages does).
//
//   node bench/search_bytes.mjs SITE_DIR BASE_PATH WORD [WORD...]
//   e.g. node bench/search_bytes.mjs /tmp/kb/out /  בוגרים mentor
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const [dir, base, ...words] = process.argv.slice(2);
if (!dir || !base || !words.length) {
  console.error('usage: search_bytes.mjs SITE_DIR BASE_PATH WORD [WORD...]');
  process.exit(2);
}
const toolsHome = process.env.KEHILA_TOOLS_HOME || path.join(os.homedir(), '.cache', 'kehila-tools');
const { chromium } = createRequire(path.join(toolsHome, 'node_modules', 'x.js'))('playwright-core');
const basePath = base.endsWith('/') ? base : base + '/';

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (!p.startsWith(basePath)) { res.writeHead(404); res.end(); return; }
  p = path.join(dir, p.slice(basePath.length));
  if (p.endsWith('/')) p = path.join(p, 'index.html');
  fs.readFile(p, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(p)] || 'application/octet-stream' });
    res.end(data);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'] });
for (const word of words) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = [];
  page.on('response', async (r) => {
    const u = new URL(r.url());
    // the search page and its index, and the result pages the script reads for late excerpts
    if (!u.pathname.startsWith(basePath + 'search') && r.request().resourceType() !== 'fetch') return;
    try { files.push({ path: u.pathname, body: await r.body() }); } catch (e) { /* redirect */ }
  });
  const t0 = Date.now();
  await page.goto(`${origin}${basePath}search/?q=${encodeURIComponent(word)}`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.kehilaSearch && window.kehilaSearch.done);
  const hits = await page.evaluate(async () => { await window.kehilaSearch.done; return document.querySelectorAll('#search-results li').length; });
  const ms = Date.now() - t0;
  await new Promise((r) => setTimeout(r, 200));
  const raw = files.reduce((n, f) => n + f.body.length, 0);
  const gz = files.reduce((n, f) => n + zlib.gzipSync(f.body, { level: 6 }).length, 0);
  const kinds = (re) => files.filter((f) => re.test(f.path));
  const sum = (fs_, z) => fs_.reduce((n, f) => n + (z ? zlib.gzipSync(f.body, { level: 6 }).length : f.body.length), 0);
  const part = (name, re) => { const f = kinds(re); return `${name} ${f.length} file(s) ${sum(f)} B (${sum(f, true)} B gz)`; };
  console.log(`"${word}": ${hits} results shown in ${ms} ms; ${files.length} files, ${raw} B raw, ${gz} B gzipped` +
    `\n   ${part('page+js', /search\/(index\.html)?$|search\.js$/)}; ${part('manifest', /manifest\.json$/)}; ` +
    `${part('shards', /\/s\//)}; ${part('groups', /\/g\//)}; ${part('result pages', /^(?!.*\/search\/$).*\/$/)}`);
  await context.close();
}
await browser.close();
server.close();
