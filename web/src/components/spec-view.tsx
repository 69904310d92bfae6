import type { TaskSpec } from '@tem/core/task';
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

/** A task spec in readable form; every string is rendered as text. */
export function SpecView({ spec }: { spec: TaskSpec }) {
  const t = spec.training;
  const s = spec.scoring;
  return (
    <div class="spec">
      <p class="description">{spec.description}</p>
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
            <Row label={spec.verifiers ? 'Verifiers' : 'Verifier'}>
              {(spec.verifiers ?? [spec.verifier]).map((v, i) => (
                <span key={v.address}>
                  {i > 0 ? <br /> : null}
                  <SafeLink href={v.url}>{v.url}</SafeLink> (<Address value={v.address} />)
                </span>
              ))}
            </Row>
          </dl>
        </section>
      </div>
    </div>
  );
}
