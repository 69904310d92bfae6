import { defineConfig } from 'vitest/config';

export const workspaces = [
  'core',
  'gateway',
  'contracts',
  'compute-runner',
  'functions',
  'web',
  'devnet',
] as const;

export default defineConfig({
  test: {
    projects: [...workspaces],
    reporters: ['default', './scripts/summary-reporter.ts'],
    passWithNoTests: true,
  },
});
