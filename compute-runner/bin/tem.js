#!/usr/bin/env node
// `tem`: runs the esbuild bundle in dist/ (each command a chunk of its own, loaded when it runs).
// When a source file is newer than the build (working in the repository), it rebuilds first; when
// it cannot build, it runs the TypeScript sources through tsx instead, and says so.
import { DIST_ENTRY, rebuild, staleReason } from './build-freshness.js';

const reason = staleReason();
let useBuild = true;
if (reason !== undefined) {
  const started = Date.now();
  const built = rebuild();
  if (built.ok) {
    if (process.stderr.isTTY) {
      process.stderr.write(`tem: rebuilt dist/ (${reason}) in ${Date.now() - started} ms\n`);
    }
  } else {
    process.stderr.write(
      `tem: cannot rebuild dist/ (${reason}); running the sources through tsx\n${built.output}\n`,
    );
    useBuild = false;
  }
}
if (useBuild) {
  await import(DIST_ENTRY.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
}
