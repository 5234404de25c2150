import { defineConfig } from '@playwright/test';

// The journeys drive the real UI on the real main-process code: in Electron where its binary
// runs, else in the browser host with Debian's Chromium (see e2e/fixtures/app.ts).
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // Limits that end a hang, not speed budgets: every journey waits on state (locators, expect.poll),
  // and a 2-core machine under load may take minutes for one (issue 11: e2e passes under load).
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  outputDir: 'test-results',
});
