/** Entry point of `npm run deploy`; see deploy-cli.ts. */
import { DeployError } from '../src/errors.js';
import { runDeploy } from './deploy-cli.js';

try {
  await runDeploy(process.argv.slice(2), process.env);
} catch (err) {
  if (err instanceof DeployError && err.message === 'help shown') process.exit(0);
  console.error(
    `deploy: ${err instanceof DeployError ? err.message : ((err as Error).stack ?? String(err))}`,
  );
  process.exit(1);
}
