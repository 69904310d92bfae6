import { formatEther } from 'ethers';

/** Where `npm start` writes what happens: one timestamped line per step. */
export interface Reporter {
  /** A lifecycle or status line from `source` (devnet, chain, runner, a service). */
  step(source: string, text: string): void;
  /** Plain text (headings, the summary). */
  text(text: string): void;
}

/** Writes to a stream (stdout), lines prefixed with the wall-clock time and the source. */
export function streamReporter(out: NodeJS.WritableStream): Reporter {
  return {
    step(source, text) {
      const time = new Date().toISOString().slice(11, 19);
      out.write(`${time} ${source.padEnd(9)} ${text}\n`);
    },
    text(text) {
      out.write(`${text}\n`);
    },
  };
}

/** TFuel amount of `wei`, e.g. `1.5 TFuel`. */
export function tfuel(wei: bigint): string {
  return `${formatEther(wei)} TFuel`;
}

/** Names dev accounts by their demo role; other addresses are shortened. */
export function addressNamer(roles: Record<string, string>): (address: string) => string {
  const byAddress = new Map(Object.entries(roles).map(([role, a]) => [a.toLowerCase(), role]));
  return (address) => {
    const role = byAddress.get(address.toLowerCase());
    const short = `${address.slice(0, 6)}…${address.slice(-4)}`;
    return role ? `${role} (${short})` : short;
  };
}

/** The wall-clock time of a unix timestamp, HH:MM:SS UTC. */
export function clock(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().slice(11, 19);
}
