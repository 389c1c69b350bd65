// Drives rtc serve's GET / page without ?topic= in Debian's headless Chromium (playwright-core): with a
// live "ticks" topic on the server, the page picks it and shows its recent messages at once; publishing
// from the form leaves the message box as wide as it was. Usage: node index_page_live.mjs BASE_URL
import { chromium } from 'playwright-core';

const [base] = process.argv.slice(2);
const say = (...parts) => process.stdout.write(parts.join(' ') + '\n');
const WAIT = 8000;
setTimeout(() => { say('timeout'); process.exit(3); }, 40000).unref();

const browser = await chromium.launch({
  executablePath: process.env.RTC_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(r.status() + ' ' + new URL(r.url()).pathname); });

  await page.goto(base + '/');
  const rows = (id) => page.locator(`#${id}-log .msg`).allInnerTexts();
  await page.waitForFunction(() => document.querySelectorAll('#sse-log .msg').length >= 5
      && document.querySelectorAll('#ws-log .msg').length >= 5, null, { timeout: WAIT });
  say('topic', await page.inputValue('#topic'));
  say('sse log', JSON.stringify(await rows('sse')));
  say('ws log', JSON.stringify(await rows('ws')));
  say('picker', JSON.stringify(await page.locator('#live-topics option').evaluateAll((os) => os.map((o) => o.value))));

  const width = () => page.locator('#data').evaluate((e) => Math.round(e.getBoundingClientRect().width));
  const before = await width();
  await page.fill('#data', 'a message long enough to matter');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.getElementById('published').textContent !== '', null, { timeout: WAIT });
  say('form', await page.locator('#published').innerText());
  const after = await width();
  say('message box', after === before ? 'kept its width' : `went from ${before}px to ${after}px`);
  say('problems', JSON.stringify(problems));
} finally {
  await browser.close();
}
