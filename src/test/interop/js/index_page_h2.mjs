// Drives rtc serve's GET / page over https:// in Debian's headless Chromium (playwright-core), the
// server's self-signed certificate accepted through Chromium's own flag by its SPKI hash. Over HTTP/2 the
// page opens eight more EventSources beside its own; all must open and receive a message published once.
// Usage: node index_page_h2.mjs BASE_URL SPKI_SHA256_BASE64
// After "ready" (every EventSource open) the test reads /metrics and publishes one message.
import { deadline, launch, newPage, say } from './browser.mjs';

const [base, spki] = process.argv.slice(2);
const WAIT = 10000;
deadline(40000);

const browser = await launch(['--ignore-certificate-errors-spki-list=' + spki]);
try {
  const { page, problems } = await newPage(browser);

  const response = await page.goto(base + '/?topic=many');
  say('status', response.status());
  const many = () => page.locator('#many-list li.many').allInnerTexts();
  await page.waitForFunction(() => document.getElementById('sse-state').textContent === 'open'
      && document.getElementById('ws-state').textContent === 'open'
      && [...document.querySelectorAll('#many-list li.many')].filter((li) => li.textContent.startsWith('open')).length === 8,
      null, { timeout: WAIT });
  say('protocol', await page.locator('#protocol').innerText(), 'more EventSources', (await many()).length);
  say('ready');

  await page.waitForFunction(() => [...document.querySelectorAll('#many-list li.many')]
      .filter((li) => li.textContent.includes('1 received, last #1')).length === 8
      && document.querySelectorAll('#sse-log .msg').length === 1, null, { timeout: WAIT });
  say('received', JSON.stringify([...new Set(await many())]));
  say('problems', JSON.stringify(problems));
} finally {
  await browser.close();
}
