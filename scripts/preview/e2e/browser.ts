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
const SYSTEM_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

/**
 * @sparticuz/chromium's flags are made for AWS Lambda; two of them make
 * Chromium drop a second browser context on an ordinary machine.
 */
const LAMBDA_ONLY_ARGS = new Set(['--single-process', '--no-zygote']);

function message(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** Launches headless Chromium; throws with both reasons when neither browser starts. */
export async function launchChromium(): Promise<Browser> {
  try {
    return await playwright.launch({
      executablePath: await sparticuz.executablePath(),
      args: [...sparticuz.args.filter((arg) => !LAMBDA_ONLY_ARGS.has(arg)), '--no-sandbox'],
      headless: true
    });
  } catch (bundled) {
    if (!fs.existsSync(SYSTEM_CHROMIUM)) {
      throw new Error(`Could not start the Chromium of @sparticuz/chromium: ${message(bundled)}`);
    }
    try {
      return await playwright.launch({
        executablePath: SYSTEM_CHROMIUM,
        args: SYSTEM_CHROMIUM_ARGS,
        headless: true
      });
    } catch (system) {
      throw new Error(
        `Could not start Chromium: @sparticuz/chromium (${message(bundled)}), ${SYSTEM_CHROMIUM} (${message(system)}).`
      );
    }
  }
}
