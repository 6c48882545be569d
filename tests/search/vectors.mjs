#!/usr/bin/env node
// Runs the `query` cases of tests/search/vectors.json against the theme's search.js (its
// normaliser, loaded as the page loads it, without a document). tests/search.rs runs the same
// file in Rust; tests/browser/check.mjs runs it again in Chromium.
//   node tests/search/vectors.mjs      → one line per failure, then `search vectors: N passed, M failed`
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = fs.readFileSync(path.join(root, 'themes/default/static/search.js'), 'utf8');
const window = {};
vm.runInNewContext(src, { window, URL });
const vectors = JSON.parse(fs.readFileSync(path.join(root, 'tests/search/vectors.json'), 'utf8'));
let passed = 0;
let failed = 0;
for (const c of vectors.query) {
  const got = window.kehilaSearch.queryWords(c.in);
  if (JSON.stringify(got) === JSON.stringify(c.words)) passed++;
  else {
    failed++;
    console.log(`FAIL ${JSON.stringify(c.in)}: got ${JSON.stringify(got)}, want ${JSON.stringify(c.words)} (${c.why})`);
  }
}
// The budget for the query code: 10 KB gzipped.
const gz = zlib.gzipSync(src, { level: 9 }).length;
if (gz <= 10240) passed++;
else { failed++; console.log(`FAIL search.js is ${gz} bytes gzipped (budget 10240)`); }
console.log(`search.js: ${src.length} bytes, ${gz} gzipped`);
console.log(`search vectors: ${passed} passed, ${failed} failed`);
process.exit(failed || !passed ? 1 : 0);
