import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'compute-runner',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    globalSetup: ['test/fresh-build.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
