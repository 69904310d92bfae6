/** One benchmark suite of `tem bench <suite>`: measures and returns figures, never asserts. */
export interface BenchSuite {
  name: string;
  summary: string;
  /** Returns a JSON-serialisable object of figures (rates, times), printed as-is with --json. */
  run(options: BenchOptions): Promise<Record<string, unknown>>;
}

export interface BenchOptions {
  /** Quick mode: smaller inputs, for smoke runs. */
  quick: boolean;
  /** Progress lines go here (stderr), so stdout stays pure JSON with --json. */
  log(line: string): void;
}
