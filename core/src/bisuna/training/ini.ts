import { TrainingConfigError } from './errors.js';

/** An ini file as section -> key -> raw value (section and key names as written). */
export type IniSections = Map<string, Map<string, string>>;

/**
 * Parses ini text the way the reference's inih reader does: `[Section]` headers, `key = value`
 * (or `key: value`) lines, `;` and `#` comment lines and inline ` ;` comments.
 *
 * @example
 * parseIni('[General]\nGenerations = 10\n').get('General')?.get('Generations'); // '10'
 */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current = '';
  sections.set(current, new Map());
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      const end = line.indexOf(']');
      if (end < 0) throw new TrainingConfigError(`ini line ${i + 1}: section header without ']'`);
      current = line.slice(1, end).trim();
      if (!sections.has(current)) sections.set(current, new Map());
      continue;
    }
    const eq = line.search(/[=:]/);
    if (eq <= 0)
      throw new TrainingConfigError(`ini line ${i + 1}: expected 'key = value', got '${line}'`);
    const key = line.slice(0, eq).trim();
    const value = line
      .slice(eq + 1)
      .replace(/\s[;#].*$/, '')
      .trim();
    sections.get(current)!.set(key, value);
  }
  return sections;
}

/** Typed reads of one ini, naming section, key and value in every error. */
export class IniReader {
  constructor(readonly sections: IniSections) {}

  raw(section: string, key: string): string | undefined {
    return this.sections.get(section)?.get(key);
  }

  int(section: string, key: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(section, key);
    if (raw === undefined || raw === '') return fallback;
    const v = /^[+-]?0x[0-9a-f]+$/i.test(raw) ? Number.parseInt(raw, 16) : Number(raw);
    if (!Number.isInteger(v)) throw this.error(section, key, raw, 'an integer');
    if (v < min || v > max) throw this.error(section, key, raw, `an integer in [${min}, ${max}]`);
    return v;
  }

  real(section: string, key: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(section, key);
    if (raw === undefined || raw === '') return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v)) throw this.error(section, key, raw, 'a number');
    if (v < min || v > max) throw this.error(section, key, raw, `a number in [${min}, ${max}]`);
    return v;
  }

  bool(section: string, key: string, fallback: boolean): boolean {
    const raw = this.raw(section, key);
    if (raw === undefined || raw === '') return fallback;
    const v = raw.toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(v)) return true;
    if (['false', 'no', 'off', '0'].includes(v)) return false;
    throw this.error(section, key, raw, 'true or false');
  }

  string(section: string, key: string, fallback: string): string {
    return this.raw(section, key) ?? fallback;
  }

  private error(section: string, key: string, raw: string, expected: string): TrainingConfigError {
    return new TrainingConfigError(`[${section}] ${key} = '${raw}': expected ${expected}`);
  }
}
