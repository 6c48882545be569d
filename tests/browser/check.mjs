#!/usr/bin/env node
// Browser test for kehila's default theme, in Debian's headless Chromium driven by
// playwright-core from the team's tools home (no npm install of its own).
//
//   node tests/browser/check.mjs --demo http://127.0.0.1:P1/kehila-demo/ --en http://127.0.0.1:P2/ \
//        [--demo-src REPO_ROOT] [--out DIR]
//
// --demo / --en are the base URLs of the Hebrew demo hub and the English fixture hub, both
// already built and served (tests/browser/run.sh does that). --demo-src is the demo hub's
// source folder (default: the repository root), read for the post titles the mixed-direction
// check compares against. --out receives the screenshots (default: a new temp folder).
//
// At 390x844 and 1280x800, on the demo's home page, two posts, a cohort and a leader page and
// on the English home page and a post, it checks: no horizontal scrolling; the text direction
// (computed body direction, and where the first navigation item sits); mixed Hebrew/English
// post titles in logical order; a visible skip link and a visible focus ring when tabbing;
// the channel buttons on the home pages; dark-mode colours and the contrast of the main
// paragraph text; that no request leaves 127.0.0.1; no console errors.
// With --search (the base URL of tests/fixtures/hub-search, built and served), it also runs
// the shared normalisation vectors (tests/search/vectors.json) in the page and real queries on
// /search/?q=… (Hebrew clitics, gershayim, niqqud, English, Arabic, ranking, no results), and
// submits the header search box on the demo.
// One line per check, then `browser: N passed, M failed`; exit 1 if any failed, 2 on misuse.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function usage(msg) {
  if (msg) console.error(msg);
  console.error('usage: check.mjs --demo URL --en URL [--search URL] [--demo-src DIR] [--out DIR]');
  console.log('browser: ERROR bad arguments');
  process.exit(2);
}

const opt = { demo: null, en: null, search: null, demoSrc: path.resolve(here, '..', '..'), out: null };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
  if (a === '--demo') opt.demo = val();
  else if (a === '--en') opt.en = val();
  else if (a === '--search') opt.search = val();
  else if (a === '--demo-src') opt.demoSrc = path.resolve(val());
  else if (a === '--out') opt.out = path.resolve(val());
  else if (a === '-h' || a === '--help') usage();
  else usage(`unknown argument ${a}`);
}
if (!opt.demo || !opt.en) usage('--demo and --en are required');
for (const k of ['demo', 'en', 'search']) if (opt[k] && !opt[k].endsWith('/')) opt[k] += '/';
opt.out = opt.out || fs.mkdtempSync(path.join(os.tmpdir(), 'kehila-browser-'));
fs.mkdirSync(opt.out, { recursive: true });

