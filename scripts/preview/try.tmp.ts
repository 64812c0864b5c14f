import { startPreview } from './start-preview';
import { chromium as playwright } from 'playwright-core';
import sparticuz from '@sparticuz/chromium';
(async () => {
  const preview = await startPreview({
    users: 300,
    seed: 42,
    now: Date.parse('2026-11-23T20:00:00Z')
  });
  const args = sparticuz.args.filter((a) => a !== '--single-process' && a !== '--no-zygote');
  const browser = await playwright.launch({
    executablePath: await sparticuz.executablePath(),
    args: [...args, '--no-sandbox'],
    headless: true
  });
  for (let i = 0; i < 1; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(preview.url);
    await page.waitForSelector('c-ll-kpi-tiles [data-id="tiles"]');
    console.log(
      await page.$$eval('c-ll-kpi-tiles li[data-id] [data-id=value]', (els) =>
        els.map((e) => [e.textContent, (e as HTMLElement).innerText])
      )
    );
    console.log(
      await page.locator('c-ll-kpi-tiles li[data-id="seatsBought"] [data-id=value]').innerText()
    );
    console.log(
      await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => n.includes('/assets/icons'))
      )
    );
    console.log(
      await page.$$eval('svg use', (els) =>
        els.map((u) => u.getAttribute('xlink:href') || u.getAttribute('href')).slice(0, 3)
      )
    );
    console.log(
      await page.$$eval('lightning-primitive-icon svg', (els) =>
        els.slice(0, 1).map((e) => e.outerHTML.slice(0, 300))
      )
    );
    console.log(await page.$$eval('svg use', (els) => els.length));
    await context.close();
  }
  await browser.close();
  await preview.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
