import { defineConfig } from 'vitest/config';

// Two projects: `node` needs nothing but Node (npm test); `browser` drives Debian's Chromium
// (npm run test:browser). Files are chosen by folder so a test's kind is visible in its path.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/{unit,integration,e2e,contracts}/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
