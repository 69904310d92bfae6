import {
  ConnType,
  NeuronType,
  type Cell,
  type Module,
  type NetworkState,
} from '../format/genome.js';

/**
 * A zeroed network state for `module`, as `resetState` leaves it (spec §2): every neuron state,
 * prevState and excitation 0, nothing fired, every connection (Recurrent, Recurrent).
 */
export function createNetworkState(module: Module): NetworkState {
  const ioVal = new Map<number, number>();
  const io = module.params.nInputs + module.params.nOutputs;
  for (let i = 0; i < io && i < module.neurons.length; i++) ioVal.set(i, 0);
  return {
    neurons: module.neurons.map(() => ({ state: 0, prevState: 0, excitation: 0, isFired: false })),
    conns: module.conns.map((_, i) => ({
      connID: i,
      connType: ConnType.Recurrent,
      prevConnType: ConnType.Recurrent,
    })),
    ioVal,
  };
}

/** `resetState` (spec §2), in place; the ioVal map is left alone (it never affects inference). */
export function resetNetworkState(state: NetworkState): void {
  for (const n of state.neurons) {
    n.state = 0;
    n.prevState = 0;
    n.excitation = 0;
    n.isFired = false;
  }
  for (const c of state.conns) {
    c.connType = ConnType.Recurrent;
    c.prevConnType = ConnType.Recurrent;
  }
}

/** A new cell around `module` with a zero state, fitness 0 and step 0. */
export function createCell(module: Module): Cell {
  return { module, state: createNetworkState(module), fitness: 0, cellStep: 0 };
}

/** True when the neuron type is Control or ControlPrimer (spec §2 "control-like"). */
export function isControlLike(nType: number): boolean {
  return (nType & (NeuronType.Control | NeuronType.ControlPrimer)) !== 0;
}
