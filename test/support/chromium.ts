// Launches the system Chromium (Debian's package in CI) through Playwright; never a downloaded browser.
// Point DTH_CHROMIUM at another Chromium or Chrome binary to run the browser tests elsewhere.
import { chromium, type Browser } from '@playwright/test';

export const CHROMIUM_PATH = process.env.DTH_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
