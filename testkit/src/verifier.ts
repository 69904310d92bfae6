import {
  startFunctionsServer,
  type FunctionsServer,
  type FunctionsServerOptions,
  type ServiceOverrides,
} from '@tem/functions';
import { verifierEnv, type VerifierEnvOptions } from './verifier-env.js';

/** Options of {@link startTestVerifier}. */
export interface TestVerifierOptions extends VerifierEnvOptions {
  /** Added to (or replacing) {@link verifierEnv}'s variables. */
  env?: Record<string, string>;
  /** Where the server logs failures (default: nowhere). */
  log?: FunctionsServerOptions['log'];
  /** Test-only replacements of the verifier's production parts (e.g. a scorer that lies). */
  overrides?: ServiceOverrides;
}

/** Starts one verifier's functions server on a free port, signing with `privateKey`. */
export function startTestVerifier(options: TestVerifierOptions): Promise<FunctionsServer> {
  return startFunctionsServer({
    env: verifierEnv(options, options.env),
    log: options.log ?? (() => undefined),
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
}
