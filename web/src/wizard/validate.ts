import { getAddress } from 'ethers';
import { MAX_SCORED_STREAM_WORDS } from './scoring-budget.js';
import { formatSpan, parseTfuel } from '../format/index.js';
import type { MarketLimits } from '../market/market-limits.js';
import { fieldInfo, type FieldInfo, type InfoField } from './fields.js';
import {
  CIPHER_FIELDS as CIPHER_FORM_FIELDS,
  type ErrorKey,
  type Form,
  type FormField,
} from './form.js';
import {
  CIPHER,
  kindDefaults,
  kindFieldInfo,
  paramValue,
  valueAt,
  wizardKind,
} from './kind-params.js';

/** The cipher's own parameters: checked only for a cipher task. */
const CIPHER_FIELDS: ReadonlySet<InfoField> = new Set(CIPHER_FORM_FIELDS);

/** Errors by field or verifier row, as sentences a visitor can act on. */
export type Errors = Partial<Record<ErrorKey, string>>;

/** What the checks depend on besides the form: the contract's bounds and the owner's address. */
export interface FormContext {
  limits: MarketLimits;
  /** The connected wallet, which will own the task (null before one is connected). */
  owner: string | null;
}

const grouped = (n: number) => n.toLocaleString('en');
/** Digits as typed, grouped exactly (no rounding of long numbers). */
const groupDigits = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const UINT96_MAX = (1n << 96n) - 1n;

/** A typed whole number (digits only), or null when the text is not one. */
export function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d{1,30}$/.test(t) ? Number(t) : null;
}

/** Why `text` is not a whole number within `info`'s range, or null when it is. */
export function integerError(info: FieldInfo, text: string): string | null {
  const range = info.integer;
  if (!range) return null;
  const span = `from ${grouped(range.min)} to ${grouped(range.max)}`;
  const t = text.trim();
  const n = wholeNumber(t);
  if (n === null) {
    if (t === '') return `Enter a whole number ${span}.`;
    if (/^-\s*\d/.test(t)) return `Must not be negative: enter a whole number ${span}.`;
    if (/^\d*[.,]\d+$/.test(t)) return `Enter a whole number (no decimals) ${span}.`;
    return `“${t.slice(0, 20)}” is not a number: enter a whole number ${span}.`;
  }
  const shown = t.length > 24 ? 'That' : groupDigits(t.replace(/^0+(?=\d)/, ''));
  if (n < range.min) return `${shown} is too small: the least is ${grouped(range.min)}.`;
  if (n > range.max) return `${shown} is too large: the most is ${grouped(range.max)}.`;
  return null;
}

const capitalised = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

/** The verifier count as typed, within 1 to the contract's maximum, or null. */
export function verifierCountOf(form: Form, limits: MarketLimits): number | null {
  const n = wholeNumber(form.verifierCount);
  return n !== null && n >= 1 && n <= limits.maxVerifiers ? n : null;
}

function isUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/** The rows' errors: a URL and an address each, distinct, never the owner's. */
function verifierErrors(form: Form, n: number, owner: string | null, errors: Errors): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const row = form.verifiers[i] ?? { url: '', address: '' };
    const url = row.url.trim();
    if (!/^https?:\/\/[^\s]+$/i.test(url) || !isUrl(url)) {
      errors[`verifierUrl.${i}`] =
        'Enter the verifier’s http(s) address, such as https://example.org/api/verify.';
    }
    const address = row.address.trim();
    if (!/^0x[0-9a-fA-F]{40}$/.test(address)) {
      errors[`verifierAddress.${i}`] =
        'Enter the verifier’s address: 0x followed by 40 hexadecimal digits.';
      continue;
    }
    try {
      getAddress(address);
    } catch {
      errors[`verifierAddress.${i}`] =
        'This address has a wrong checksum (its mixed case does not match): check it.';
      continue;
    }
    const key = address.toLowerCase();
    if (BigInt(key) === 0n) {
      errors[`verifierAddress.${i}`] = 'The zero address cannot sign: enter the verifier’s.';
    } else if (owner && key === owner.toLowerCase()) {
      errors[`verifierAddress.${i}`] =
        'This is your own address: the owner of a task cannot be one of its verifiers (you would score your own task).';
    } else if (seen.has(key)) {
      errors[`verifierAddress.${i}`] =
        `The same address as verifier ${seen.get(key)! + 1}: each verifier must be a different key.`;
    } else {
      seen.set(key, i);
    }
  }
}

