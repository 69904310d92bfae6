/**
 * Types derived from the generated `as const` ABI: the names and argument objects of the
 * contract's custom errors and events, as ethers v6 decodes them.
 */
import type { taskMarketAbi } from './task-market-abi.generated.js';

type AbiItem = (typeof taskMarketAbi)[number];
interface AbiParam {
  readonly name: string;
  readonly type: string;
}

/** The TypeScript type ethers v6 decodes a Solidity value type (or an array of them) into. */
export type SolidityValue<T extends string> = T extends `${infer E}[]`
  ? SolidityValue<E>[]
  : T extends `uint${string}` | `int${string}`
    ? bigint
    : T extends 'bool'
      ? boolean
      : string;

/** An object with one property per named ABI parameter. */
export type AbiArgs<P extends readonly AbiParam[]> = {
  [K in P[number] as K['name']]: SolidityValue<K['type']>;
};

/** Names of TaskMarket's custom errors (including those of its OpenZeppelin bases). */
export type TaskMarketErrorName = Extract<AbiItem, { type: 'error' }>['name'];

/** Arguments of custom error `N`. */
export type TaskMarketErrorArgs<N extends TaskMarketErrorName> = AbiArgs<
  Extract<AbiItem, { type: 'error'; name: N }>['inputs']
>;

/** Names of TaskMarket's events. */
export type TaskMarketEventName = Extract<AbiItem, { type: 'event' }>['name'];

/** Arguments of event `N`. */
export type TaskMarketEventArgs<N extends TaskMarketEventName> = AbiArgs<
  Extract<AbiItem, { type: 'event'; name: N }>['inputs']
>;
