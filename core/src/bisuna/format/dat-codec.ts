import { DatFormatError } from './errors.js';
import {
  OUT_INDEX,
  type Cell,
  type Connection,
  type ConnectionState,
  type Module,
  type Neuron,
  type NeuronState,
  type NoveltyMapData,
  type Population,
  type UnmConfig,
} from './genome.js';

const NEURON_BYTES = 6;
const CONN_BYTES = 8;
const NEURON_STATE_BYTES = 12;
const CONN_STATE_BYTES = 6;
const IO_BYTES = 4;

/** Bounds-checked little-endian reader; every failure names the field and offset. */
class DatReader {
  private readonly view: DataView;
  offset = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }

  need(size: number, field: string): void {
    if (size > this.remaining) {
      throw new DatFormatError(
        `truncated: ${field} needs ${size} bytes, ${this.remaining} left`,
        this.offset,
        field,
      );
    }
  }

  /** Reads a u16 element count and checks that `count * itemBytes` bytes follow. */
  count(field: string, itemBytes: number): number {
    const at = this.offset;
    const n = this.u16(field);
    if (n * itemBytes > this.remaining) {
      throw new DatFormatError(
        `${field} ${n} needs ${n * itemBytes} bytes but only ${this.remaining} remain`,
        at,
        field,
      );
    }
    return n;
  }

  u16(field: string): number {
    this.need(2, field);
    const v = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return v;
  }

  u32(field: string): number {
    this.need(4, field);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  u64(field: string): bigint {
    this.need(8, field);
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }

  f32(field: string): number {
    this.need(4, field);
    const v = this.view.getFloat32(this.offset, true);
    this.offset += 4;
    return v;
  }

  skip(size: number, field: string): void {
    this.need(size, field);
    this.offset += size;
  }
}

/**
 * Parses a population `.dat` file (spec §13). Every count is checked against the bytes left
 * before anything is allocated, every id against the neuron count, and the file must end exactly
 * after the last cell. Throws {@link DatFormatError} naming the byte offset and field.
 *
 * @example
 * const pop = readPopulation(new Uint8Array(await readFile('alicesCPAbisuna.dat')));
 * pop.cells.length; // 100
 */
export function readPopulation(bytes: Uint8Array): Population {
  const r = new DatReader(bytes);
  const config: UnmConfig = {
    obs: r.u16('config.obs'),
    actions: r.u16('config.actions'),
    population: r.u16('config.population'),
    stepMuts: r.u16('config.stepMuts'),
    generation: r.u32('config.generation'),
    steps: r.u32('config.steps'),
    mapSize: r.u32('config.mapSize'),
  };
  const popSize = r.u16('noveltyMap.popSize');
  const ciDist = r.u16('noveltyMap.lastIdx.ciDist');
  const ciIndex = r.u16('noveltyMap.lastIdx.ciIndex');
  const spectrumCount = r.count('noveltyMap.count', 8);
  const spectra: bigint[] = [];
  for (let i = 0; i < spectrumCount; i++) spectra.push(r.u64(`noveltyMap.spectrum[${i}]`));
  const noveltyMap: NoveltyMapData = { popSize, lastIdx: { ciDist, ciIndex }, spectra };

  // The smallest possible cell is 24 bytes (all counts zero).
  const cellCount = r.count('cellCount', 24);
  const cells: Cell[] = [];
  for (let i = 0; i < cellCount; i++) cells.push(readCell(r, `cell[${i}]`));
  if (r.remaining !== 0) {
    throw new DatFormatError(`${r.remaining} trailing bytes after the last cell`, r.offset, 'end');
  }
  return { config, noveltyMap, cells };
}