/**
 * Checks every field as a person would read the rules: whole numbers in range, the parents fewer
 * than the population, the key as long as the payload under the one-time pad, the verifier's
 * scoring budget, amounts in TFuel, and the contract's bounds (each window at least its minimum
 * window, the scoring deadline at most its horizon, `minScore` at most `MAX_SCORE`, 1 to 7
 * distinct verifiers that are not the owner, a threshold within them). The core schema checks
 * the built spec again (`buildSpec`); these messages come first.
 */
export function formErrors(form: Form, ctx: FormContext): Errors {
  const info = fieldInfo(ctx.limits);
  const errors: Errors = {};
  const n = verifierCountOf(form, ctx.limits);
  const cipher = form.kind === CIPHER;
  for (const field of Object.keys(info) as InfoField[]) {
    if (field === 'verifierUrl' || field === 'verifierAddress') continue;
    if (!cipher && CIPHER_FIELDS.has(field)) continue;
    if (field === 'seedMinutes' && (n ?? 1) <= 1) continue;
    const error = integerError(info[field], form[field]);
    if (error) errors[field] = error;
  }
  if (!form.title.trim()) errors.title = 'Give the task a title (1 to 120 characters).';
  else if (form.title.trim().length > 120) errors.title = 'Keep the title to 120 characters.';
  if (form.description.length > 10_000)
    errors.description = 'Keep the description to 10,000 characters.';

  if (cipher) cipherErrors(form, errors);
  else kindParamErrors(form, errors);

  if (n !== null) {
    verifierErrors(form, n, ctx.owner, errors);
    const m = wholeNumber(form.threshold);
    if (!errors.threshold && m !== null && m > n) {
      errors.threshold = `${grouped(m)} is more than the ${n} verifier${n === 1 ? '' : 's'} named: at most ${n} can sign.`;
    }
  }

  windowErrors(form, ctx.limits, n ?? 1, errors);

  const bounty = parseTfuel(form.bounty);
  if (!bounty.ok) errors.bounty = `${capitalised(bounty.message)}.`;
  const bond = parseTfuel(form.commitBond, { allowZero: true });
  if (!bond.ok) errors.commitBond = `${capitalised(bond.message)}.`;
  else if (bond.wei > UINT96_MAX)
    errors.commitBond = 'That bond is larger than the contract holds.';
  return errors;
}

/** The cipher's rules between its parameters. */
function cipherErrors(form: Form, errors: Errors): void {
  const population = wholeNumber(form.population);
  const parents = wholeNumber(form.noveltyMapSize);
  if (!errors.noveltyMapSize && population !== null && parents !== null && parents >= population) {
    errors.noveltyMapSize = `Must be smaller than the population (${grouped(population)}): some agents must be replaced each generation.`;
  }
  const payload = wholeNumber(form.payloadWords);
  const key = wholeNumber(form.keyWords);
  if (!errors.keyWords && form.keyRegime === 'otp' && payload !== null && key !== payload) {
    errors.keyWords = `Under the one-time pad the key has one word per payload word: set it to ${payload}.`;
  }
  const count = wholeNumber(form.streamCount);
  const words = wholeNumber(form.streamWords);
  if (
    !errors.streamWords &&
    count !== null &&
    words !== null &&
    count * words > MAX_SCORED_STREAM_WORDS
  ) {
    errors.streamWords = `Streams × words is ${grouped(count * words)}; the verifier scores at most ${grouped(MAX_SCORED_STREAM_WORDS)} words per submission. Use fewer or shorter streams.`;
  }
}

