import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_CHAIN_ID } from '@tem/contracts';
import { createMarketClient } from '@tem/core/market';
import { type LocalChain, ROLES, type Role, devPrivateKey, startChain } from './chain.js';
import { describeMarketEvent, followMarketEvents } from './chain-events.js';
import { type DevnetConfig, devnetPaths, repoRoot } from './config.js';
import { DemoLifecycle, type DemoOutcome, parseRunnerLine } from './demo-lifecycle.js';
import { createDemoTask, type DemoTask } from './demo-task.js';
import { ensureDeployment } from './deployment.js';
import { DevnetError } from './errors.js';
import { assertPortFree } from './ports.js';
import { type Reporter, addressNamer, tfuel } from './report.js';
import { startFunctions, startIpfsGateway, startRunner } from './services.js';
import { publishSite } from './site.js';
import { Supervisor } from './supervisor.js';
import { ensureWebBuild } from './web-build.js';

/** How long `--once` waits for the demo to reach its payout. */
const DEMO_TIMEOUT_MS = 4 * 60_000;

/** Lines of a service's output kept to explain its failure. */
const TAIL_LINES = 15;

/** Services whose output is shown as it comes (the others only when they fail). */
const SHOWN = new Set(['gateway', 'functions']);

/** A running local stack. */
export interface Devnet {
  /** Resolves with the process exit code once the stack has stopped. */
  stopped: Promise<number>;
  /** Stops every process, then resolves `stopped` with `code`. */
  stop(code: number, why?: string): Promise<void>;
}

/**
 * Starts the whole marketplace (see README "npm start"), seeds the demo, and with `once` stops
 * after its payout. Failures are reported through `reporter` and end the stack with exit code 1.
 */
