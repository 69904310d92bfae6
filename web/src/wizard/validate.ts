import { MAX_SCORED_STREAM_WORDS } from './scoring-budget.js';
import { parseTfuel } from '../format/index.js';
import { FIELD_INFO } from './fields.js';
import type { Form, FormField } from './form.js';

/** Field errors keyed by form field, as sentences a visitor can act on. */
export type Errors = Partial<Record<FormField, string>>;

const grouped = (n: number) => n.toLocaleString('en');
/** Digits as typed, grouped exactly (no rounding of long numbers). */
const groupDigits = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A typed whole number (digits only), or null when the text is not one. */
export function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d{1,30}$/.test(t) ? Number(t) : null;
}

/** Why `text` is not a whole number within the field's range, or null when it is. */
export function integerError(field: FormField, text: string): string | null {
  const range = FIELD_INFO[field].integer;
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

/**
 * Checks every field as a person would read the rules: whole numbers in range, the parents fewer
 * than the population, the key as long as the payload under the one-time pad, the verifier's
 * scoring budget, a bounty in TFuel, windows in whole minutes, a reachable minimum score. The
 * core schema checks the built spec again (`buildSpec`); these messages come first.
 */
export function formErrors(form: Form): Errors {
  const errors: Errors = {};
  for (const field of Object.keys(FIELD_INFO) as FormField[]) {
    const error = integerError(field, form[field]);
    if (error) errors[field] = error;
  }
  if (!form.title.trim()) errors.title = 'Give the task a title (1 to 120 characters).';
  else if (form.title.trim().length > 120) errors.title = 'Keep the title to 120 characters.';
  if (form.description.length > 10_000)
    errors.description = 'Keep the description to 10,000 characters.';

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

  if (!/^https?:\/\/[^\s]+$/i.test(form.verifierUrl.trim()) || !isUrl(form.verifierUrl.trim()))
    errors.verifierUrl =
      'Enter the verifier’s http(s) address, such as https://example.org/api/verify.';
  if (!/^0x[0-9a-fA-F]{40}$/.test(form.verifierAddress.trim()))
    errors.verifierAddress = 'Enter the verifier’s address: 0x followed by 40 hexadecimal digits.';

  const bounty = parseTfuel(form.bounty);
  if (!bounty.ok) errors.bounty = `${bounty.message[0]!.toUpperCase()}${bounty.message.slice(1)}.`;
  return errors;
}

function isUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
