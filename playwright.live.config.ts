import { defineConfig } from '@playwright/test';

// The live suite: real Elasticsearch and Splunk in containers, parity with the embedded engines.
// `npm run test:live`. Without a Docker engine every live test is skipped with the reason printed
// (global-setup.ts prints it first); with DTH_LIVE_REQUIRED=1 (the live CI workflow) a missing engine fails.
export default defineConfig({
  testDir: 'test/live',
  testMatch: '**/*.test.ts',
  globalSetup: './test/live/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  // Pulling images and starting Splunk takes minutes; one run loads the whole pack twice per engine.
  timeout: 45 * 60_000,
  reporter: process.env.CI ? [['list'], ['junit', { outputFile: 'test-results/live-junit.xml' }]] : 'list',
});
