/**
 * `npm run deploy -- --network local|theta-testnet|theta-mainnet`: deploys TaskMarket from the
 * committed artifact with legacy transactions at the network's gas price and records the
 * deployment in `contracts/deployments/<chainId>.json`.
 *
 * The key comes from `DEPLOYER_PRIVATE_KEY`, or from an encrypted JSON keystore (`--keystore FILE`,
 * password in `KEYSTORE_PASSWORD`); on `local` the first anvil dev key is the default. Keys are
 * never printed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { JsonRpcProvider, Wallet, keccak256 } from 'ethers';
import { type MarketChain, chainByKey, explorerAddressUrl, marketGasPrice } from '@tem/core/market';
import { UnsupportedOpcodeError, assertRunsOnTheta } from '../src/bytecode.js';
import { deployTaskMarket } from '../src/deploy.js';
import { DeployError } from '../src/errors.js';
import { loadTaskMarketArtifact } from '../src/artifact.js';
import { DEV_MNEMONIC } from '../src/local-chain.js';
import { contractsDir } from './solc.js';

/** What `contracts/deployments/<chainId>.json` holds. */
export interface DeploymentRecord {
  network: string;
  chainId: number;
  address: string;
  block: number;
  tx: string;
  deployer: string;
  deployedAt: string;
  compiler: string;
  /** The contract's shortest task window in seconds. */
  minWindow: number;
  /** keccak256 of the code on chain (the artifact's runtime code with its immutables filled in). */
  codeHash: string;
}

export const USAGE = `Usage: npm run deploy -- --network <local|theta-testnet|theta-mainnet> [options]

Options:
  --network NAME     target network (required)
  --rpc URL          JSON-RPC endpoint (default: the network's)
  --keystore FILE    encrypted JSON keystore; its password comes from KEYSTORE_PASSWORD
  --gas-price GWEI   gas price (default: the network's, at least its minimum)
  --min-window SEC   shortest task window (default: the network's, 600 on Theta, 5 on local)
  --out DIR          where to write <chainId>.json (default: contracts/deployments)

The key comes from DEPLOYER_PRIVATE_KEY or --keystore; on local the first anvil dev key is used
when neither is given.`;

