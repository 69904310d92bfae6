import { Contract, JsonRpcProvider, getAddress } from 'ethers';
import { CID } from 'multiformats/cid';
import type { SiteConfig } from '../config/index.js';
import { TASK_MARKET_ABI } from './abi.js';
import type { MarketSubmission, MarketTask } from './types.js';

const STATES = ['open', 'finalized', 'cancelled'] as const;
const PAGE = 100n;

/** The on-chain CID bytes as text, or null when they are not a CID. */
export function cidText(hex: string): string | null {
  try {
    const bytes = Uint8Array.from(
      (hex.slice(2).match(/../g) ?? []).map((b) => Number.parseInt(b, 16)),
    );
    return bytes.length === 0 ? null : CID.decode(bytes).toString();
  } catch {
    return null;
  }
}

type Row = Record<string, unknown> & unknown[];

function toTask(row: Row): MarketTask {
  return {
    id: row.id as bigint,
    owner: getAddress(row.owner as string),
    verifier: getAddress(row.verifier as string),
    state: STATES[Number(row.state)] ?? 'open',
    bounty: row.bounty as bigint,
    commitDeadline: Number(row.commitDeadline),
    revealDeadline: Number(row.revealDeadline),
    scoringDeadline: Number(row.scoringDeadline),
    minScore: row.minScore as bigint,
    bestScore: row.bestScore as bigint,
    bestSubmissionId: row.bestSubmissionId as bigint,
    submissionCount: Number(row.submissionCount),
    revealCount: Number(row.revealCount),
    scoredCount: Number(row.scoredCount),
    testSeed: row.testSeed as string,
    specCid: cidText(row.specCid as string),
  };
}

function toSubmission(row: Row): MarketSubmission {
  return {
    taskId: row.taskId as bigint,
    id: row.id as bigint,
    solver: getAddress(row.solver as string),
    commitment: row.commitment as string,
    revealed: row.revealed as boolean,
    scored: row.scored as boolean,
    score: row.score as bigint,
    resultCid: cidText(row.resultCid as string),
  };
}

/** Read-only access to the market over the chain's RPC (no wallet, no functions needed). */
export class MarketReader {
  readonly provider: JsonRpcProvider;
  readonly contract: Contract;

  constructor(readonly config: SiteConfig & { marketAddress: string }) {
    this.provider = new JsonRpcProvider(config.rpcUrl, config.chainId, {
      staticNetwork: true,
      batchMaxCount: 1,
    });
    this.contract = new Contract(config.marketAddress, TASK_MARKET_ABI, this.provider);
  }

  /** Every task, newest first (paged by the contract's `getTasks`). */
  async listTasks(): Promise<MarketTask[]> {
    const count = (await this.contract.getFunction('taskCount')()) as bigint;
    const tasks: MarketTask[] = [];
    for (let offset = 0n; offset < count; offset += PAGE) {
      const rows = (await this.contract.getFunction('getTasks')(offset, PAGE)) as Row[];
      tasks.push(...rows.map(toTask));
    }
    return tasks.reverse();
  }

  async getTask(id: bigint): Promise<MarketTask> {
    return toTask((await this.contract.getFunction('getTask')(id)) as Row);
  }

  async getSubmissions(taskId: bigint): Promise<MarketSubmission[]> {
    const out: MarketSubmission[] = [];
    for (let offset = 0n; ; offset += PAGE) {
      const rows = (await this.contract.getFunction('getSubmissions')(
        taskId,
        offset,
        PAGE,
      )) as Row[];
      out.push(...rows.map(toSubmission));
      if (BigInt(rows.length) < PAGE) return out;
    }
  }

  async creditOf(address: string): Promise<bigint> {
    return (await this.contract.getFunction('creditOf')(address)) as bigint;
  }

  async balanceOf(address: string): Promise<bigint> {
    return this.provider.getBalance(address);
  }

  /** The latest block's timestamp in seconds: deadlines are judged by chain time. */
  async chainTime(): Promise<number> {
    const block = await this.provider.getBlock('latest');
    return block ? block.timestamp : Math.floor(Date.now() / 1000);
  }
}
