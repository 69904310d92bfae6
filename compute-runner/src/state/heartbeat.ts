import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';

export const HEARTBEAT_FILE = 'heartbeat.json';

export interface Heartbeat {
  at: string;
  pid: number;
  /** What the daemon was doing at that moment, for `tem status`. */
  activity: string;
}

/** Records that the daemon's loop is alive; the container's HEALTHCHECK reads it. */
export async function writeHeartbeat(dir: string, activity: string): Promise<void> {
  const beat: Heartbeat = { at: new Date().toISOString(), pid: process.pid, activity };
  await writeFileAtomic(join(dir, HEARTBEAT_FILE), `${JSON.stringify(beat)}\n`);
}

/** The last heartbeat, or undefined when the daemon never ran here or the file is unreadable. */
export async function readHeartbeat(dir: string): Promise<Heartbeat | undefined> {
  try {
    const beat = JSON.parse(await readFile(join(dir, HEARTBEAT_FILE), 'utf8')) as Heartbeat;
    return typeof beat.at === 'string' && !Number.isNaN(Date.parse(beat.at)) ? beat : undefined;
  } catch {
    return undefined;
  }
}
