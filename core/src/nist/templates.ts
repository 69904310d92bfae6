/** Number of aperiodic templates per length, as sts-2.1.2's `numOfTemplates` (index = m). */
// prettier-ignore
const TEMPLATE_COUNTS = [0, 0, 2, 4, 6, 12, 20, 40, 74, 148, 284, 568, 1116, 2232, 4424, 8848, 17622,
  35244, 70340, 140680, 281076, 562152];

/** The suite's MAXNUMOFTEMPLATES: at most this many templates are tested. */
export const MAX_TEMPLATES = 148;

/** True when no proper shift of the m-bit pattern v overlaps itself (v is "aperiodic"). */
export function isAperiodic(v: number, m: number): boolean {
  for (let len = 1; len < m; len++) {
    if (v >>> (m - len) === (v & ((1 << len) - 1))) return false;
  }
  return true;
}

/**
 * Every aperiodic m-bit template in ascending order: the content and order of the suite's
 * `templates/template<m>` files.
 */
export function aperiodicTemplates(m: number): number[] {
  const out: number[] = [];
  for (let v = 0; v < 2 ** m; v++) if (isAperiodic(v, m)) out.push(v);
  return out;
}

/**
 * The templates the suite actually tests for length m (2..21): all of them when there are at
 * most 148, else every SKIP-th one (SKIP = floor(count / 148)), the first 148 of those.
 */
export function testedTemplates(m: number): number[] {
  const all = aperiodicTemplates(m);
  const count = TEMPLATE_COUNTS[m] ?? all.length;
  const skip = count < MAX_TEMPLATES ? 1 : Math.floor(count / MAX_TEMPLATES);
  const selected = Math.min(MAX_TEMPLATES, Math.floor(count / skip));
  const out: number[] = [];
  for (let j = 0; j < selected; j++) out.push(all[j * skip]!);
  return out;
}

/** A template as the m-character bit string the suite prints. */
export function templateLabel(v: number, m: number): string {
  return v.toString(2).padStart(m, '0');
}
