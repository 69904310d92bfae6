import { useServices } from '../app-context.js';
import { ScoreScale } from '../components/score.js';
import { nodeCommands } from './node-commands.js';

/** The top of the home page: what the marketplace is, its three roles, how to take part in each. */
export function HomeIntro() {
  const { loaded } = useServices();
  const commands = nodeCommands(loaded.config);
  return (
    <section class="intro" aria-labelledby="intro-heading" data-testid="home-intro">
      <h1 id="intro-heading">Heavy compute for TFuel, paid by a contract</h1>
      <p class="lead">
        An owner escrows a TFuel bounty in the TaskMarket contract for a training job described on
        IPFS. Edge nodes train BiSUNA neural networks for it and submit their results; a verifier
        re-scores every result and signs the score; after the deadlines the contract pays the best
        one. Today's jobs are neural encryption: Alice encrypts, Bob decrypts, Eve tries to read
        along.
      </p>
      <ul class="roles">
        <li>
          <h2>Task owner</h2>
          <p>
            Describe the job, choose the training parameters, deadlines and bounty, and sign one
            transaction. The contract pays the best result at or above your minimum score, or
            refunds you. <a href="#/create">Create a task</a>
          </p>
        </li>
        <li>
          <h2>Edge node</h2>
          <p>
            Run <code>tem watch</code> on a machine with spare cores: it finds open tasks, trains,
            commits, reveals and withdraws the bounty, and resumes after a restart. The commands are
            below.
          </p>
        </li>
        <li>
          <h2>Verifier</h2>
          <p>
            Runs the verification endpoint (the <code>functions</code>) with its own key; each
            task's spec names one. It re-scores every revealed result with the same deterministic
            code and signs the score. Nobody has to trust it blindly: "Re-check score" on a
            leaderboard recomputes any score in your browser.
          </p>
        </li>
      </ul>
      <details class="node-commands">
        <summary>Run an edge node on this network</summary>
        <p>From a clone of the repository (compute-runner/README.md explains every option):</p>
        <pre class="command">
          <code>{`${commands.keys}\n${commands.watch}`}</code>
        </pre>
        <p>Or as a container (Docker or Podman), its state in a volume:</p>
        <pre class="command">
          <code>{commands.container}</code>
        </pre>
      </details>
      <ScoreScale allKinds />
    </section>
  );
}
