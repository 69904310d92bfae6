import type { AnyTaskSpec } from '@tem/core/kinds';
import type { TaskSpec } from '@tem/core/task';
import type { SpecKind } from '../kinds/spec-kind.js';
import { SafeLink } from './safe-link.js';
import { Address } from './address.js';

const percent = (p: number) => `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The spec's verifiers with their endpoints. */
function Verifiers({ spec }: { spec: AnyTaskSpec }) {
  return (
    <Row label={spec.verifiers ? 'Verifiers' : 'Verifier'}>
      {(spec.verifiers ?? [spec.verifier]).map((v, i) => (
        <span key={v.address}>
          {i > 0 ? <br /> : null}
          <SafeLink href={v.url}>{v.url}</SafeLink> (<Address value={v.address} />)
        </span>
      ))}
    </Row>
  );
}

/**
 * A task spec in readable form, as its kind describes it; every string is rendered as text. The
 * cipher keeps its own two-column view.
 */
export function SpecView({ spec, kind }: { spec: AnyTaskSpec; kind: SpecKind }) {
  if (spec.kind === 'bisuna-cipher') return <CipherSpecView spec={spec} kind={kind} />;
  return (
    <div class="spec" data-kind={kind.id}>
      <p class="description">{spec.description}</p>
      <p data-testid="spec-kind">
        <strong>{kind.title}</strong> <span class="muted">({kind.id})</span>: {kind.summary}
      </p>
      <dl class="spec-rows">
        {kind.rows.map((row) => (
          <Row key={row.label} label={row.label}>
            {row.value}
            {row.help ? <span class="help">{row.help}</span> : null}
          </Row>
        ))}
        <Verifiers spec={spec} />
      </dl>
    </div>
  );
}

function CipherSpecView({ spec, kind }: { spec: TaskSpec; kind: SpecKind }) {
  const t = spec.training;
  const s = spec.scoring;
  return (
    <div class="spec">
      <p class="description">{spec.description}</p>
      <p data-testid="spec-kind">
        <strong>{kind.title}</strong> <span class="muted">({kind.id})</span>: {kind.summary}
      </p>
      <div class="spec-grid">
        <section aria-labelledby="spec-training">
          <h3 id="spec-training">Training</h3>
          <dl>
            <Row label="Payload / key words">
              {t.payloadWords} / {t.keyWords} (
              {t.keyRegime === 'short-key' ? 'one short key per stream' : 'one-time pad'})
            </Row>
            <Row label="Population">
              {t.population.toLocaleString('en')} agents, novelty map {t.noveltyMapSize}
            </Row>
            <Row label="Steps per episode">{t.steps.toLocaleString('en')}</Row>
            <Row label="Generations">{t.generations.toLocaleString('en')}</Row>
            <Row label="Mutations">
              {t.initialMutations} initial, {t.stepMutations} per step; add/delete neuron{' '}
              {percent(t.mutation.addNeuron)}/{percent(t.mutation.delNeuron)}, connection{' '}
              {percent(t.mutation.addConnection)}/{percent(t.mutation.delConnection)}
            </Row>
            <Row label="Eve advantage">{t.eveAdvantage}</Row>
          </dl>
        </section>
        <section aria-labelledby="spec-scoring">
          <h3 id="spec-scoring">Scoring</h3>
          <dl>
            <Row label="Random streams">
              {s.streams.count} × {s.streams.words.toLocaleString('en')} words
            </Row>
            <Row label="Test files">
              {s.testFiles.length === 0
                ? 'none'
                : s.testFiles.map((f) => `${f.name} (${f.format})`).join(', ')}
            </Row>
            <Row label="Fresh Eve">
              {s.eve.generations} generations, population {s.eve.population}, {s.eve.trials} trials
            </Row>
            <Row label="Weights">
              NIST {s.weights.nist}, correlation {s.weights.correlation}, key sensitivity{' '}
              {s.weights.keySensitivity}, Eve {s.weights.eve}
            </Row>
            <Row label="Max bundle">{(s.maxBundleBytes / 1024 / 1024).toFixed(1)} MiB</Row>
            <Verifiers spec={spec} />
          </dl>
        </section>
      </div>
    </div>
  );
}
