#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npx tem` is always the code in the tree.
// The container runs the esbuild bundle instead (see Dockerfile).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