/** Runs the deploy command; returns the record written. Throws DeployError for user errors. */
export async function runDeploy(
  argv: string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void = console.log,
): Promise<DeploymentRecord> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        network: { type: 'string' },
        rpc: { type: 'string' },
        keystore: { type: 'string' },
        'gas-price': { type: 'string' },
        'min-window': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new DeployError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    log(USAGE);
    throw new DeployError('help shown');
  }
  const chain = values.network ? chainByKey(values.network) : undefined;
  if (!chain)
    throw new DeployError(`--network must be local, theta-testnet or theta-mainnet\n\n${USAGE}`);
  const rpcUrl = values.rpc ?? chain.rpcUrls[0];
  if (!rpcUrl) throw new DeployError(`no RPC URL for ${chain.key}: pass --rpc`);

  const artifact = loadTaskMarketArtifact();
  try {
    assertRunsOnTheta(artifact);
  } catch (err) {
    if (err instanceof UnsupportedOpcodeError) throw new DeployError(err.message);
    throw err;
  }
  const minWindow =
    values['min-window'] === undefined ? chain.minTaskWindow : Number(values['min-window']);
  if (!Number.isSafeInteger(minWindow) || minWindow < 1 || minWindow > 86_400) {
    throw new DeployError(`--min-window must be 1 to 86400 seconds, got ${values['min-window']}`);
  }

  const provider = new JsonRpcProvider(rpcUrl, chain.id, { staticNetwork: true, cacheTimeout: -1 });
  try {
    let remoteId: number;
    try {
      remoteId = Number(await provider.send('eth_chainId', []));
    } catch (err) {
      throw new DeployError(`cannot reach ${rpcUrl}: ${(err as Error).message}`);
    }
    if (remoteId !== chain.id) {
      throw new DeployError(
        `${rpcUrl} serves chain id ${remoteId}, but ${chain.key} is ${chain.id}`,
      );
    }
    const wallet = (await loadDeployer(values.keystore, env, chain)).connect(provider);
    const gasPrice = await chooseGasPrice(provider, chain, values['gas-price']);
    const balance = await provider.getBalance(wallet.address);
    log(`network   ${chain.name} (chain id ${chain.id}) via ${rpcUrl}`);
    log(`deployer  ${wallet.address} (balance ${balance} wei)`);
    log(`gas price ${gasPrice} wei (legacy transaction)`);
    log(`min window ${minWindow} s`);

    const deployment = await deployTaskMarket(wallet, { gasPrice, minWindow, chain });
    const record: DeploymentRecord = {
      network: chain.key,
      chainId: chain.id,
      address: deployment.address,
      block: deployment.block,
      tx: deployment.tx,
      deployer: wallet.address,
      deployedAt: new Date().toISOString(),
      compiler: artifact.compiler.version,
      minWindow,
      codeHash: '',
    };
    // Immutables (the EIP-712 domain cache) are filled in at construction, so compare lengths.
    const onChain = await provider.getCode(deployment.address);
    if (onChain.length !== artifact.deployedBytecode.length) {
      throw new DeployError(`code at ${deployment.address} is not the artifact's runtime code`);
    }
    record.codeHash = keccak256(onChain);
    const outDir = values.out ?? path.join(contractsDir, 'deployments');
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `${chain.id}.json`);
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    log(`TaskMarket ${record.address} in block ${record.block}, transaction ${record.tx}`);
    const link = explorerAddressUrl(chain, record.address);
    if (link) log(`explorer  ${link}`);
    log(`wrote ${path.relative(process.cwd(), file)}`);
    return record;
  } finally {
    provider.destroy();
  }
}

async function loadDeployer(
  keystore: string | undefined,
  env: NodeJS.ProcessEnv,
  chain: MarketChain,
): Promise<Wallet> {
  if (keystore) {
    const password = env.KEYSTORE_PASSWORD;
    if (password === undefined)
      throw new DeployError('--keystore needs the password in KEYSTORE_PASSWORD');
    let json: string;
    try {
      json = readFileSync(keystore, 'utf8');
    } catch (err) {
      throw new DeployError(`cannot read keystore ${keystore}: ${(err as Error).message}`);
    }
    try {
      const wallet = await Wallet.fromEncryptedJson(json, password);
      return new Wallet(wallet.privateKey);
    } catch {
      throw new DeployError(
        `cannot decrypt keystore ${keystore}: wrong password or not a keystore`,
      );
    }
  }
  const key = env.DEPLOYER_PRIVATE_KEY;
  if (key) {
    try {
      return new Wallet(key.startsWith('0x') ? key : `0x${key}`);
    } catch {
      throw new DeployError('DEPLOYER_PRIVATE_KEY is not a 32-byte hex private key');
    }
  }
  if (chain.key === 'local') return new Wallet(Wallet.fromPhrase(DEV_MNEMONIC).privateKey);
  throw new DeployError(
    `${chain.key} needs a key: set DEPLOYER_PRIVATE_KEY or pass --keystore FILE`,
  );
}

async function chooseGasPrice(
  provider: JsonRpcProvider,
  chain: MarketChain,
  flag: string | undefined,
): Promise<bigint> {
  const minimum = chain.minGasPrice ?? 0n;
  if (flag !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(flag)) throw new DeployError(`--gas-price must be gwei, got ${flag}`);
    const [whole = '0', fraction = ''] = flag.split('.');
    const wei = BigInt(whole) * 10n ** 9n + BigInt((fraction + '000000000').slice(0, 9));
    if (wei < minimum)
      throw new DeployError(
        `--gas-price ${flag} gwei is below ${chain.name}'s minimum of ${minimum / 10n ** 9n} gwei`,
      );
    return wei;
  }
  return marketGasPrice({ provider, chain });
}
