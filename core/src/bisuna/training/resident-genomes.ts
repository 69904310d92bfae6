import { compileGenome } from '../kernels/compiled-genome.js';
import type { Module } from '../format/genome.js';
import { NetworkKernel } from '../kernels/network-kernel.js';
import { TrainingStateError } from './errors.js';
import {
  decodeModuleAt,
  encodedModuleSize,
  encodedModuleWords,
  encodesModule,
  writeModule,
} from './genome-codec.js';

/** The populations an evaluator keeps genomes of. */
export type GenomeRole = 'alice' | 'bob' | 'eve' | 'agent';

/**
 * The changes to one population since the previous update (plain data, to post to a worker): cell
 * `cells[k]` takes the genome cell `sources[k]` held before this update (a parent moved or copied
 * by evolution), or, where `sources[k]` is -1, the next genome of `words` ({@link encodeModule}
 * forms, back to back). Cells not listed keep their genome; the population has `size` cells.
 */
export interface GenomeUpdate {
  role: GenomeRole;
  size: number;
  cells: Int32Array;
  sources: Int32Array;
  words: Uint16Array;
}

/**
 * The coordinator's copy of what its evaluators hold of one population: turns the population's
 * current genomes into the {@link GenomeUpdate} that brings them up to date. Genomes are compared
 * by content (evolution edits some in place), so an update is exact whatever changed; a module
 * that only moved to another cell travels as a move.
 */
export class GenomeMirror {
  private words: Uint16Array[] = [];
  /** The module object each cell had, to recognise cells that evolution only moved. */
  private modules: Module[] = [];
  /** Cell of each module object last sent, built when first asked for. */
  private sentAt: Map<Module, number> | null = null;

  constructor(readonly role: GenomeRole) {}

  /**
   * The cell whose genome was last sent as this very module object, or -1. (Its content may have
   * changed since: only {@link update} compares.)
   */
  sentIndexOf(m: Module): number {
    this.sentAt ??= new Map(this.modules.map((o, j) => [o, j]));
    return this.sentAt.get(m) ?? -1;
  }

  /** The update from the last genomes sent to `modules`, or null when nothing changed. */
  update(modules: readonly Module[]): GenomeUpdate | null {
    const words = this.words.slice(0, modules.length);
    const cells: number[] = [];
    const sources: number[] = [];
    const fresh: Module[] = [];
    let freshWords = 0;
    for (let i = 0; i < modules.length; i++) {
      const m = modules[i]!;
      const old = this.words[i];
      if (old && encodesModule(old, m)) continue;
      cells.push(i);
      const j = this.sentIndexOf(m);
      if (j >= 0 && encodesModule(this.words[j]!, m)) {
        sources.push(j);
        words[i] = this.words[j]!;
      } else {
        sources.push(-1);
        fresh.push(m);
        freshWords += encodedModuleWords(m);
      }
    }
    const sizeChanged = modules.length !== this.words.length;
    const packed = new Uint16Array(freshWords);
    let k = 0;
    let f = 0;
    for (let u = 0; u < cells.length; u++) {
      if (sources[u]! >= 0) continue;
      const end = writeModule(fresh[f++]!, packed, k);
      words[cells[u]!] = packed.subarray(k, end);
      k = end;
    }
    this.words = words;
    this.modules = modules.slice();
    this.sentAt = null;
    if (cells.length === 0 && !sizeChanged) return null;
    return {
      role: this.role,
      size: modules.length,
      cells: Int32Array.from(cells),
      sources: Int32Array.from(sources),
      words: packed,
    };
  }

  /** Forgets what was sent: the next update carries every genome (after a failed evaluation). */
  reset(): void {
    this.words = [];
    this.modules = [];
    this.sentAt = null;
  }
}

interface ResidentCell {
  words: Uint16Array;
  kernel: NetworkKernel | null;
}

/**
 * The genomes of every population as an evaluator (worker) holds them, kept current by
 * {@link GenomeUpdate}s. A cell's kernel is compiled on first use and kept until its genome
 * changes, so each evaluator compiles only the genomes it evaluates. Cells with the same genome
 * may share a kernel: every episode starts by resetting its networks.
 */
export class ResidentGenomes {
  private readonly cells: Record<GenomeRole, ResidentCell[]> = {
    alice: [],
    bob: [],
    eve: [],
    agent: [],
  };
  private readonly scratch: Module = {
    params: { networkID: 0, nInputs: 0, nOutputs: 0 },
    neurons: [],
    conns: [],
  };

  apply(update: GenomeUpdate): void {
    const before = this.cells[update.role];
    const after = before.slice(0, update.size);
    let k = 0;
    for (let u = 0; u < update.cells.length; u++) {
      const cell = update.cells[u]!;
      const source = update.sources[u]!;
      if (cell < 0 || cell >= update.size) {
        throw new TrainingStateError(`genome update: cell ${cell} outside 0..${update.size - 1}`);
      }
      if (source >= 0) {
        const from = before[source];
        if (!from) throw new TrainingStateError(`genome update: no genome at cell ${source}`);
        after[cell] = from;
      } else {
        const size = encodedModuleSize(update.words, k);
        after[cell] = { words: update.words.subarray(k, k + size), kernel: null };
        k += size;
      }
    }
    if (after.length !== update.size || after.includes(undefined as never)) {
      throw new TrainingStateError(`genome update: ${update.role} cells missing`);
    }
    this.cells[update.role] = after;
  }

  /** Cells held for `role`. */
  size(role: GenomeRole): number {
    return this.cells[role].length;
  }

  /** The genome of `role`'s cell `index` (networkID as last sent: it does not affect stepping). */
  genome(role: GenomeRole, index: number): Module {
    return decodeModuleAt(this.cell(role, index).words, 0);
  }

  /** The kernel of `role`'s cell `index`, compiled on first use. */
  kernel(role: GenomeRole, index: number): NetworkKernel {
    const cell = this.cell(role, index);
    // compileGenome keeps nothing of the module: decode into one scratch module.
    cell.kernel ??= new NetworkKernel(compileGenome(decodeModuleAt(cell.words, 0, this.scratch)));
    return cell.kernel;
  }

  private cell(role: GenomeRole, index: number): ResidentCell {
    const cell = this.cells[role][index];
    if (!cell) throw new TrainingStateError(`no ${role} genome at cell ${index}`);
    return cell;
  }
}
