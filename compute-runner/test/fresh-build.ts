// Vitest global setup: tests start `bin/tem.js` as a process, and several at once; bring dist/ up to
// date once here, rather than in whichever test's `tem` notices first.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export default async function setup(): Promise<void> {
  const bin = fileURLToPath(new URL('../bin/tem.js', import.meta.url));
  await promisify(execFile)(process.execPath, [bin, '--help']);
}
