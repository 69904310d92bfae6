import { formatTfuel } from '../format/index.js';

/** An amount of wei shown as TFuel. */
export function Tfuel({ wei }: { wei: bigint }) {
  return <span class="tfuel">{formatTfuel(wei)} TFuel</span>;
}
