import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'web/**/*.test.ts', 'common/**/*.test.ts', 'preload/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'cloud/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // @actions/workflow-parser imports its schema JSON without an import attribute: let Vite load it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
