/**
 * The JSON shapes of the adaptor's answers (theta-eth-rpc-adaptor `common/types.go` and the
 * `rpc/ethrpc` methods), made from anvil's. Theta encodes hashes, addresses and quantities with
 * go-ethereum's hexutil: lowercase `0x` hex, quantities without leading zeros.
 */

/** anvil's block, transaction, receipt and log objects (the fields used here). */
export interface AnvilLog {
  address: string;
  topics: string[];
  data: string;
  blockHash: string;
  blockNumber: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
}
export interface AnvilTransaction {
  hash: string;
  blockHash: string | null;
  blockNumber: string | null;
  transactionIndex: string | null;
  from: string;
  to: string | null;
  gas: string;
  gasPrice?: string;
  value: string;
  input: string;
  nonce: string;
  v: string;
  r: string;
  s: string;
  chainId?: string;
}
export interface AnvilReceipt {
  transactionHash: string;
  transactionIndex: string;
  blockHash: string;
  blockNumber: string;
  from: string;
  to: string | null;
  contractAddress: string | null;
  gasUsed: string;
  cumulativeGasUsed: string;
  status: string;
  logs: AnvilLog[];
}
export interface AnvilBlock {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
  miner: string;
  transactionsRoot: string;
  stateRoot: string;
  transactions: (string | AnvilTransaction)[];
}

export const ZERO_ADDRESS = `0x${'0'.repeat(40)}`;
export const ZERO_HASH = `0x${'0'.repeat(64)}`;
/** The logs bloom every block and receipt of the adaptor carries (it computes none). */
export const ZERO_BLOOM = `0x${'0'.repeat(512)}`;
/** `viper` default `theta.blockGasLimit`. */
export const BLOCK_GAS_LIMIT = 20_000_000;

/** hexutil.EncodeUint64 / big.Int.Text(16): `0x` and no leading zeros. */
export const quantity = (value: bigint | number | string): string =>
  `0x${BigInt(value).toString(16)}`;

const lower = (hex: string) => hex.toLowerCase();

/**
 * The zero-filled receipt `eth_getTransactionReceipt` answers when the transaction is still
 * unknown or pending after its retries: every field at its Go zero value, `logs` null and the
 * bloom an empty string (the adaptor sets those only for a receipt it found).
 */
export function zeroReceipt(): Record<string, unknown> {
  return {
    blockHash: ZERO_HASH,
    blockNumber: '0x0',
    transactionHash: ZERO_HASH,
    transactionIndex: '0x0',
    contractAddress: ZERO_ADDRESS,
    from: ZERO_ADDRESS,
    to: ZERO_ADDRESS,
    gasUsed: '0x0',
    cumulativeGasUsed: '0x0',
    logs: null,
    logsBloom: '',
    status: '0x0',
  };
}

/** A receipt log (`EthLogObj`): block-level log index, `type: "mined"`, no `removed`. */
function receiptLog(log: AnvilLog): Record<string, unknown> {
  return {
    address: lower(log.address),
    blockHash: lower(log.blockHash),
    blockNumber: quantity(log.blockNumber),
    logIndex: quantity(log.logIndex),
    topics: log.topics.map(lower),
    transactionHash: lower(log.transactionHash),
    transactionIndex: quantity(log.transactionIndex),
    data: log.data,
    type: 'mined',
  };
}

/**
 * A found receipt (`EthGetReceiptResult`): no `effectiveGasPrice` and no `type`; `to` and
 * `contractAddress` are the zero address where Ethereum has null; the bloom is all zeros.
 */
export function receiptJson(receipt: AnvilReceipt): Record<string, unknown> {
  return {
    blockHash: lower(receipt.blockHash),
    blockNumber: quantity(receipt.blockNumber),
    transactionHash: lower(receipt.transactionHash),
    transactionIndex: quantity(receipt.transactionIndex),
    contractAddress: lower(receipt.contractAddress ?? ZERO_ADDRESS),
    from: lower(receipt.from),
    to: lower(receipt.to ?? ZERO_ADDRESS),
    gasUsed: quantity(receipt.gasUsed),
    cumulativeGasUsed: quantity(receipt.cumulativeGasUsed),
    logs: receipt.logs.map(receiptLog),
    logsBloom: ZERO_BLOOM,
    status: BigInt(receipt.status) === 1n ? '0x1' : '0x0',
  };
}

