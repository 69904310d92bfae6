import { useEffect, useState } from 'preact/hooks';
import { useServices } from '../app-context.js';

/** Chain time in whole seconds, ticking every second. */
export function useChainNow(): number {
  const { clockSkew } = useServices();
  const read = () => Math.floor(Date.now() / 1000 + clockSkew);
  const [now, setNow] = useState(read);
  useEffect(() => {
    setNow(read());
    const timer = setInterval(() => setNow(read()), 1000);
    return () => clearInterval(timer);
  }, [clockSkew]);
  return now;
}
