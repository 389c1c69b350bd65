// What the page scripts share: one line of output at a time, Debian's headless Chromium through
// playwright-core (which never downloads a browser of its own), and the page's problems collected.
import { chromium } from 'playwright-core';

export const say = (...parts) => process.stdout.write(parts.join(' ') + '\n');

/** Ends the script with "timeout" (exit 3) if it is still running after {@code ms}. */
export const deadline = (ms) => setTimeout(() => { say('timeout'); process.exit(3); }, ms).unref();

/** Debian's Chromium, headless; {@code extra} adds command-line flags (e.g. a certificate to accept). */
export const launch = (extra = []) => chromium.launch({
  executablePath: process.env.RTC_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--no-first-run', '--disable-quic', ...extra],
});

/** A new page whose console errors, page errors, 4xx/5xx responses and failed requests land in {@code problems}. */
export const newPage = async (browser) => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(r.status() + ' ' + new URL(r.url()).pathname); });
  page.on('requestfailed', (r) => problems.push('failed ' + new URL(r.url()).pathname + ' ' + r.failure().errorText));
  return { page, problems };
};
