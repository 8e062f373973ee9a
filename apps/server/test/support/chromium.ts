import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { requiredService } from './required-service';

/** Debian's Chromium, as CI installs it. */
export const CHROMIUM = process.env.HEDGEROW_TEST_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for headless Chromium on these machines: no sandbox as root, no background network calls
 * (the network is closed), and not flagged as automated, since posthog-js drops events from
 * browsers with `navigator.webdriver` set.
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-blink-features=AutomationControlled',
];

/** An ordinary desktop Chrome user agent (headless Chromium's own says "HeadlessChrome"). */
export const DESKTOP_CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** Whether browser suites run: skipped locally without Chromium, a failure in CI. */
export function chromiumAvailable(): Promise<boolean> {
  return requiredService('Chromium', async () => {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
