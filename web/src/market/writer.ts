import { Contract, type ContractTransactionResponse, type Signer } from 'ethers';
import { chainById, cidToBytes, taskMarketAbi } from '@tem/core/market';

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

/**
 * The market's write actions through a wallet signer (the site never holds a key). Each returns
 * the sent transaction, so the page can show it pending before it is mined. Transactions are
 * legacy (type 0) at the network's gas price, at least the chain's minimum (Theta: 4000 gwei).
 */
export function marketWriter(signer: Signer, market: string, chainId: number) {
  const contract = new Contract(market, taskMarketAbi as never, signer);
  const legacy = async () => {
    const network = (await signer.provider?.getFeeData())?.gasPrice ?? 0n;
    const min = chainById(chainId)?.minGasPrice ?? 0n;
    return { type: 0, gasPrice: network > min ? network : min };
  };
  const call = async (name: string, args: unknown[], value?: bigint) =>
    (await contract.getFunction(name)(...args, {
      ...(await legacy()),
      ...(value !== undefined ? { value } : {}),
    })) as ContractTransactionResponse;
  return {
    contract,
    createTask: (p: CreateTaskParameters) =>
      call(
        'createTask',
        [
          cidToBytes(p.specCid),
          p.commitDeadline,
          p.revealDeadline,
          p.scoringDeadline,
          p.verifier,
          p.minScore,
        ],
        p.bounty,
      ),
    commit: (taskId: bigint, commitment: string) => call('commit', [taskId, commitment]),
    reveal: (taskId: bigint, submissionId: bigint, resultCid: string, salt: string) =>
      call('reveal', [taskId, submissionId, cidToBytes(resultCid), salt]),
    finalize: (taskId: bigint) => call('finalize', [taskId]),
    cancel: (taskId: bigint) => call('cancel', [taskId]),
    withdraw: () => call('withdraw', []),
  };
}
