// Drives rtc serve's GET / page in Debian's headless Chromium through playwright-core (which never
// downloads a browser of its own). Usage: node index_page.mjs BASE_URL SCREENSHOT_PATH
// Prints what a person would check, one line at a time; after "ready" the test publishes a message
// over HTTP, which must show up in both of the page's logs.
import { deadline, launch, newPage, say } from './browser.mjs';

const [base, screenshot] = process.argv.slice(2);
const WAIT = 8000;
deadline(40000);

const browser = await launch();
try {
  const { page, problems } = await newPage(browser);

  const response = await page.goto(base + '/?topic=browser');
  say('status', response.status(), response.headers()['content-type']);
  say('title', await page.title());

  const text = (sel) => page.locator(sel).innerText();
  const rows = (id) => page.locator(`#${id}-log .msg`).allInnerTexts();
  const waitRows = (id, n) => page.waitForFunction(
      ([id, n]) => document.querySelectorAll(`#${id}-log .msg`).length >= n, [id, n], { timeout: WAIT });

  await page.waitForFunction(() => document.getElementById('sse-state').textContent === 'open'
      && document.getElementById('ws-state').textContent === 'open', null, { timeout: WAIT });
  say('sse', await text('#sse-state'), 'ws', await text('#ws-state'));
  // Served over HTTP/1.1, the page keeps to its one EventSource (a browser has six connections per origin).
  say('protocol', await text('#protocol'), 'more EventSources', await page.locator('#many-list li').count());
  say('ready');

  // The test publishes one message over HTTP once it sees "ready".
  await Promise.all([waitRows('sse', 1), waitRows('ws', 1)]);
  say('sse log', JSON.stringify(await rows('sse')));
  say('ws log', JSON.stringify(await rows('ws')));

  // Then the page's own form publishes a second one.
  await page.fill('#data', 'typed in the browser');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.getElementById('published').textContent !== '', null, { timeout: WAIT });
  say('form', await text('#published'));
  await Promise.all([waitRows('sse', 2), waitRows('ws', 2)]);
  say('sse log', JSON.stringify(await rows('sse')));
  say('ws log', JSON.stringify(await rows('ws')));

  await page.screenshot({ path: screenshot, fullPage: true });
  say('problems', JSON.stringify(problems));
} finally {
  await browser.close();
}
