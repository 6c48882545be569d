// node weight.js URL DPR — bytes a phone (390 px wide) downloads for a page, scrolled to the end.
const path = require('path'), os = require('os');
const { createRequire } = require('module');
const req = createRequire(path.join(process.env.KEHILA_TOOLS_HOME || path.join(os.homedir(), '.cache', 'kehila-tools'), 'package.json'));
const { chromium } = req('playwright-core');
(async () => {
  const [url, dpr] = [process.argv[2], Number(process.argv[3] || 1)];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: dpr, isMobile: true });
  const page = await ctx.newPage();
  const files = new Map();
  page.on('response', async r => { try { const b = await r.body(); files.set(r.url(), b.length); } catch (e) {} });
  await page.goto(url, { waitUntil: 'networkidle' });
  for (let y = 0; y < 20; y++) { await page.mouse.wheel(0, 800); await page.waitForTimeout(150); }
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  let total = 0;
  for (const [u, n] of files) { total += n; console.log(String(n).padStart(9), decodeURIComponent(u.replace(/^https?:\/\/[^/]+/, ''))); }
  console.log(String(total).padStart(9), 'TOTAL (dpr ' + dpr + ')');
  await browser.close();
})();
