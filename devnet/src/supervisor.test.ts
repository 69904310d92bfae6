import { describe, expect, it } from 'vitest';
import type { DevnetError } from './errors.js';
import { assertPortFree, freePort, isPortFree } from './ports.js';
import { Supervisor, waitForHttp } from './supervisor.js';

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const httpServer = (port: number) =>
  `require('http').createServer((q,s)=>s.end('ok')).listen(${port},'127.0.0.1');` +
  // a grandchild in the same process group, which must not outlive the stack
  `require('child_process').spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'inherit'});` +
  `console.log('grandchild', 'started');`;

describe('local stack supervisor', () => {
  it('starts a service, waits until it answers, and leaves nothing running after stopAll', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor((name, line) => lines.push(`${name}: ${line}`));
    const port = await freePort();
    const service = await supervisor.start({
      name: 'web',
      command: process.execPath,
      args: ['-e', httpServer(port)],
      ready: (signal) => waitForHttp(`http://127.0.0.1:${port}/`, signal),
    });
    expect(await isPortFree(port)).toBe(false);
    expect(supervisor.running()).toEqual(['web']);
    await supervisor.stopAll();
    expect(alive(service.pid)).toBe(false);
    expect(await isPortFree(port)).toBe(true);
    expect(lines).toContain('web: grandchild started');
  });

  it('reports a service that dies by name', async () => {
    const supervisor = new Supervisor(() => {});
    const failed = new Promise<DevnetError>((resolve) => supervisor.onFailure(resolve));
    await supervisor.start({
      name: 'gateway',
      command: process.execPath,
      args: ['-e', 'setTimeout(()=>process.exit(3),100)'],
    });
    const error = await failed;
    expect(error.message).toBe('gateway: exited unexpectedly (code 3)');
    await supervisor.stopAll();
  });

  it('gives up on a service that never becomes ready, and kills it', async () => {
    const supervisor = new Supervisor(() => {});
    const port = await freePort();
    await expect(
      supervisor.start({
        name: 'functions',
        command: process.execPath,
        args: ['-e', 'setInterval(()=>{},1000)'],
        ready: (signal) => waitForHttp(`http://127.0.0.1:${port}/`, signal),
        readyTimeoutMs: 500,
      }),
    ).rejects.toThrow('functions: not ready after 0.5 s');
    await supervisor.stopAll();
    expect(supervisor.running()).toEqual([]);
  });

  it('says which command could not start', async () => {
    const supervisor = new Supervisor(() => {});
    await expect(
      supervisor.start({
        name: 'anvil',
        command: '/nonexistent/anvil',
        args: [],
        ready: () => new Promise(() => {}),
      }),
    ).rejects.toThrow(/anvil: cannot start \/nonexistent\/anvil/);
    await supervisor.stopAll();
  });

  it('names the service and the env var when its port is taken', async () => {
    const port = await freePort();
    const supervisor = new Supervisor(() => {});
    await supervisor.start({
      name: 'blocker',
      command: process.execPath,
      args: ['-e', httpServer(port)],
      ready: (signal) => waitForHttp(`http://127.0.0.1:${port}/`, signal),
    });
    await expect(assertPortFree('the IPFS gateway', port, 'TEM_GATEWAY_PORT')).rejects.toThrow(
      `ports: port ${port} for the IPFS gateway is already in use; stop what uses it or set TEM_GATEWAY_PORT to another port`,
    );
    await supervisor.stopAll();
  });
});