/** The recovery id (0 or 1) of an Ethereum `v`: Theta keeps the raw 65-byte signature. */
function recoveryId(tx: AnvilTransaction): bigint {
  const v = BigInt(tx.v);
  if (v === 27n || v === 28n) return v - 27n;
  if (v <= 1n) return v;
  return (v - 35n) % 2n;
}

const word = (hex: string) => `0x${hex.slice(2).padStart(64, '0').toLowerCase()}`;

/**
 * A transaction (`EthGetTransactionResult`): `to` null for a deployment, `v` the recovery id,
 * no `type`, `chainId` or fee fields. `transactionIndex` is what the method sets (0 inside a block).
 */
export function transactionJson(
  tx: AnvilTransaction,
  transactionIndex: bigint | number | string,
): Record<string, unknown> {
  return {
    blockHash: lower(tx.blockHash ?? ZERO_HASH),
    blockNumber: quantity(tx.blockNumber ?? 0),
    from: lower(tx.from),
    to: tx.to ? lower(tx.to) : null,
    gas: quantity(tx.gas),
    gasPrice: quantity(tx.gasPrice ?? 0),
    hash: lower(tx.hash),
    nonce: quantity(tx.nonce),
    input: tx.input,
    transactionIndex: quantity(transactionIndex),
    value: quantity(tx.value),
    v: quantity(recoveryId(tx)),
    r: word(tx.r),
    s: word(tx.s),
  };
}

/**
 * A block (`EthGetBlockResult`): no `baseFeePerGas`, `mixHash` or fee history; fixed size,
 * difficulty, nonce and bloom; the gas limit of the adaptor's configuration. With
 * `txDetails`, `gasUsed` is the last transaction's (the adaptor assigns instead of adding) and
 * every transaction has index 0; without, 0.
 */
export function blockJson(
  block: AnvilBlock,
  txDetails: boolean,
  lastGasUsed: bigint,
): Record<string, unknown> {
  const transactions = block.transactions.map((tx) =>
    typeof tx === 'string' ? lower(tx) : transactionJson(tx, 0),
  );
  return {
    number: quantity(block.number),
    hash: lower(block.hash),
    parentHash: lower(block.parentHash),
    timestamp: quantity(block.timestamp),
    miner: lower(block.miner),
    transactionsRoot: lower(block.transactionsRoot),
    stateRoot: lower(block.stateRoot),
    receiptsRoot: ZERO_HASH,
    nonce: '0x0000000000000000',
    sha3Uncles: ZERO_HASH,
    logsBloom: ZERO_BLOOM,
    difficulty: '0x0',
    totalDifficulty: '0x0',
    size: quantity(1000),
    gasLimit: quantity(BLOCK_GAS_LIMIT),
    gasUsed: quantity(txDetails ? lastGasUsed : 0n),
    extraData: '0x',
    uncles: [],
    transactions,
  };
}

/** The zero-valued block `eth_getUncleByBlockHashAndIndex` answers (a placeholder there). */
export function emptyBlockJson(): Record<string, unknown> {
  return {
    number: '0x0',
    hash: ZERO_HASH,
    parentHash: ZERO_HASH,
    timestamp: '0x0',
    miner: ZERO_ADDRESS,
    transactionsRoot: ZERO_HASH,
    stateRoot: ZERO_HASH,
    receiptsRoot: ZERO_HASH,
    nonce: '',
    sha3Uncles: ZERO_HASH,
    logsBloom: '',
    difficulty: '0x0',
    totalDifficulty: '0x0',
    size: '0x0',
    gasLimit: '0x0',
    gasUsed: '0x0',
    extraData: '',
    uncles: null,
    transactions: null,
  };
}
