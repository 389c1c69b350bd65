// Drives rtc serve's GET / page without ?topic= in Debian's headless Chromium (playwright-core): with a
// live "ticks" topic on the server, the page picks it and shows its recent messages at once; publishing
// from the form leaves the message box as wide as it was. Usage: node index_page_live.mjs BASE_URL
import { deadline, launch, newPage, say } from './browser.mjs';

const [base] = process.argv.slice(2);
const WAIT = 8000;
deadline(40000);

const browser = await launch();
try {
  const { page, problems } = await newPage(browser);

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
