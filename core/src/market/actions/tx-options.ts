import type { MarketTxOptions } from '../send.js';

/** The sending options among an action's parameters. */
export function txOptions(params: MarketTxOptions): MarketTxOptions {
  return {
    overrides: params.overrides,
    onSigned: params.onSigned,
    onSent: params.onSent,
    wait: params.wait,
  };
}
