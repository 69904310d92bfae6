import { Contract, type ContractTransactionResponse, type Signer } from 'ethers';
import { TASK_MARKET_ABI } from './abi.js';
import { cidBytes } from './commitment.js';

/** Theta takes legacy (type-0) transactions only. */
const LEGACY = { type: 0 } as const;

/** Parameters of `createTask`; amounts in wei, deadlines in unix seconds. */
export interface CreateTaskParameters {
  specCid: string;
  commitDeadline: number;
  revealDeadline: number;
  scoringDeadline: number;
  verifier: string;
  minScore: bigint;
  bounty: bigint;
}

/** The market's write actions through a wallet signer. The site never holds a key. */
export function marketWriter(signer: Signer, market: string) {
  const contract = new Contract(market, TASK_MARKET_ABI, signer);
  const call = (name: string, ...args: unknown[]) =>
    contract.getFunction(name)(...args) as Promise<ContractTransactionResponse>;
  return {
    contract,
    createTask: (p: CreateTaskParameters) =>
      call(
        'createTask',
        cidBytes(p.specCid),
        p.commitDeadline,
        p.revealDeadline,
        p.scoringDeadline,
        p.verifier,
        p.minScore,
        { ...LEGACY, value: p.bounty },
      ),
    commit: (taskId: bigint, commitment: string) => call('commit', taskId, commitment, LEGACY),
    reveal: (taskId: bigint, submissionId: bigint, resultCid: string, salt: string) =>
      call('reveal', taskId, submissionId, cidBytes(resultCid), salt, LEGACY),
    finalize: (taskId: bigint) => call('finalize', taskId, LEGACY),
    withdraw: () => call('withdraw', LEGACY),
  };
}
