import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from 'nest-portcullis/testing';
import type { Browser } from 'playwright-core';
import { listenOnLoopback, PLATFORMS } from '../support/platforms';
import { launchChromium } from './support/browser';
import { startDemoWithDocs } from './support/demo-docs-app';

/** Each demo operation as the Swagger UI lists it, and whether it shows a lock. */
const LISTED = [
  'GET /health',
  'GET /me 🔒',
  'GET /users 🔒',
  'GET /users/{id} 🔒',
  'PATCH /users/{id} 🔒',
  'GET /notes 🔒',
  'POST /notes 🔒',
  'GET /notes/{id} 🔒',
  'PATCH /notes/{id} 🔒',
  'DELETE /notes/{id} 🔒',
];

let issuer: TestIssuer;
let browser: Browser;
beforeAll(async () => {
  [issuer, browser] = await Promise.all([TestIssuer.start(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await issuer?.stop();
});

describe.each(PLATFORMS)("the demo's Swagger UI in Chromium, on %s", (platform) => {
  let app: INestApplication;
  let origin: string;

  beforeAll(async () => {
    ({ app } = await startDemoWithDocs(platform, issuer));
    origin = await listenOnLoopback(app);
  });
  afterAll(() => app?.close());

  it('loads without a token and lists every operation, a lock on each one that needs a token', async () => {
    const page = await browser.newPage();
    try {
      const failed: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(`${origin}/docs`);
      await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
      const listed = await page.locator('.opblock').evaluateAll((blocks) =>
        blocks.map((block) => {
          const method = block.querySelector('.opblock-summary-method')?.textContent ?? '?';
          const path = block.querySelector('.opblock-summary-path')?.getAttribute('data-path');
          const lock = block.querySelector('.authorization__btn') !== null;
          return `${method} ${path}${lock ? ' 🔒' : ''}`;
        }),
      );
      expect(listed.sort()).toEqual([...LISTED].sort());
      // The page's scripts, styles and the document itself all loaded.
      expect(failed).toEqual([]);
      await expect(page.locator('.btn.authorize').count()).resolves.toBe(1);
      if (process.env.SWAGGER_UI_SCREENSHOT) {
        await page.screenshot({
          path: `${process.env.SWAGGER_UI_SCREENSHOT}-${platform}.png`,
          fullPage: true,
        });
      }
    } finally {
      await page.close();
    }
  });
});