export function runDevnet(config: DevnetConfig, reporter: Reporter): Devnet {
  const paths = devnetPaths(config.dataDir);
  const tails = new Map<string, string[]>();
  const abort = new AbortController();
  let demo: DemoLifecycle | undefined;
  let chain: LocalChain | undefined;

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
    const message = error instanceof Error ? error.message : String(error);
    reporter.step('error', message);
    const tail = tails.get(step.replace(/^demo: .*/, 'runner'));
    if (tail?.length && step !== 'ports')
      reporter.text(`last output of ${step}:\n  ${tail.join('\n  ')}`);
    void stop(1, `failed at step '${step}'`);
  };
  supervisor.onFailure(fail);

  const start = async () => {
    reporter.text(`Theta Edge Marketplace: the local stack (data in ${config.dataDir})`);
    if (config.fresh) {
      await rm(config.dataDir, { recursive: true, force: true });
      reporter.step('devnet', `--fresh: wiped ${config.dataDir}`);
    }
    await mkdir(config.dataDir, { recursive: true });
    for (const { service, port, envVar } of Object.values(config.ports))
      await assertPortFree(service, port, envVar);

    const built = await ensureWebBuild(supervisor, paths.webDist, (why) =>
      reporter.step('build', `building the site (${why})`),
    );
    reporter.step('build', built);
    if (stopping) return;

    chain = await startChain(supervisor, {
      port: config.ports.anvil.port,
      stateFile: paths.chainState,
      blockTime: config.blockTime,
    });
    reporter.step(
      'anvil',
      `${chain.rpcUrl} (chain ${LOCAL_CHAIN_ID}, hardfork istanbul, a block every ${config.blockTime} s, pid ${chain.service.pid})`,
    );
    const deployment = await ensureDeployment(paths.deployment, chain.wallet('deployer'));
    reporter.step(
      'market',
      `TaskMarket ${deployment.address} (${deployment.reused ? 'reused from' : 'deployed in'} block ${deployment.block}${deployment.reused ? ', recorded in deployment.json' : ''})`,
    );

    const gateway = await startIpfsGateway(supervisor, {
      port: config.ports.gateway.port,
      dataDir: paths.ipfs,
    });
    reporter.step('gateway', `pid ${gateway.service.pid}`);
    const verifier = {
      url: `http://127.0.0.1:${config.ports.functions.port}/api/verify`,
      address: chain.address('verifier'),
    };
    const functions = await startFunctions(supervisor, {
      port: config.ports.functions.port,
      rpcUrl: chain.rpcUrl,
      market: deployment.address,
      gatewayUrl: gateway.url,
      verifierPrivateKey: devPrivateKey('verifier'),
      siteOrigin: gateway.url,
    });
    reporter.step('functions', `pid ${functions.service.pid}`);

    const site = await publishSite({
      distDir: paths.webDist,
      siteDir: paths.site,
      gatewayUrl: gateway.url,
      config: {
        chainId: LOCAL_CHAIN_ID,
        rpcUrl: chain.rpcUrl,
        marketAddress: deployment.address,
        deployBlock: deployment.block,
        gateways: [gateway.url],
        uploadUrl: gateway.url,
        functionsUrl: functions.url,
        verifier,
      },
    });
    reporter.step('site', site.url);

    const roles = Object.fromEntries(
      (Object.keys(ROLES) as Role[]).map((role) => [role, chain!.address(role)]),
    );
    const name = addressNamer(roles);
    reporter.text(
      `\nAccounts (anvil's public dev accounts, local use only):\n${Object.entries(roles)
        .map(([role, address]) => `  ${role.padEnd(9)} ${address}`)
        .join('\n')}\n`,
    );

    const events = createMarketClient({ address: deployment.address, provider: chain.provider });
    const fromBlock = deployment.reused
      ? (await chain.provider.getBlockNumber()) + 1
      : deployment.block;
    void followMarketEvents(
      events,
      fromBlock,
      (event) => {
        const text = describeMarketEvent(event, name);
        if (text) reporter.step('chain', text);
      },
      { signal: abort.signal },
    );

    const runnerAddress = chain.address('runner');
    const balanceBefore = await chain.provider.getBalance(runnerAddress);
    const owner = createMarketClient({
      address: deployment.address,
      signer: chain.wallet('owner'),
    });
    const task = await createDemoTask({
      owner,
      gatewayUrl: gateway.url,
      verifier,
      chainNow: () => chain!.now(),
    });
    reporter.step('devnet', `demo task #${task.taskId}: spec ${task.specCid}`);
    demo = new DemoLifecycle(task, fastForward(chain, task, reporter));
    const runner = await startRunner(supervisor, {
      rpcUrl: chain.rpcUrl,
      market: deployment.address,
      gatewayUrl: gateway.url,
      stateDir: paths.runner,
      privateKey: devPrivateKey('runner'),
      once: config.once,
    });
    reporter.step('runner', `tem watch as ${name(runnerAddress)}, pid ${runner.pid}`);
    if (config.once) {
      void runner.exited.then(async ({ code, signal }) => {
        await new Promise((r) => setTimeout(r, 3_000));
        demo?.fail(`tem watch exited (${signal ? `signal ${signal}` : `code ${code}`})`);
      });
    }

    const timer = setTimeout(
      () => demo?.fail(`no progress after ${DEMO_TIMEOUT_MS / 60_000} min`),
      DEMO_TIMEOUT_MS,
    );
    let outcome: DemoOutcome;
    try {
      outcome = await demo.done;
    } finally {
      clearTimeout(timer);
    }
    const balanceAfter = await chain.provider.getBalance(runnerAddress);
    reporter.text(
      `\nPaid: ${name(runnerAddress)} won task #${outcome.taskId} and withdrew ${tfuel(outcome.paid)}; its balance changed by ${tfuel(balanceAfter - balanceBefore)} (the bounty minus gas for commit, reveal, recordScore, finalize, withdraw).\n`,
    );
    if (config.once) {
      await stop(0, 'demo complete (--once)');
      return;
    }
    reporter.text(
      [
        'The marketplace keeps running:',
        `  site       ${site.url}`,
        `  chain RPC  ${chain.rpcUrl} (chain id ${LOCAL_CHAIN_ID})`,
        `  TaskMarket ${deployment.address}`,
        `  gateway    ${gateway.url}`,
        `  functions  ${functions.url}/api/tasks`,
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

function fastForward(chain: LocalChain, task: DemoTask, reporter: Reporter) {
  const jumpTo = async (deadline: bigint, what: string) => {
    const seconds = deadline - (await chain.now()) + 1n;
    if (seconds <= 0n) return;
    reporter.step('devnet', `fast-forward: chain time +${seconds} s to ${what} (evm_increaseTime)`);
    await chain.increaseTime(seconds);
  };
  return {
    toRevealWindow: () => jumpTo(task.commitDeadline, 'the commit deadline, so the reveal opens'),
    toFinalizeWindow: () =>
      jumpTo(task.scoringDeadline, 'the scoring deadline, so the task can be finalized'),
  };
}
