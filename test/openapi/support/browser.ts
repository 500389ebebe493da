import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Debian's package: Playwright's own browser download cannot be reached from CI machines.
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's `chromium` package. */
export function chromiumPath(): string {
  const path = [process.env.CHROMIUM_PATH, ...CANDIDATES].find(
    (candidate) => candidate !== undefined && existsSync(candidate),
  );
  if (path === undefined) {
    // Not a skip: the test says what is missing (`.ci/run` installs the package).
    throw new Error('no Chromium: apt-get install chromium, or set CHROMIUM_PATH');
  }
  return path;
}

/** A headless Chromium driven by playwright-core. */
export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}
