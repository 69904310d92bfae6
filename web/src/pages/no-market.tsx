import { useServices } from '../app-context.js';
import { chainName } from '../wallet/index.js';

/** Shown when the configuration names no TaskMarket on this chain. */
export function NoMarket() {
  const { loaded } = useServices();
  return (
    <section>
      <h1>No market configured</h1>
      <p>
        This deployment has no TaskMarket address for {chainName(loaded.config.chainId)}. Put a{' '}
        <code>config.json</code> next to <code>index.html</code> with <code>marketAddress</code>.
      </p>
    </section>
  );
}
