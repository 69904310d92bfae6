/**
 * `npm start`: the whole marketplace on one machine (anvil, TaskMarket, the IPFS gateway, the
 * functions, the site, a runner) and a demo task through its lifecycle. See the README.
 */
import { HelpRequested, parseDevnetConfig } from './config.js';
import { DevnetError } from './errors.js';
import { streamReporter } from './report.js';
import { runDevnet } from './run.js';

let config;
try {
  config = parseDevnetConfig(process.argv.slice(2), process.env);
} catch (error) {
  if (error instanceof HelpRequested) {
    console.log(error.message);
    process.exit(0);
  }
  console.error(error instanceof DevnetError ? error.message : String(error));
  process.exit(2);
}

const devnet = runDevnet(config, streamReporter(process.stdout));
let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C does not wait for graceful exits: the exit hook SIGKILLs every group.
    if (++signals > 1) process.exit(130);
    void devnet.stop(0, `${signal}: stopping (again to kill at once)`);
  });
}
// `npm start` is npm, then this process: when npm dies without passing a signal on (SIGKILL, a
// closed terminal), this process is reparented and stops the stack rather than run on orphaned.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void devnet.stop(0, `parent process ${parent} exited: stopping`);
}, 1000).unref();
process.exit(await devnet.stopped);
