import { defineConfig } from '@playwright/test';

// The journeys drive the real UI on the real main-process code: in Electron where its binary
// runs, else in the browser host with Debian's Chromium (see e2e/fixtures/app.ts).
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  outputDir: 'test-results',
});
