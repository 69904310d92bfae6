import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Supervisor } from './supervisor.js';
import { ensureWebBuild, newestSourceTime, staleReason } from './web-build.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tem-devnet-build-'));
  await mkdir(path.join(root, 'src/deep'), { recursive: true });
  await mkdir(path.join(root, 'dist'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const at = async (file: string, seconds: number) => {
  await writeFile(path.join(root, file), 'x');
  await utimes(path.join(root, file), seconds, seconds);
};

describe('whether the site must be built', () => {
  it('builds when there is no build', async () => {
    await at('src/a.ts', 1000);
    expect(await staleReason(path.join(root, 'dist'), [path.join(root, 'src')])).toBe(
      'there is no build yet',
    );
  });

  it('rebuilds when a source is newer than the build, ignoring tests', async () => {
    await at('dist/index.html', 2000);
    await at('src/a.ts', 1000);
    await at('src/deep/b.test.ts', 3000);
    const sources = [path.join(root, 'src'), path.join(root, 'missing')];
    expect(await newestSourceTime(sources)).toBe(1000_000);
    expect(await staleReason(path.join(root, 'dist'), sources)).toBeUndefined();
    await at('src/deep/c.tsx', 3000);
    expect(await staleReason(path.join(root, 'dist'), sources)).toBe(
      'its sources changed since the last build',
    );
  });

  it('says so clearly when the build fails, and when it leaves no index.html', async () => {
    const supervisor = new Supervisor(() => {});
    const failing = path.join(root, 'fail.ts');
    await writeFile(failing, 'process.exit(3);');
    const dist = path.join(root, 'none');
    await expect(ensureWebBuild(supervisor, dist, () => {}, failing)).rejects.toThrow(
      "build: building the site failed (code 3); run 'npm run build -w web' to see why",
    );
    const silent = path.join(root, 'silent.ts');
    await writeFile(silent, 'console.log("nothing built");');
    await expect(ensureWebBuild(supervisor, dist, () => {}, silent)).rejects.toThrow(
      `build: the build produced no ${dist}/index.html`,
    );
    await supervisor.stopAll();
  });

  it('builds when needed and reports why', async () => {
    const supervisor = new Supervisor(() => {});
    const script = path.join(root, 'build.ts');
    await writeFile(
      script,
      "import { mkdirSync, writeFileSync } from 'node:fs';\n" +
        'mkdirSync(process.env.TEM_WEB_DIST_DIR!, { recursive: true });\n' +
        "writeFileSync(process.env.TEM_WEB_DIST_DIR + '/index.html', '<!doctype html>');\n",
    );
    const reasons: string[] = [];
    const dist = path.join(root, 'built');
    expect(await ensureWebBuild(supervisor, dist, (why) => reasons.push(why), script)).toMatch(
      /^built the site into .*built \(\d+\.\d s\)$/,
    );
    expect(reasons).toEqual(['there is no build yet']);
    await supervisor.stopAll();
  });
});
