// Debian's Chromium driven by playwright-core (no browser download). Playwright gives every launch a
// fresh temporary profile; the flags keep Chromium off the network this machine does not have.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.SPL_E2E_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS, timeout: 60_000 });
}

/** Closes the browser, bounded: a hung close must not keep the test run alive. */
export async function closeChromium(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  await Promise.race([browser.close(), new Promise((resolveClose) => setTimeout(resolveClose, 15_000).unref())]);
}
