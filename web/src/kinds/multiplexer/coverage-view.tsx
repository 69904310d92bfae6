import { useEffect, useRef } from 'preact/hooks';
import type { MultiplexerReplay } from '@tem/core/kinds';
import { ReplayHeader } from '../replay-header.js';
import { useReplay } from '../use-replay.js';
import type { SubmissionViewProps } from '../views.js';
import { caseAt, coverageLayout, rightPerAddress, type CoverageLayout } from './coverage-layout.js';

const RIGHT = '#2e7d32';
const WRONG = '#c62828';

function paint(canvas: HTMLCanvasElement, layout: CoverageLayout, right: Uint8Array): void {
  canvas.width = layout.width;
  canvas.height = layout.height;
  const g = canvas.getContext('2d');
  if (!g) return;
  const { cellWidth: w, cellHeight: h, columns, rowsPerAddress, gap } = layout;
  for (let a = 0; a < layout.addresses; a++) {
    const top = a * (rowsPerAddress * h + gap);
    for (let d = 0; d < layout.patterns; d++) {
      g.fillStyle = right[caseAt(layout, a, d)] ? RIGHT : WRONG;
      g.fillRect((d % columns) * w, top + Math.floor(d / columns) * h, w, h);
    }
  }
}

const bits = (value: number, width: number) => value.toString(2).padStart(width, '0');

/**
 * A multiplexer submission's truth table coverage: every case run in the browser on the
 * submission's network, right ones green, wrong ones red, one band per address.
 */
export function CoverageView(props: SubmissionViewProps) {
  const state = useReplay<MultiplexerReplay>(props);
  const canvas = useRef<HTMLCanvasElement>(null);
  const data = state.status === 'done' ? state.data : null;
  const layout = data ? coverageLayout(data.addressBits) : null;
  useEffect(() => {
    if (data && layout && canvas.current) paint(canvas.current, layout, data.right);
  }, [data]);
  const k = props.spec.kind === 'bisuna-multiplexer' ? props.spec.environment.addressBits : 0;
  const inputs = k + 2 ** k;
  return (
    <section aria-labelledby="preview-heading">
      <ReplayHeader {...props} heading="Truth table" state={state}>
        The {inputs}-multiplexer has {(2 ** inputs).toLocaleString('en')} cases: {k} address bits
        pick one of {2 ** k} data bits, and the network must output that bit. Every case runs in
        your browser on the submission’s network, each from a reset network, exactly as the
        verifiers score it.
      </ReplayHeader>
      {data && layout ? (
        <>
          <p role="status" data-testid="coverage-count">
            {data.correct.toLocaleString('en')} of {data.cases.toLocaleString('en')} cases right
            {data.correct === data.cases ? ': a perfect multiplexer.' : '.'}
          </p>
          <p class="legend">
            <span class="swatch" style={{ background: RIGHT }} /> right{' '}
            <span class="swatch" style={{ background: WRONG }} /> wrong · one band per address, its
            data patterns in order ({layout.columns} per row)
          </p>
          <div class="coverage">
            <canvas
              ref={canvas}
              role="img"
              data-testid="coverage-grid"
              aria-label={`Truth table coverage: ${data.correct} of ${data.cases} cases right`}
            />
          </div>
          <table class="coverage-table" data-testid="coverage-table">
            <caption>Cases right per address</caption>
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Selects</th>
                <th scope="col">Right</th>
              </tr>
            </thead>
            <tbody>
              {rightPerAddress(layout, data.right).map((count, a) => (
                <tr key={a}>
                  <td>
                    <code>{bits(a, data.addressBits)}</code>
                  </td>
                  <td>data bit {a}</td>
                  <td data-testid="address-right">
                    {count.toLocaleString('en')} of {layout.patterns.toLocaleString('en')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
