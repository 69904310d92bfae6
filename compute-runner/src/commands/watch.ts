import type { Command } from '../command.js';
import { RUNNER_OPTIONS, RUNNER_OPTION_HELP, connectRunner } from '../daemon/connect-runner.js';
import { runWatch } from '../daemon/watch-loop.js';

export const watch: Command = {
  name: 'watch',
  summary: 'the daemon: find tasks, train, commit, reveal, get scored, finalize, withdraw',
  usage:
    'tem watch --rpc-url URL --market ADDRESS [--gateway URL]... [--storage KIND=URL] [--state-dir DIR] [--threads N] [--min-bounty TFUEL] [--once] [--json]',
  examples: [
    'TEM_KEYSTORE=key.json TEM_KEYSTORE_PASSWORD=… tem watch --rpc-url https://eth-rpc-api-testnet.thetatoken.org/rpc --market 0x… --gateway https://trustless-gateway.link --storage storacha',
    'TEM_PRIVATE_KEY=0x… tem watch --rpc-url http://127.0.0.1:8545 --market 0x… --gateway http://127.0.0.1:8080 --once',
  ],
  options: RUNNER_OPTIONS,
  optionHelp: RUNNER_OPTION_HELP,
  async run(context) {
    const json = context.values.json === true || !context.stdout.isTTY;
    const ctx = await connectRunner(context, json);
    ctx.log.info({
      event: 'started',
      message: `runner ${ctx.address} on chain ${ctx.chainId}, market ${ctx.config.market}, ${ctx.config.threads} threads, state in ${ctx.config.stateDir}`,
    });
    try {
      const summary = await runWatch(ctx, { progressStream: json ? undefined : context.stderr });
      ctx.log.info({
        event: 'stopped',
        message: `stopped; ${summary.tasks.map((t) => `task ${t.taskId}: ${t.phase}`).join(', ') || 'no tasks'}`,
      });
      return context.signal.aborted ? 130 : 0;
    } finally {
      ctx.provider.destroy();
    }
  },
};
