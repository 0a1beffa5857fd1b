import { defineConfig } from '@playwright/test';

// One runner for the whole suite: unit tests are plain Playwright tests without a page;
// the browser tests launch Debian's Chromium themselves (see test/support/chromium.ts).
// The live suite (real Elasticsearch and Splunk) has its own config: playwright.live.config.ts.
export default defineConfig({
  testDir: 'test',
  testMatch: '**/*.test.ts',
  testIgnore: ['live/**'],
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  workers: process.env.CI ? 2 : undefined,
  timeout: 60_000,
  reporter: process.env.CI ? [['list'], ['junit', { outputFile: 'test-results/junit.xml' }]] : 'list',
});
