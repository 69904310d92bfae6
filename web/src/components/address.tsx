import { shortHex } from '../format/index.js';

/** An address, shortened, full value in the title. */
export function Address({ value }: { value: string }) {
  return (
    <code class="address" title={value}>
      {shortHex(value)}
    </code>
  );
}
