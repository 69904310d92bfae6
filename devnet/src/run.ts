import path from 'node:path';
import { LOCAL_CHAIN_ID, type ThetaRpc } from '@tem/contracts';
import type { LocalChain } from './chain.js';
import { type DevnetConfig, devnetPaths, repoRoot } from './config.js';
import { type DemoLifecycle, parseRunnerLine } from './demo-lifecycle.js';
import { DevnetError } from './errors.js';
import type { Reporter } from './report.js';
import { runDemo } from './run-demo.js';
import { startServices } from './start-services.js';
import { Supervisor } from './supervisor.js';

/** Lines of a service's output kept to explain its failure. */
const TAIL_LINES = 15;

/** Services whose output is shown as it comes (the others only when they fail). */
const SHOWN = new Set(['gateway', 'functions', 'functions-2', 'functions-3']);

/** A running local stack. */
export interface Devnet {
  /** Resolves with the process exit code once the stack has stopped. */
  stopped: Promise<number>;
  /** Stops every process, then resolves `stopped` with `code`. */
  stop(code: number, why?: string): Promise<void>;
}

/**
 * Starts the whole marketplace (see README "npm start"), seeds the demo, and with `once` stops
 * after its payout. A failure is reported with the step's name and ends the stack with code 1.
 *
 * @example
 * const devnet = runDevnet(parseDevnetConfig(process.argv.slice(2), process.env), streamReporter(process.stdout));
 * process.exit(await devnet.stopped);
 */
export function runDevnet(config: DevnetConfig, reporter: Reporter): Devnet {
  const tails = new Map<string, string[]>();
  const abort = new AbortController();
  let demo: DemoLifecycle | undefined;
  let chain: LocalChain | undefined;
  let thetaRpc: ThetaRpc | undefined;

  const supervisor = new Supervisor((service, line) => {
    const tail = tails.get(service) ?? [];
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    tails.set(service, tail);
    if (service === 'runner') {
      const event = parseRunnerLine(line);
      if (!event) return reporter.step('runner', line);
      if (event.event !== 'training-progress' || event.taskId === undefined)
        reporter.step('runner', `${event.taskId ? `task #${event.taskId}: ` : ''}${event.message}`);
      demo?.onRunnerEvent(event);
    } else if (SHOWN.has(service)) reporter.step(service, line);
  });

  let settle!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => (settle = resolve));
  let stopping = false;
  const stop = async (code: number, why?: string) => {
    if (stopping) return;
    stopping = true;
    abort.abort();
    demo?.fail('the stack is stopping');
    if (why) reporter.step('devnet', why);
    await supervisor.stopAll();
    if (thetaRpc) {
      const calls = [...thetaRpc.calls].sort((a, b) => b[1] - a[1]);
      reporter.step(
        'theta-rpc',
        `answered ${calls.reduce((n, [, c]) => n + c, 0)} calls: ${calls.map(([m, c]) => `${m} ${c}`).join(', ')}`,
      );
      await thetaRpc.close();
    }
    chain?.provider.destroy();
    reporter.step(
      'devnet',
      `stopped every process; state kept in ${shortPath(config.dataDir)} (npm start resumes it, --fresh starts over)`,
    );
    settle(code);
  };
  const fail = (error: unknown) => {
    if (stopping) return;
    const step = error instanceof DevnetError ? error.step : 'devnet';
    reporter.step('error', error instanceof Error ? error.message : String(error));
    const tail = tails.get(step.startsWith('demo') ? 'runner' : step);
    if (tail?.length && step !== 'ports')
      reporter.text(`last output of ${step}:\n  ${tail.join('\n  ')}`);
    void stop(1, `failed at step '${step}'`);
  };
  supervisor.onFailure(fail);

  const start = async () => {
    reporter.text(`Theta Edge Marketplace: the local stack (data in ${config.dataDir})`);
    const stack = await startServices(supervisor, config, reporter, (rpc) => (thetaRpc = rpc));
    chain = stack.chain;
    await runDemo(stack, {
      supervisor,
      reporter,
      runnerStateDir: devnetPaths(config.dataDir).runner,
      once: config.once,
      kinds: config.kinds,
      attach: (lifecycle) => (demo = lifecycle),
      signal: abort.signal,
    });
    if (config.once) return stop(0, 'demo complete (--once)');
    reporter.text(
      [
        'The marketplace keeps running:',
        `  site       ${stack.siteUrl}`,
        `  chain RPC  ${stack.chain.rpcUrl} (chain id ${LOCAL_CHAIN_ID})`,
        ...(stack.thetaRpc ? [`  Theta RPC  ${stack.thetaRpc.url} (the adaptor's double)`] : []),
        `  TaskMarket ${stack.deployment.address}`,
        `  gateway    ${stack.gatewayUrl}`,
        `  functions  ${stack.functionsUrl}/api/tasks`,
        ...stack.verifiers.map(
          (v, i) =>
            `  verifier ${i + 1} ${v.address}: ${v.url}, ${v.url.replace(/verify$/, 'seed')}`,
        ),
        'The runner keeps watching for new tasks. Ctrl-C stops everything.',
      ].join('\n'),
    );
  };
  start().catch(fail);
  return { stopped, stop };
}

/** `dir` relative to the repository when inside it. */
function shortPath(dir: string): string {
  const relative = path.relative(repoRoot, dir);
  return relative && !relative.startsWith('..') ? relative : dir;
}
