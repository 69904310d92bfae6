import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The browser tests poll for what the page shows after chain and IPFS reads: on a loaded
    // machine that takes seconds, not vitest's default one.
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
});