/** The chosen kind's parameters: each in its field's range or among its choices. */
function kindParamErrors(form: Form, errors: Errors): void {
  const kind = wizardKind(form.kind);
  const typed = form.params[kind.id] ?? {};
  for (const field of kind.fields) {
    const text = typed[field.path] ?? '';
    const key: ErrorKey = `param.${field.path}`;
    if (field.type === 'integer') {
      const error = integerError(kindFieldInfo(field), text);
      if (error) errors[key] = error;
      continue;
    }
    const value = paramValue(field, text);
    if (value === undefined) {
      errors[key] =
        field.type === 'number'
          ? `“${text.trim().slice(0, 20)}” is not a number.`
          : `Choose one of: ${(field.choices ?? ['true', 'false']).join(', ')}.`;
    } else if (typeof value === 'number') {
      if (field.min !== undefined && value < field.min)
        errors[key] = `${value} is too small: the least is ${field.min}.`;
      else if (field.max !== undefined && value > field.max)
        errors[key] = `${value} is too large: the most is ${field.max}.`;
    }
  }
  // The parents kept each generation are the kind's default; the population must exceed them.
  const parents = valueAt(kindDefaults(kind), 'training.noveltyMapSize');
  const population = wholeNumber(typed['training.population'] ?? '');
  if (
    !errors['param.training.population'] &&
    typeof parents === 'number' &&
    population !== null &&
    population <= parents
  ) {
    errors['param.training.population'] =
      `Must be more than the ${parents} networks kept as parents each generation.`;
  }
}

/**
 * The bounds that tie the windows together: with several verifiers the scoring window holds the
 * two halves of the seed window plus a minimum window of scoring; the scoring deadline may fall at
 * most the contract's horizon after creation.
 */
function windowErrors(form: Form, limits: MarketLimits, n: number, errors: Errors): void {
  const commit = wholeNumber(form.commitMinutes);
  const reveal = wholeNumber(form.revealMinutes);
  const seed = n > 1 ? wholeNumber(form.seedMinutes) : 0;
  const scoring = wholeNumber(form.scoringMinutes);
  if (errors.scoringMinutes || scoring === null) return;
  if (n > 1 && seed !== null && !errors.seedMinutes) {
    const least = Math.ceil((2 * seed * 60 + limits.minWindow) / 60);
    if (scoring < least) {
      errors.scoringMinutes = `${groupDigits(String(scoring))} is too short: it must hold both halves of the seed window (2 × ${seed} minutes) and at least ${formatSpan(limits.minWindow)} of scoring, ${grouped(least)} minutes in all.`;
      return;
    }
  }
  if (commit !== null && reveal !== null && !errors.commitMinutes && !errors.revealMinutes) {
    const total = (commit + reveal + scoring) * 60;
    if (total > limits.maxHorizon) {
      errors.scoringMinutes = `The scoring deadline would fall ${formatSpan(total)} after creation; the contract allows at most ${Math.round(limits.maxHorizon / 86_400)} days. Shorten the windows.`;
    }
  }
}

/** The label of an error key, for the review's list of what to change. */
export function errorLabel(
  key: ErrorKey,
  info: Record<InfoField, FieldInfo>,
  kind?: string,
): string {
  if (key.startsWith('param.')) {
    const path = key.slice('param.'.length);
    const field = kind ? wizardKind(kind).fields.find((f) => f.path === path) : undefined;
    return field?.label ?? path;
  }
  const row = /^(verifierUrl|verifierAddress)\.(\d+)$/.exec(key);
  if (row) return `Verifier ${Number(row[2]) + 1} ${info[row[1] as InfoField].label}`;
  return info[key as FormField].label;
}
