import { createMarketClient } from '@tem/core/market';
import { ROLES, type LocalChain, type Role, devPrivateKey } from './chain.js';
import { type VerifierSets, describeMarketEvent, followMarketEvents } from './chain-events.js';
import { DemoLifecycle, type DemoOutcome, type FastForward } from './demo-lifecycle.js';
import { demoKind, type DemoKind } from './demo-kinds.js';
import { DEMO_THRESHOLD, createDemoTask } from './demo-task.js';
import { type Reporter, addressNamer, tfuel } from './report.js';
import { type RunnerOptions, startRunner } from './services.js';
import type { StackServices } from './start-services.js';
import type { RunningService, Supervisor } from './supervisor.js';

/** How long each demo task may take to reach its payout. */
export const DEMO_TIMEOUT_MS = 4 * 60_000;

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  supervisor: Supervisor;
  reporter: Reporter;
  /** The runner's state folder. */
  runnerStateDir: string;
  /**
   * `tem watch --once`: the runner exits when its tasks are done (with one demo task; with
   * several the runner keeps watching between them, and stopping the stack stops it).
   */
  once: boolean;
  /** The kinds of the demo tasks, run one after the other (default: the cipher). */
  kinds?: readonly DemoKind[];
  /** Receives the lifecycle before the runner starts, to feed it the runner's events. */
  attach: (demo: DemoLifecycle) => void;
  /** Stops following chain events. */
  signal: AbortSignal;
  /**
   * Starts the runner as a supervised service named `runner` printing `tem watch --json`
   * lines (default: `tem watch` from the tree; the container test runs the image instead).
   */
  startRunner?: (supervisor: Supervisor, options: RunnerOptions) => Promise<RunningService>;
}

/**
 * Seeds the demo: prints the accounts, follows TaskMarket's events, and for each kind in turn
 * creates its demo task (starting the runner with the first) and waits until the runner withdrew
 * its bounty (printing who was paid how much). Resolves with each task's outcome; rejects with
 * DevnetError naming the step that did not happen.
 */
export async function runDemo(
  stack: StackServices,
  options: RunDemoOptions,
): Promise<DemoOutcome[]> {
  const { chain, deployment } = stack;
  const { reporter } = options;
  const roles = Object.fromEntries(
    (Object.keys(ROLES) as Role[]).map((role) => [role, chain.address(role)]),
  );
  const name = addressNamer(roles);
  reporter.text(
    `\nAccounts (anvil's public dev accounts, local use only):\n${Object.entries(roles)
      .map(([role, address]) => `  ${role.padEnd(9)} ${address}`)
      .join('\n')}\n`,
  );

  const reader = createMarketClient({ address: deployment.address, provider: chain.provider });
  const fromBlock = deployment.reused
    ? (await chain.provider.getBlockNumber()) + 1
    : deployment.block;
  // The lifecycle exists once the task does; chain events before that concern no demo step.
  const following: { demo?: DemoLifecycle } = {};
  const verifierSets: VerifierSets = new Map();
  void followMarketEvents(
    reader,
    fromBlock,
    (event) => {
      const text = describeMarketEvent(event, name, verifierSets);
      if (text) reporter.step('chain', text);
      following.demo?.onChainEvent(event);
    },
    { signal: options.signal },
  );

  const runnerAddress = chain.address('runner');
  const kinds = options.kinds ?? [demoKind('cipher')];
  const outcomes: DemoOutcome[] = [];
  let runner: RunningService | undefined;
  for (const kind of kinds) {
    const balanceBefore = await chain.provider.getBalance(runnerAddress);
    const task = await createDemoTask({
      kind,
      owner: createMarketClient({ address: deployment.address, signer: chain.wallet('owner') }),
      gatewayUrl: stack.gatewayUrl,
      verifiers: stack.verifiers,
      chainNow: () => chain.now(),
    });
    reporter.step(
      'devnet',
      `demo task #${task.taskId} (${kind.id}${kind.minScore > 0n ? `, minScore ${kind.minScore}` : ''}): spec ${task.specCid}, verifiers ${stack.verifiers.map((v) => name(v.address)).join(', ')} (${DEMO_THRESHOLD} of 3 sign each score and fix the test seed)`,
    );
    const demo = new DemoLifecycle(task, fastForward(chain, reporter));
    following.demo = demo;
    options.attach(demo);
    // Created before the runner starts: its first poll lists every task, so `--once` sees this one.
    if (runner === undefined) {
      const started = await (options.startRunner ?? startRunner)(options.supervisor, {
        rpcUrl: stack.clientRpcUrl,
        market: deployment.address,
        gatewayUrl: stack.gatewayUrl,
        stateDir: options.runnerStateDir,
        privateKey: devPrivateKey('runner'),
        once: options.once && kinds.length === 1,
        trustedVerifiers: stack.verifiers.map((v) => v.address),
      });
      runner = started;
      reporter.step('runner', `tem watch as ${name(runnerAddress)}, pid ${started.pid}`);
      void started.exited.then(async ({ code, signal }) => {
        // Its last lines (the withdrawal) may still be on their way.
        await new Promise((r) => setTimeout(r, 3_000));
        following.demo?.fail(`tem watch exited (${signal ? `signal ${signal}` : `code ${code}`})`);
      });
    }

    const timer = setTimeout(
      () => demo.fail(`no progress after ${DEMO_TIMEOUT_MS / 60_000} min`),
      DEMO_TIMEOUT_MS,
    );
    let outcome: DemoOutcome;
    try {
      outcome = await demo.done;
    } finally {
      clearTimeout(timer);
    }
    outcomes.push(outcome);
    const balanceAfter = await chain.provider.getBalance(runnerAddress);
    reporter.text(
      `\nPaid: ${name(runnerAddress)} won task #${outcome.taskId} (${kind.id}) and withdrew ${tfuel(outcome.paid)}; its balance changed by ${tfuel(balanceAfter - balanceBefore)} (the bounty minus gas for commit, reveal, the seed relays, recordScore, finalize, withdraw; the bond came back).\n`,
    );
  }
  return outcomes;
}

/** Moves chain time to a deadline the runner is waiting for, instead of waiting it out. */
function fastForward(chain: LocalChain, reporter: Reporter): FastForward {
  return {
    async to(deadline, why) {
      const seconds = deadline - (await chain.now()) + 1n;
      if (seconds <= 0n) return;
      reporter.step(
        'devnet',
        `fast-forward: chain time +${seconds} s (evm_increaseTime); the runner was waiting: ${why}`,
      );
      await chain.increaseTime(seconds);
    },
  };
}
