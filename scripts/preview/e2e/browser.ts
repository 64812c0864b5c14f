/**
 * Headless Chromium for the browser tests and the benchmark: the one that
 * ships inside @sparticuz/chromium (installed by npm, nothing else to set up),
 * or /usr/bin/chromium when that one cannot start.
 */
import * as fs from 'node:fs';
import { chromium as playwright, type Browser } from 'playwright-core';
import sparticuz from '@sparticuz/chromium';

/** Debian's Chromium, the fallback. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
/**
 * Flags for a desktop-like headless run, for both browsers. @sparticuz/chromium's
 * own flags are made for AWS Lambda: --single-process drops a second browser
 * context, and its in-process SwiftShader GPU stalls the first paint (~0.6 s
 * per load measured here); software compositing without a GPU is faster.
 */
export const HEADLESS_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--font-render-hinting=none'
];

function message(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** Launches headless Chromium; throws with both reasons when neither browser starts. */
export async function launchChromium(): Promise<Browser> {
  try {
    return await playwright.launch({
      executablePath: await sparticuz.executablePath(),
      args: HEADLESS_ARGS,
      headless: true
    });
  } catch (bundled) {
    if (!fs.existsSync(SYSTEM_CHROMIUM)) {
      throw new Error(`Could not start the Chromium of @sparticuz/chromium: ${message(bundled)}`);
    }
    try {
      return await playwright.launch({
        executablePath: SYSTEM_CHROMIUM,
        args: HEADLESS_ARGS,
        headless: true
      });
    } catch (system) {
      throw new Error(
        `Could not start Chromium: @sparticuz/chromium (${message(bundled)}), ${SYSTEM_CHROMIUM} (${message(system)}).`
      );
    }
  }
}
