import { useEffect, useState } from 'preact/hooks';
import { useServices } from '../app-context.js';

/** The TFuel balance of `address` read over RPC, refreshed every 5 s and on `tem:refresh`. */
export function useBalance(address: string | null): bigint | null {
  const { reader } = useServices();
  const [balance, setBalance] = useState<bigint | null>(null);
  useEffect(() => {
    if (!address || !reader) {
      setBalance(null);
      return;
    }
    let live = true;
    const load = () =>
      reader.balanceOf(address).then(
        (b) => live && setBalance(b),
        () => undefined,
      );
    void load();
    const timer = setInterval(load, 5000);
    addEventListener('tem:refresh', load);
    return () => {
      live = false;
      clearInterval(timer);
      removeEventListener('tem:refresh', load);
    };
  }, [address, reader]);
  return balance;
}

/** Asks every view to re-read the chain (after a confirmed transaction). */
export function refreshAll(): void {
  dispatchEvent(new Event('tem:refresh'));
}
