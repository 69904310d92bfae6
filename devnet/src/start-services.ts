import { mkdir, rm } from 'node:fs/promises';
import { LOCAL_CHAIN_ID, type ThetaRpc, startThetaRpc } from '@tem/contracts';
import { type LocalChain, VERIFIER_ROLES, devPrivateKey, startChain } from './chain.js';
import { type DevnetConfig, devnetPaths } from './config.js';
import { type DevnetDeployment, ensureDeployment } from './deployment.js';
import { assertPortFree } from './ports.js';
import type { Reporter } from './report.js';
import { startFunctions, startIpfsGateway } from './services.js';
import { publishSite } from './site.js';
import type { RunningService, Supervisor } from './supervisor.js';
import { ensureWebBuild } from './web-build.js';

/** The running services of the local stack. */
export interface StackServices {
  chain: LocalChain;
  /**
   * The RPC the runner, the functions and the site use: anvil, or with `--theta-rpc` the double
   * of Theta's adaptor in front of it. The stack itself (deploy, demo owner, fast-forward)
   * always talks to anvil.
   */
  clientRpcUrl: string;
  /** The double, when `--theta-rpc` runs one (closed when the stack stops). */
  thetaRpc?: ThetaRpc;
  deployment: DevnetDeployment;
  gatewayUrl: string;
  /** The first verifier's functions server: the site's API. */
  functionsUrl: string;
  siteUrl: string;
  /**
   * The three verifiers the demo task names (threshold 2): each a functions server with its own
   * dev account as its key, `/api/verify` and `/api/seed`.
   */
  verifiers: { url: string; address: string; service: RunningService }[];
}

/**
 * Brings the stack up in order: data folder (wiped with `--fresh`), port checks, the site build,
 * anvil (and with `--theta-rpc` the adaptor's double, handed to `onThetaRpc` at once so that a
 * failure further on still closes it), TaskMarket, the gateway, three verifiers' functions
 * servers, the site on IPFS.
 * Each step reports one line.
 */
export async function startServices(
  supervisor: Supervisor,
  config: DevnetConfig,
  reporter: Reporter,
  onThetaRpc: (rpc: ThetaRpc) => void = () => {},
): Promise<StackServices> {
  const paths = devnetPaths(config.dataDir);
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

  const chain = await startChain(supervisor, {
    port: config.ports.anvil.port,
    stateFile: paths.chainState,
    blockTime: config.blockTime,
  });
  reporter.step(
    'anvil',
    `${chain.rpcUrl} (chain ${LOCAL_CHAIN_ID}, hardfork istanbul, a block every ${config.blockTime} s, pid ${chain.service.pid})`,
  );
  let thetaRpc: ThetaRpc | undefined;
  if (config.ports.thetaRpc) {
    thetaRpc = await startThetaRpc({
      upstreamUrl: chain.rpcUrl,
      port: config.ports.thetaRpc.port,
      blockIntervalMs: config.blockTime * 1000,
    });
    onThetaRpc(thetaRpc);
    reporter.step(
      'theta-rpc',
      `${thetaRpc.url}: the double of Theta's ETH-RPC adaptor in front of anvil, for the runner, the functions and the site`,
    );
  }
  const clientRpcUrl = thetaRpc?.url ?? chain.rpcUrl;
  const deployment = await ensureDeployment(paths.deployment, chain.wallet('deployer'));
  // A new deployment restarts task ids at 1: the runner's records of the old market would shadow them.
  if (!deployment.reused) await rm(paths.runner, { recursive: true, force: true });
  reporter.step(
    'market',
    deployment.reused
      ? `TaskMarket ${deployment.address} (reused from block ${deployment.block}, recorded in deployment.json)`
      : `TaskMarket ${deployment.address} (deployed in block ${deployment.block})`,
  );

  const gateway = await startIpfsGateway(supervisor, {
    port: config.ports.gateway.port,
    dataDir: paths.ipfs,
  });
  reporter.step('gateway', `pid ${gateway.service.pid}`);
  const ports = [config.ports.functions, config.ports.functions2, config.ports.functions3];
  const verifiers: StackServices['verifiers'] = [];
  for (const [i, role] of VERIFIER_ROLES.entries()) {
    const name = i === 0 ? 'functions' : `functions-${i + 1}`;
    const { url, service } = await startFunctions(supervisor, {
      name,
      port: ports[i]!.port,
      rpcUrl: clientRpcUrl,
      market: deployment.address,
      gatewayUrl: gateway.url,
      verifierPrivateKey: devPrivateKey(role),
      siteOrigin: gateway.url,
      // The demo needs 2 of the 3 verifiers: the second and third may stop without ending the stack.
      optional: i > 0,
    });
    const address = chain.address(role);
    verifiers.push({ url: `${url}/api/verify`, address, service });
    reporter.step(name, `${role} ${address}, pid ${service.pid}`);
    if (i > 0) {
      void service.exited.then(({ code, signal }) => {
        if (supervisor.isStopping) return;
        reporter.step(
          name,
          `exited (${signal ? `signal ${signal}` : `code ${code}`}): ${role} no longer answers; the demo needs 2 of its 3 verifiers`,
        );
      });
    }
  }
  const functions = { url: verifiers[0]!.url.replace(/\/api\/verify$/, '') };

  const site = await publishSite({
    distDir: paths.webDist,
    siteDir: paths.site,
    gatewayUrl: gateway.url,
    config: {
      chainId: LOCAL_CHAIN_ID,
      rpcUrl: clientRpcUrl,
      marketAddress: deployment.address,
      deployBlock: deployment.block,
      gateways: [gateway.url],
      uploadUrl: gateway.url,
      functionsUrl: functions.url,
      verifiers: verifiers.map(({ url, address }) => ({ url, address })),
    },
  });
  reporter.step('site', site.url);
  return {
    chain,
    clientRpcUrl,
    ...(thetaRpc ? { thetaRpc } : {}),
    deployment,
    gatewayUrl: gateway.url,
    functionsUrl: functions.url,
    siteUrl: site.url,
    verifiers,
  };
}