function readCell(r: DatReader, at: string): Cell {
  const networkID = r.u16(`${at}.networkID`);
  const nInputs = r.u16(`${at}.nInputs`);
  const nOutputs = r.u16(`${at}.nOutputs`);
  const neuronCountAt = r.offset;
  const neuronCount = r.count(`${at}.neuronCount`, NEURON_BYTES);
  if (nInputs + nOutputs > neuronCount) {
    throw new DatFormatError(
      `${nInputs} inputs + ${nOutputs} outputs exceed ${neuronCount} neurons`,
      neuronCountAt,
      `${at}.neuronCount`,
    );
  }
  const neurons: Neuron[] = [];
  for (let i = 0; i < neuronCount; i++) {
    neurons.push({
      nID: r.u16(`${at}.neurons[${i}].nID`),
      firingRate: r.u16(`${at}.neurons[${i}].firingRate`),
      nType: r.u16(`${at}.neurons[${i}].nType`),
    });
  }
  const connCount = r.count(`${at}.connCount`, CONN_BYTES);
  const conns: Connection[] = [];
  const idField = (i: number, name: string, v: number, allowNone: boolean) => {
    if (v < neuronCount || (allowNone && v === OUT_INDEX)) return v;
    throw new DatFormatError(
      `connection ${i} ${name} ${v} names no neuron (count ${neuronCount})`,
      r.offset - 2,
      `${at}.conns[${i}].${name}`,
    );
  };
  for (let i = 0; i < connCount; i++) {
    const fromNID = idField(i, 'fromNID', r.u16(`${at}.conns[${i}].fromNID`), false);
    const toNID = idField(i, 'toNID', r.u16(`${at}.conns[${i}].toNID`), false);
    const neuroMod = idField(i, 'neuroMod', r.u16(`${at}.conns[${i}].neuroMod`), true);
    const weight = r.u16(`${at}.conns[${i}].weight`);
    conns.push({ fromNID, toNID, neuroMod, weight });
  }
  const module: Module = { params: { networkID, nInputs, nOutputs }, neurons, conns };

  const nstAt = r.offset;
  const nstCount = r.count(`${at}.state.neuronCount`, NEURON_STATE_BYTES);
  if (nstCount !== neuronCount) {
    throw new DatFormatError(
      `${nstCount} neuron states for ${neuronCount} neurons`,
      nstAt,
      `${at}.state.neuronCount`,
    );
  }
  const nst: NeuronState[] = [];
  for (let i = 0; i < nstCount; i++) {
    const state = r.u16(`${at}.state.neurons[${i}].state`);
    const prevState = r.u16(`${at}.state.neurons[${i}].prevState`);
    const excitation = r.u16(`${at}.state.neurons[${i}].excitation`);
    r.skip(2, `${at}.state.neurons[${i}].padding`);
    const isFired = r.u32(`${at}.state.neurons[${i}].isFired`) !== 0;
    nst.push({ state, prevState, excitation, isFired });
  }
  const cstAt = r.offset;
  const cstCount = r.count(`${at}.state.connCount`, CONN_STATE_BYTES);
  if (cstCount !== connCount) {
    throw new DatFormatError(
      `${cstCount} connection states for ${connCount} connections`,
      cstAt,
      `${at}.state.connCount`,
    );
  }
  const cst: ConnectionState[] = [];
  for (let i = 0; i < cstCount; i++) {
    cst.push({
      connID: r.u16(`${at}.state.conns[${i}].connID`),
      connType: r.u16(`${at}.state.conns[${i}].connType`),
      prevConnType: r.u16(`${at}.state.conns[${i}].prevConnType`),
    });
  }
  const ioCount = r.count(`${at}.state.ioCount`, IO_BYTES);
  const ioVal = new Map<number, number>();
  for (let i = 0; i < ioCount; i++) {
    const key = r.u16(`${at}.state.ioVal[${i}].key`);
    if (ioVal.has(key)) {
      throw new DatFormatError(
        `duplicate ioVal key ${key}`,
        r.offset - 2,
        `${at}.state.ioVal[${i}].key`,
      );
    }
    ioVal.set(key, r.u16(`${at}.state.ioVal[${i}].value`));
  }
  const fitness = r.f32(`${at}.fitness`);
  const cellStep = r.u32(`${at}.cellStep`);
  return { module, state: { neurons: nst, conns: cst, ioVal }, fitness, cellStep };
}

/** Size in bytes of the `.dat` encoding of `pop`. */
export function populationByteLength(pop: Population): number {
  let size = 20 + 8 + pop.noveltyMap.spectra.length * 8 + 2;
  for (const c of pop.cells) {
    size += 8 + c.module.neurons.length * NEURON_BYTES;
    size += 2 + c.module.conns.length * CONN_BYTES;
    size += 2 + c.state.neurons.length * NEURON_STATE_BYTES;
    size += 2 + c.state.conns.length * CONN_STATE_BYTES;
    size += 2 + c.state.ioVal.size * IO_BYTES;
    size += 8;
  }
  return size;
}

/**
 * Serialises a population in the reference `.dat` layout (spec §13). Re-writing a file read by
 * {@link readPopulation} gives the same bytes, except the neuron-state padding, written as 0.
 */
export function writePopulation(pop: Population): Uint8Array {
  const out = new Uint8Array(populationByteLength(pop));
  const view = new DataView(out.buffer);
  let o = 0;
  const u16 = (v: number) => {
    view.setUint16(o, v, true);
    o += 2;
  };
  const u32 = (v: number) => {
    view.setUint32(o, v, true);
    o += 4;
  };
  const c = pop.config;
  u16(c.obs);
  u16(c.actions);
  u16(c.population);
  u16(c.stepMuts);
  u32(c.generation);
  u32(c.steps);
  u32(c.mapSize);
  const nm = pop.noveltyMap;
  u16(nm.popSize);
  u16(nm.lastIdx.ciDist);
  u16(nm.lastIdx.ciIndex);
  u16(nm.spectra.length);
  for (const s of nm.spectra) {
    view.setBigUint64(o, s, true);
    o += 8;
  }
  u16(pop.cells.length);
  for (const cell of pop.cells) {
    const m = cell.module;
    u16(m.params.networkID);
    u16(m.params.nInputs);
    u16(m.params.nOutputs);
    u16(m.neurons.length);
    for (const n of m.neurons) {
      u16(n.nID);
      u16(n.firingRate);
      u16(n.nType);
    }
    u16(m.conns.length);
    for (const k of m.conns) {
      u16(k.fromNID);
      u16(k.toNID);
      u16(k.neuroMod);
      u16(k.weight);
    }
    const st = cell.state;
    u16(st.neurons.length);
    for (const n of st.neurons) {
      u16(n.state);
      u16(n.prevState);
      u16(n.excitation);
      u16(0); // padding
      u32(n.isFired ? 1 : 0);
    }
    u16(st.conns.length);
    for (const k of st.conns) {
      u16(k.connID);
      u16(k.connType);
      u16(k.prevConnType);
    }
    u16(st.ioVal.size);
    for (const [key, value] of st.ioVal) {
      u16(key);
      u16(value);
    }
    view.setFloat32(o, cell.fitness, true);
    o += 4;
    u32(cell.cellStep);
  }
  return out;
}