// playwright-core comes from the tools home that ../shared/tools/install.sh fills.
const toolsHome = path.resolve(process.env.KEHILA_TOOLS_HOME || path.join(os.homedir(), '.cache', 'kehila-tools'));
let chromium;
try {
  ({ chromium } = createRequire(path.join(toolsHome, 'node_modules', 'x.js'))('playwright-core'));
} catch (e) {
  console.error(`playwright-core not found under ${toolsHome}/node_modules: run ../shared/tools/install.sh`);
  console.log('browser: ERROR playwright-core missing');
  process.exit(2);
}
const exe = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(exe)) {
  console.log(`browser: ERROR no browser at ${exe} (apt-get install chromium)`);
  process.exit(2);
}
const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// The title a post's front matter gives (a plain or quoted one-line YAML scalar).
function sourceTitle(file) {
  const text = fs.readFileSync(file, 'utf8');
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const line = fm && /^title:[ \t]*(.+?)[ \t]*$/m.exec(fm[1]);
  if (!line) throw new Error(`no title in ${file}`);
  const v = line[1];
  if (v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(["\\])/g, '$1');
  if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

const SIZES = [{ width: 390, height: 844 }, { width: 1280, height: 800 }];
const demoPost = (file, word) => ({ file: path.join(opt.demoSrc, 'content', 'posts', file), word });
const PAGES = [
  { site: 'demo', name: 'home', rel: '', dir: 'rtl', channels: ['whatsapp', 'telegram', 'email'] },
  { site: 'demo', name: 'post', rel: 'posts/linkedin-profile-tip/', dir: 'rtl',
    title: demoPost('2025-05-08-linkedin-profile-tip.md', 'LinkedIn') },
  { site: 'demo', name: 'post-python', rel: 'posts/python-study-group/', dir: 'rtl',
    title: demoPost('2026-01-18-python-study-group.md', 'Python') },
  { site: 'demo', name: 'cohort', rel: 'cohorts/beer-sheva-2026/', dir: 'rtl' },
  { site: 'demo', name: 'leader', rel: 'leaders/michal-azulay/', dir: 'rtl' },
  { site: 'en', name: 'home', rel: '', dir: 'ltr', channels: ['telegram'] },
  { site: 'en', name: 'post', rel: 'posts/hello/', dir: 'ltr' },
];
// Pages loaded again with prefers-color-scheme: dark.
const DARK = [['demo', 'home'], ['demo', 'post'], ['en', 'home']];

let passed = 0;
let failed = 0;
const screenshots = [];
const allRequests = [];
function check(label, ok, detail) {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}: ${detail}`);
}

// ---------- functions evaluated in the page ----------

// Colour helpers shared by the in-page functions below (installed with addInitScript).
function installHelpers() {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  // Any CSS colour (rgb(), oklch(), color-mix() results...) to sRGB 0-255 + alpha 0-1.
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return { r: d[0], g: d[1], b: d[2], a: d[3] / 255 };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  // The colour behind el: background colours of el and its ancestors, composited down to the
  // first opaque one (or the canvas of the used colour scheme). Background images (gradients)
  // on the way are named in `images`, as they are not measured.
  const background = (el) => {
    const layers = [];
    const images = [];
    let base = null;
    for (let n = el; n; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.backgroundImage !== 'none') images.push(n.tagName.toLowerCase() + (n.className ? '.' + String(n.className).trim().split(/\s+/).join('.') : ''));
      const c = rgba(cs.backgroundColor);
      if (c.a >= 1) { base = c; break; }
      if (c.a > 0) layers.push(c);
    }
    if (!base) {
      const dark = getComputedStyle(document.documentElement).colorScheme.includes('dark') &&
        matchMedia('(prefers-color-scheme: dark)').matches;
      base = dark ? { r: 18, g: 18, b: 18, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
    }
    let c = base;
    for (let i = layers.length - 1; i >= 0; i--) c = over(layers[i], c);
    return { color: c, images };
  };
  const colors = (el) => {
    const bg = background(el);
    const fg = over(rgba(getComputedStyle(el).color), bg.color);
    const [l1, l2] = [lum(fg), lum(bg.color)].sort((a, b) => b - a);
    return { fg: hex(fg), bg: hex(bg.color), ratio: (l1 + 0.05) / (l2 + 0.05), images: bg.images };
  };
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList && el.classList.length) s += '.' + [...el.classList].join('.');
    return s;
  };
  const pathOf = (el) => {
    const parts = [];
    for (let n = el; n && n !== document.body && parts.length < 4; n = n.parentElement) parts.unshift(describe(n));
    return parts.join(' > ');
  };
  window.__kehila = { rgba, colors, describe, pathOf };
}

// Everything measured on a freshly loaded page, before any interaction.
function measure(arg) {
  const K = window.__kehila;
  const vw = window.innerWidth;
  const doc = document.documentElement;
  const r = {
    scrollWidth: doc.scrollWidth,
    innerWidth: vw,
    htmlDir: doc.getAttribute('dir'),
    lang: doc.getAttribute('lang'),
    bodyDirection: getComputedStyle(document.body).direction,
    overflow: [],
  };
  // Who sticks out sideways (only when the page scrolls sideways): the deepest elements whose
  // box leaves [0, innerWidth] and that no ancestor clips.
  if (doc.scrollWidth > vw) {
    const clipped = (el) => {
      for (let n = el.parentElement; n && n !== document.body; n = n.parentElement) {
        if (getComputedStyle(n).overflowX !== 'visible') return true;
      }
      return false;
    };
    const out = [...document.body.querySelectorAll('*')].filter((el) => {
      const b = el.getBoundingClientRect();
      return b.width > 0 && (b.right > vw + 0.5 || b.left < -0.5) && !clipped(el);
    });
    const deepest = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
    r.overflow = deepest.slice(0, 4).map((el) => {
      const b = el.getBoundingClientRect();
      return `${K.pathOf(el)} [x ${Math.round(b.left)}..${Math.round(b.right)}]`;
    });
    // No box sticks out: then it is text (or an inline) wider than the box holding it.
    if (!r.overflow.length) {
      const wide = [...document.body.querySelectorAll('*')].filter((el) => el.scrollWidth > el.clientWidth + 1 &&
        el.clientWidth > 0 && getComputedStyle(el).overflowX === 'visible' && !clipped(el));
      const inner = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
      r.overflow = inner.slice(0, 4).map((el) => `${K.pathOf(el)} [content ${el.scrollWidth}px in a ${el.clientWidth}px box]`);
    }
  }
  // Primary navigation: the nav with the most links in the page header (else the first nav).
  const navs = [...document.querySelectorAll('header nav, nav')];
  const inHeader = navs.filter((n) => n.closest('header'));
  const links = (n) => n.querySelectorAll('a').length;
  const nav = (inHeader.length ? inHeader : navs).reduce((best, n) => (!best || links(n) > links(best) ? n : best), null);
  if (nav) {
    const items = [...nav.querySelectorAll('li')].filter((li) => li.querySelector('a'));
    const boxes = items.map((li) => {
      const b = li.getBoundingClientRect();
      return { text: li.textContent.trim(), left: b.left, right: b.right, top: b.top, bottom: b.bottom };
    });
    r.nav = { label: nav.getAttribute('aria-label') || K.describe(nav), boxes };
  }
  // Mixed-direction title: the h1's text, and where the English word and its Hebrew
  // neighbours (in logical order) are drawn.
  if (arg.word) {
    const h1 = document.querySelector('main h1') || document.querySelector('h1');
    r.title = { found: !!h1 };
    if (h1) {
      const text = h1.textContent;
      r.title.text = text.replace(/\s+/g, ' ').trim();
      const hb = h1.getBoundingClientRect();
      r.title.h1 = { left: hb.left, right: hb.right, top: hb.top, bottom: hb.bottom };
      // Text nodes of the h1, to turn a character offset into a Range.
      const nodes = [];
      const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
      let start = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push({ n, start }); start += n.data.length; }
      const rect = (from, to) => {
        const range = document.createRange();
        const at = (off) => { const e = nodes.filter((x) => x.start <= off).pop(); return [e.n, Math.min(off - e.start, e.n.data.length)]; };
        range.setStart(...at(from));
        range.setEnd(...at(to));
        const rs = [...range.getClientRects()].filter((q) => q.width > 0);
        if (!rs.length) return null;
        return {
          left: Math.min(...rs.map((q) => q.left)), right: Math.max(...rs.map((q) => q.right)),
          top: Math.min(...rs.map((q) => q.top)), bottom: Math.max(...rs.map((q) => q.bottom)), lines: rs.length,
        };
      };
      const i = text.indexOf(arg.word);
      r.title.wordIndex = i;
      if (i >= 0) {
        const j = i + arg.word.length;
        r.title.word = rect(i, j);
        r.title.firstLetter = rect(i, i + 1);
        r.title.lastLetter = rect(j - 1, j);
        const hebrew = /[\u0590-\u05FF]/;
        let b = i - 1;
        while (b >= 0 && !hebrew.test(text[b])) b--;
        let a = j;
        while (a < text.length && !hebrew.test(text[a])) a++;
        if (b >= 0) r.title.before = { ch: text[b], box: rect(b, b + 1) };
        if (a < text.length) r.title.after = { ch: text[a], box: rect(a, a + 1) };
      }
    }
  }
  // The main paragraph text: the first paragraph of the page's prose, else of <main>.
  const p = document.querySelector('main .prose p') || document.querySelector('main p');
  if (p) r.para = { where: K.pathOf(p), ...K.colors(p) };
  r.body = K.colors(document.body);
  return r;
}

// The focused element after a Tab press.
function focused() {
  const K = window.__kehila;
  const el = document.activeElement;
  if (!el || el === document.body) return { none: true };
  const b = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  const href = el.getAttribute('href') || '';
  let target = null;
  if (href.startsWith('#') && href.length > 1) target = document.getElementById(decodeURIComponent(href.slice(1)));
  const main = document.querySelector('main');
  const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
  return {
    what: K.describe(el),
    tag: el.tagName.toLowerCase(),
    text: el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40),
    href,
    skipsToMain: !!(target && main && (target === main || target.contains(main) || main.contains(target))),
    box: { left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width, height: b.height },
    vw: window.innerWidth,
    vh: window.innerHeight,
    visibility: cs.visibility,
    opacity: parseFloat(cs.opacity),
    onTop: !!(hit && (hit === el || el.contains(hit))),
    outlineStyle: cs.outlineStyle,
    outlineWidth: cs.outlineWidth,
    outlineColor: cs.outlineColor,
    boxShadow: cs.boxShadow,
    focusVisible: el.matches(':focus-visible'),
  };
}

// Channel links (WhatsApp, Telegram, email...) in <main>: each scrolled into view
// vertically only, then measured.
function channels() {
  const kinds = { whatsapp: /(^|\.)(whatsapp\.com|wa\.me)$/, telegram: /(^|\.)(t\.me|telegram\.me|telegram\.org)$/ };
  const links = [...document.querySelectorAll('main a[href]')];
  const found = [];
  for (const a of links) {
    let kind = null;
    const href = a.getAttribute('href');
    if (href.startsWith('mailto:')) kind = 'email';
    else {
      try {
        const host = new URL(a.href).hostname;
        for (const [k, re] of Object.entries(kinds)) if (re.test(host)) kind = k;
      } catch (e) { /* not a URL */ }
    }
    if (!kind) continue;
    const before = a.getBoundingClientRect();
    const inFirstScreen = before.top >= 0 && before.bottom <= window.innerHeight;
    window.scrollTo({ top: window.scrollY + before.top - window.innerHeight / 3, left: window.scrollX, behavior: 'instant' });
    const b = a.getBoundingClientRect();
    const cs = getComputedStyle(a);
    const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
    found.push({
      kind,
      text: a.textContent.trim().replace(/\s+/g, ' '),
      left: b.left, right: b.right, width: b.width, height: b.height,
      visible: cs.visibility !== 'hidden' && cs.display !== 'none' && parseFloat(cs.opacity) > 0,
      onTop: !!(hit && (hit === a || a.contains(hit))),
      inFirstScreen,
    });
  }
  window.scrollTo({ top: 0, left: 0, behavior: 'instant' });
  return { found, vw: window.innerWidth, scrollWidth: document.documentElement.scrollWidth };
}

// ---------- the checks ----------

const px = (v) => Math.round(v);
const midY = (a) => (a.top + a.bottom) / 2;
// Latin and Hebrew runs come from different fonts, whose boxes differ in height by a few px:
// lines are told apart by the vertical centres of the boxes.
const sameLine = (a, b) => Math.abs(midY(a) - midY(b)) < Math.min(a.bottom - a.top, b.bottom - b.top) / 2;
// Is a drawn before b in reading order `dir` (same line: further right for rtl; else higher)?
const drawnBefore = (a, b, dir) => sameLine(a, b)
  ? (dir === 'rtl' ? a.left >= b.right - 1 : a.right <= b.left + 1)
  : midY(a) < midY(b);

async function runPage(context, spec, size, scheme) {
  const base = spec.site === 'demo' ? opt.demo : opt.en;
  const url = new URL(spec.rel, base).href;
  const label = `${spec.site} ${spec.name}${scheme === 'dark' ? ' dark' : ''} ${size.width}x${size.height}`;
  const page = await context.newPage();
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  const requests = [];
  const bad = [];
  const consoleErrors = [];
  page.on('request', (r) => { requests.push(r.url()); allRequests.push(`${label}\t${r.url()}`); });
  page.on('requestfailed', (r) => bad.push(`${r.url()} ${r.failure() ? r.failure().errorText : ''}`));
  page.on('response', (r) => { if (r.status() >= 400) bad.push(`${r.url()} HTTP ${r.status()}`); });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = (m.location() && m.location().url) || '';
    consoleErrors.push(where ? `${m.text()} [${where}]` : m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  try {
    const resp = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    const status = resp ? resp.status() : 0;
    check(`${label} load`, status === 200, `${url} HTTP ${status}`);
    await page.evaluate(() => document.fonts && document.fonts.ready);

    const shot = path.join(opt.out, `${spec.site}-${spec.name}${scheme === 'dark' ? '-dark' : ''}-${size.width}x${size.height}.png`);
    await page.screenshot({ path: shot });
    screenshots.push(shot);

    const m = await page.evaluate(measure, { word: spec.title ? spec.title.word : null });

    if (scheme === 'light') {
      check(`${label} no horizontal scroll`, m.scrollWidth <= m.innerWidth,
        `scrollWidth ${m.scrollWidth} ${m.scrollWidth <= m.innerWidth ? '<=' : '>'} innerWidth ${m.innerWidth}` +
        (m.overflow.length ? `; sticking out: ${m.overflow.join('; ')}` : ''));

      check(`${label} direction ${spec.dir}`, m.bodyDirection === spec.dir,
        `computed body direction ${m.bodyDirection}, <html dir=${m.htmlDir} lang=${m.lang}>`);
      const boxes = m.nav ? m.nav.boxes : [];
      if (boxes.length < 2) {
        check(`${label} nav order`, false, `primary navigation has ${boxes.length} item(s)`);
      } else {
        const first = boxes[0];
        const last = boxes[boxes.length - 1];
        // When the menu wraps, the last item can sit on a later row: then compare with the
        // last item of the first item's row.
        const row = boxes.filter((b) => sameLine(b, first));
        const other = sameLine(first, last) ? last : row[row.length - 1];
        const ok = row.length >= 2 && (spec.dir === 'rtl' ? first.left >= other.right - 1 : first.right <= other.left + 1);
        const side = spec.dir === 'rtl' ? 'right' : 'left';
        check(`${label} nav order`, ok,
          `first item "${first.text}" x ${px(first.left)}..${px(first.right)} is ${ok ? '' : 'NOT '}${side} of ` +
          `${other === last ? 'last' : 'last-in-its-row'} item "${other.text}" x ${px(other.left)}..${px(other.right)} ` +
          `(${boxes.length} items, ${row.length} in the first row, "${m.nav.label}")`);
      }

      if (spec.title) {
        const want = sourceTitle(spec.title.file);
        const t = m.title || {};
        const problems = [];
        if (!t.found) problems.push('no h1');
        else {
          if (t.text !== want) problems.push(`h1 text "${t.text}" != source title "${want}"`);
          if (!t.word) problems.push(`"${spec.title.word}" not drawn in the h1`);
          else {
            const w = t.word;
            // Sideways to the pixel; up and down within 15% of the word's height, as the Latin
            // fallback font's ascent can reach a little above the h1's first line box.
            const slack = Math.max(1, 0.15 * (w.bottom - w.top));
            const inside = w.left >= t.h1.left - 1 && w.right <= t.h1.right + 1 && w.top >= t.h1.top - slack && w.bottom <= t.h1.bottom + slack;
            if (!inside) problems.push(`"${spec.title.word}" box x ${px(w.left)}..${px(w.right)} y ${px(w.top)}..${px(w.bottom)} outside h1 x ${px(t.h1.left)}..${px(t.h1.right)} y ${px(t.h1.top)}..${px(t.h1.bottom)}`);
            if (!(t.firstLetter && t.lastLetter && t.firstLetter.right <= t.lastLetter.left + 1 && sameLine(t.firstLetter, t.lastLetter))) {
              problems.push(`"${spec.title.word}" not drawn left to right`);
            }
            if (t.before && !(t.before.box && drawnBefore(t.before.box, w, 'rtl'))) problems.push(`Hebrew "${t.before.ch}" before it is not drawn before it (right/above)`);
            if (t.after && !(t.after.box && drawnBefore(w, t.after.box, 'rtl'))) problems.push(`Hebrew "${t.after.ch}" after it is not drawn after it (left/below)`);
          }
        }
        const w = t.word;
        check(`${label} mixed title in order`, problems.length === 0, problems.length ? problems.join('; ') :
          `h1 == source title "${want}"; "${spec.title.word}" x ${px(w.left)}..${px(w.right)} y ${px(w.top)}..${px(w.bottom)} ` +
          `inside h1 x ${px(t.h1.left)}..${px(t.h1.right)} y ${px(t.h1.top)}..${px(t.h1.bottom)}, ` +
          `drawn left to right${t.before ? `, after "${t.before.ch}"` : ''}${t.after ? `, before "${t.after.ch}"` : ''} in rtl order`);
      }
    }

    if (m.para) {
      check(`${label} text contrast`, m.para.ratio >= 4.5,
        `${m.para.where}: ${m.para.fg} on ${m.para.bg} = ${m.para.ratio.toFixed(2)}:1 (need 4.5)` +
        (m.para.images.length ? ` [background-image on ${m.para.images.join(', ')} not measured]` : ''));
    } else {
      check(`${label} text contrast`, false, 'no paragraph in <main>');
    }

    if (scheme === 'dark') {
      await page.emulateMedia({ colorScheme: 'light' });
      const light = await page.evaluate(() => window.__kehila.colors(document.body));
      await page.emulateMedia({ colorScheme: 'dark' });
      const ok = light.fg !== m.body.fg && light.bg !== m.body.bg;
      check(`${label} dark colours`, ok,
        `body text ${m.body.fg} on ${m.body.bg} in dark vs ${light.fg} on ${light.bg} in light` +
        (ok ? '' : ' (text and background must both change)'));
    } else {
      // Keyboard: the first Tab lands on the skip link, which then shows; the next one on a
      // link with a focus ring.
      await page.keyboard.press('Tab');
      const f1 = await page.evaluate(focused);
      const b1 = f1.box || {};
      const shows = !f1.none && b1.width > 1 && b1.height > 1 && b1.left >= 0 && b1.top >= 0 &&
        b1.right <= f1.vw && b1.bottom <= f1.vh && f1.visibility !== 'hidden' && f1.opacity > 0 && f1.onTop;
      check(`${label} skip link on first Tab`, !f1.none && f1.skipsToMain && shows,
        f1.none ? 'nothing focused' :
          `${f1.what} "${f1.text}" href=${f1.href}${f1.skipsToMain ? '' : ' (does not lead to <main>)'} ` +
          `box ${px(b1.width)}x${px(b1.height)} at x ${px(b1.left)}..${px(b1.right)} y ${px(b1.top)}..${px(b1.bottom)}` +
          `${shows ? ' visible' : ' NOT visible in the viewport'}`);
      await page.keyboard.press('Tab');
      const f2 = await page.evaluate(focused);
      const ring = !f2.none && ((f2.outlineStyle !== 'none' && parseFloat(f2.outlineWidth) > 0) || f2.boxShadow !== 'none');
      check(`${label} focus ring on second Tab`, !f2.none && f2.tag === 'a' && ring,
        f2.none ? 'nothing focused' :
          `${f2.what} "${f2.text}": outline ${f2.outlineStyle} ${f2.outlineWidth} ${f2.outlineColor}, box-shadow ${f2.boxShadow}` +
          `${f2.focusVisible ? ', :focus-visible' : ''}${f2.tag === 'a' ? '' : ' (not a link)'}`);

      if (spec.channels) {
        const c = await page.evaluate(channels);
        const problems = [];
        for (const kind of spec.channels) {
          const hits = c.found.filter((x) => x.kind === kind);
          if (!hits.length) problems.push(`no ${kind} link in <main>`);
        }
        for (const x of c.found) {
          if (!(x.width > 0 && x.height > 0 && x.visible && x.onTop)) problems.push(`${x.kind} "${x.text}" not visible (${px(x.width)}x${px(x.height)})`);
          if (x.left < 0 || x.right > c.vw) problems.push(`${x.kind} "${x.text}" at x ${px(x.left)}..${px(x.right)} outside 0..${c.vw}`);
        }
        check(`${label} channel buttons`, problems.length === 0, problems.length ? problems.join('; ') :
          c.found.map((x) => `${x.kind} x ${px(x.left)}..${px(x.right)} ${px(x.width)}x${px(x.height)}${x.inFirstScreen ? ' (first screen)' : ''}`).join(', ') +
          ` within 0..${c.vw}`);
      }
    }

    const offsite = requests.filter((u) => {
      if (/^(data|blob|about):/.test(u)) return false;
      try { return new URL(u).hostname !== '127.0.0.1'; } catch (e) { return true; }
    });
    check(`${label} requests`, offsite.length === 0 && bad.length === 0,
      `${requests.length} request(s), ${offsite.length} off 127.0.0.1, ${bad.length} failed` +
      [...offsite.map((u) => `\n       off-site: ${u}`), ...bad.map((u) => `\n       failed: ${u}`)].join(''));
    check(`${label} console`, consoleErrors.length === 0,
      `${consoleErrors.length} console error(s)` + consoleErrors.map((e) => `\n       ${e}`).join(''));
  } catch (e) {
    check(`${label} run`, false, `exception: ${String(e.message || e).split('\n')[0]}`);
  } finally {
    await page.close();
  }
}

// ---------- search ----------

// What the search page shows once its query has run.
async function searchResults(page) {
  await page.waitForFunction(() => window.kehilaSearch && window.kehilaSearch.done, null, { timeout: 15000 });
  await page.evaluate(() => window.kehilaSearch.done);
  return page.evaluate(() => {
    const box = document.getElementById('search-results');
    const hits = [...box.querySelectorAll('a')].map((a) => ({
      href: new URL(a.href).pathname,
      title: (a.querySelector('h2') || a).textContent.trim(),
      marks: [...a.querySelectorAll('mark')].map((m) => m.textContent),
      meta: (a.querySelector('.search-hit-meta') || { textContent: '' }).textContent.trim(),
      excerpt: (a.querySelector('.search-hit-excerpt') || { textContent: '' }).textContent.trim(),
      hasDate: !!a.querySelector('time[datetime]'),
    }));
    return {
      hits,
      text: box.textContent.trim(),
      status: document.getElementById('search-status').textContent.trim(),
      live: document.getElementById('search-status').getAttribute('aria-live'),
      input: document.getElementById('search-q').value,
    };
  });
}

const SEARCHES = [
  { q: 'בוגרים', want: 'posts/evening-out/', mark: 'והבוגרים', why: 'only "והבוגרים" in the post' },
  { q: 'מחזור', want: 'posts/registration/', mark: 'למחזור', why: 'only "למחזור" in the post' },
  { q: 'למחזור', want: 'posts/registration/', mark: 'למחזור', why: 'the written form' },
  { q: 'צה"ל', want: 'posts/service/', mark: 'בצה״ל', why: 'ASCII quote vs gershayim and a clitic' },
  { q: 'בצה״ל', want: 'posts/service/', mark: 'בצה״ל', why: 'gershayim as written' },
  { q: 'שיר המעלות', want: 'posts/song/', mark: 'שִׁיר', why: 'a title with niqqud' },
  { q: 'resume work', want: 'posts/english/', mark: 'Résumé', why: 'English, accents and case' },
  { q: 'مدرسة', want: 'posts/arabic/', mark: 'مَدْرَسَةٌ', why: 'Arabic with tashkeel' },
  { q: 'מלגה', want: 'posts/grant-title/', first: true, why: 'a title match ranks over a newer text match' },
  { q: 'פסיפס', want: 'posts/long-trip/', mark: 'הפסיפס', late: true, why: 'only past the 600th character of a long post' },
];

async function runSearch(context) {
  const vectors = JSON.parse(fs.readFileSync(path.join(here, '..', 'search', 'vectors.json'), 'utf8'));
  const base = opt.search;
  const page = await context.newPage();
  await page.setViewportSize(SIZES[0]);
  const requests = [];
  const consoleErrors = [];
  page.on('request', (r) => { requests.push(r.url()); allRequests.push(`search\t${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  try {
    await page.goto(new URL('search/', base).href, { waitUntil: 'load' });
    const bad = await page.evaluate((cases) => cases.filter((c) =>
      JSON.stringify(window.kehilaSearch.queryWords(c.in)) !== JSON.stringify(c.words))
      .map((c) => `${c.in} → ${JSON.stringify(window.kehilaSearch.queryWords(c.in))}`), vectors.query);
    check('search vectors in Chromium', bad.length === 0,
      `${vectors.query.length - bad.length}/${vectors.query.length} query vectors` + bad.map((b) => `\n       ${b}`).join(''));

    for (const s of SEARCHES) {
      const url = new URL('search/?q=' + encodeURIComponent(s.q), base).href;
      await page.goto(url, { waitUntil: 'load' });
      const r = await searchResults(page);
      const want = new URL(s.want, base).pathname;
      const i = r.hits.findIndex((h) => h.href === want);
      const hit = r.hits[i];
      const problems = [];
      if (i < 0) problems.push(`${want} not among ${r.hits.map((h) => h.href).join(', ') || 'no results'}`);
      else {
        if (s.first && i !== 0) problems.push(`${want} is result ${i + 1}, not first`);
        if (s.mark && !hit.marks.includes(s.mark)) problems.push(`marks ${JSON.stringify(hit.marks)} lack "${s.mark}"`);
        // The excerpt is cut from further on in the page, around the match.
        if (s.late && !(hit.excerpt.startsWith('…') && hit.excerpt.includes(s.mark))) problems.push(`excerpt "${hit.excerpt}"`);
        if (!hit.meta) problems.push('no kind');
        if (!hit.hasDate) problems.push('no date');
      }
      if (!r.status) problems.push('the live region says nothing');
      if (r.input !== s.q) problems.push(`the box shows "${r.input}"`);
      check(`search "${s.q}"`, problems.length === 0, problems.length ? problems.join('; ') :
        `${want} is result ${i + 1} of ${r.hits.length} (${s.why}); marks ${JSON.stringify(hit.marks)}; "${hit.meta}"; status "${r.status}"`);
    }

    // Loading state: with the result groups held back 400 ms, a loading text shows, and the
    // live region says nothing until the list is on the page (then it gives the count).
    {
      const slow = await context.newPage();
      await slow.setViewportSize(SIZES[0]);
      await slow.route('**/search/g/*.json', async (route) => {
        await new Promise((r) => setTimeout(r, 400));
        await route.continue();
      });
      await slow.addInitScript(() => {
        window.searchLog = [];
        new MutationObserver(() => {
          const st = document.getElementById('search-status');
          const res = document.getElementById('search-results');
          if (!st || !res) return;
          const loading = res.querySelector('.search-loading');
          const entry = { status: st.textContent, items: res.querySelectorAll('li a').length,
            loading: loading ? loading.textContent : '' };
          const last = window.searchLog[window.searchLog.length - 1];
          if (!last || JSON.stringify(last) !== JSON.stringify(entry)) window.searchLog.push(entry);
        }).observe(document, { childList: true, subtree: true, characterData: true });
      });
      await slow.goto(new URL('search/?q=' + encodeURIComponent('בוגר'), base).href, { waitUntil: 'load' });
      const done = await searchResults(slow);
      const log = await slow.evaluate(() => window.searchLog);
      const early = log.filter((e) => e.status && e.items === 0);
      const loadingShown = log.some((e) => e.loading && !e.status);
      check('search loading state', loadingShown && early.length === 0 && done.hits.length > 0 && done.status.length > 0,
        `loading text shown: ${loadingShown}; announcements before the list: ${early.length}; then "${done.status}" with ${done.hits.length} result(s)` +
        `; states: ${log.map((e) => `[${e.loading ? 'loading' : ''}|${e.items}|${e.status}]`).join(' ')}`);
      await slow.close();
    }

    await page.goto(new URL('search/?q=' + encodeURIComponent('זזזקקק'), base).href, { waitUntil: 'load' });
    const none = await searchResults(page);
    check('search no results', none.hits.length === 0 && none.text.length > 0 && none.live === 'polite' && none.status.length > 0,
      `${none.hits.length} links; results say "${none.text}"; live region (${none.live}) says "${none.status}"`);

    // Typing in the box searches as you type and keeps the query in the address.
    await page.fill('#search-q', 'בוגר');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'בוגר', null, { timeout: 5000 });
    const typed = await searchResults(page);
    check('search as you type', typed.hits.some((h) => h.href.endsWith('/posts/evening-out/')),
      `${typed.hits.length} result(s) for the prefix "בוגר": ${typed.hits.map((h) => h.href).join(', ')}`);

    // Keyboard: from the box, Tab reaches the first result.
    await page.focus('#search-q');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focusedHref = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('href'));
    check('search results by keyboard', !!focusedHref && focusedHref.endsWith('/posts/evening-out/'),
      `Tab from the box (past its button) focuses ${focusedHref}`);

    const shot = path.join(opt.out, 'search-390x844.png');
    await page.goto(new URL('search/?q=' + encodeURIComponent('מחזור'), base).href, { waitUntil: 'load' });
    await searchResults(page);
    await page.screenshot({ path: shot });
    screenshots.push(shot);

    // The header box on a demo page submits to the demo's search page (under its base path).
    await page.goto(new URL('posts/linkedin-profile-tip/', opt.demo).href, { waitUntil: 'load' });
    await page.fill('header input[name=q]', 'בוגרים');
    await Promise.all([page.waitForURL(/\/search\/\?q=/), page.press('header input[name=q]', 'Enter')]);
    const demo = await searchResults(page);
    const demoPath = new URL(opt.demo).pathname;
    check('demo header search', demo.hits.length > 0 && demo.hits.every((h) => h.href.startsWith(demoPath)) &&
      new URL(page.url()).pathname === demoPath + 'search/',
      `${page.url()}: ${demo.hits.length} result(s), all under ${demoPath}`);

    const offsite = requests.filter((u) => { try { return new URL(u).hostname !== '127.0.0.1'; } catch (e) { return true; } });
    check('search requests', offsite.length === 0, `${requests.length} request(s), ${offsite.length} off 127.0.0.1`);
    check('search console', consoleErrors.length === 0, `${consoleErrors.length} console error(s)` + consoleErrors.map((e) => `\n       ${e}`).join(''));
  } catch (e) {
    check('search run', false, `exception: ${String(e.message || e).split('\n')[0]}`);
  } finally {
    await page.close();
  }
}

// A fresh, throw-away user data dir; every page run below is a new tab with its own
// viewport and colour scheme.
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kehila-browser-profile-'));
const watchdog = setTimeout(() => {
  fs.rmSync(profile, { recursive: true, force: true });
  console.log(`browser: ERROR timed out after 300 s (${passed} passed, ${failed} failed so far)`);
  process.exit(2);
}, 300000);

let context;
let fatal = null;
try {
  context = await chromium.launchPersistentContext(profile, { executablePath: exe, headless: true, args: CHROME_ARGS });
  await context.addInitScript(installHelpers);
  for (const spec of PAGES) for (const size of SIZES) await runPage(context, spec, size, 'light');
  for (const [site, name] of DARK) {
    const spec = PAGES.find((p) => p.site === site && p.name === name);
    for (const size of SIZES) await runPage(context, spec, size, 'dark');
  }
  if (opt.search) await runSearch(context);
} catch (e) {
  fatal = String(e.message || e).split('\n')[0];
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
  clearTimeout(watchdog);
}
if (fatal) {
  console.log(`browser: ERROR ${fatal}`);
  process.exit(2);
}

fs.writeFileSync(path.join(opt.out, 'requests.tsv'), allRequests.join('\n') + '\n');
for (const s of screenshots) console.log(`screenshot: ${s}`);
console.log(`requests: ${allRequests.length} recorded in ${path.join(opt.out, 'requests.tsv')}`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
