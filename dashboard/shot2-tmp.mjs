import { chromium } from 'playwright-core';
const [,, url, out, width = '1280', y = '0', h = '1200'] = process.argv;
const cookie = (await import('node:fs')).readFileSync('/tmp/cookie', 'utf8').trim().split('=');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const ctx = await b.newContext({ viewport: { width: Number(width), height: 900 } });
await ctx.addCookies([{ name: cookie[0], value: cookie.slice(1).join('='), domain: '127.0.0.1', path: '/' }]);
const p = await ctx.newPage();
await p.goto(url);
console.log('scrollWidth', await p.evaluate(() => document.documentElement.scrollWidth), 'height', await p.evaluate(() => document.documentElement.scrollHeight));
const wide = await p.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => {
  if (e.getBoundingClientRect().right <= document.documentElement.clientWidth + 1) return false;
  for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) { const o = getComputedStyle(a).overflowX; if (o !== 'visible') return false; }
  return true;
}).slice(0, 8).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)));
console.log(wide);
await p.screenshot({ path: out, fullPage: true, clip: { x: 0, y: Number(y), width: Number(width), height: Number(h) } });
await b.close();
