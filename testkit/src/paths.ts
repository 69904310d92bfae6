import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Reference data beside the repository (`../shared/data`). */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');
