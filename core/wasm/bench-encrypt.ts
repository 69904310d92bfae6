/**
 * CPU time of the U1 `e.bin` run (100 agents, 4.17 M network steps): encryptStream over
 * NetworkKernels vs encryptStreamWasm, interleaved agent by agent, `rounds` rounds.
 * Run with `node --import tsx wasm/bench-encrypt.ts [rounds]` from core/.
 */
import { readFileSync } from 'node:fs';
import { compileGenome } from '../src/bisuna/kernels/compiled-genome.js';
import { readPopulation } from '../src/bisuna/format/dat-codec.js';
import { drawPassword, encryptStream } from '../src/bisuna/encryption/encryption.js';
import { Mt19937Random } from '../src/bisuna/random/mt19937.js';
import { NetworkKernel } from '../src/bisuna/kernels/network-kernel.js';
import { encryptStreamWasm } from '../src/bisuna/wasm/wasm-kernel.js';
import { bytesToWordsLE } from '../src/bisuna/encryption/words.js';

const rounds = Number(process.argv[2] ?? 3);
const data = (f: string) =>
  new Uint8Array(readFileSync(new URL(`../../../shared/data/bisuna/${f}`, import.meta.url)));
const alice = readPopulation(data('U1/alicesCPAbisuna.dat'));
const bob = readPopulation(data('U1/bobsCPAbisuna.dat'));
const plain = bytesToWordsLE(data('inputs/e.bin'));
const rng0 = new Mt19937Random(1605172632, 'libc++');
rng0.discard(719);
const key = drawPassword(rng0, plain.length);
const chunk = alice.config.actions;
const steps = 100 * 2 * Math.ceil(plain.length / chunk);

const cpu = (fn: () => void) => {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
for (let r = 0; r < rounds; r++) {
  const jsRng = rng0.clone();
  const wasmRng = rng0.clone();
  let js = 0;
  let wasm = 0;
  for (let i = 0; i < 100; i++) {
    const a = alice.cells[i]!;
    const b = bob.cells[i]!;
    js += cpu(() =>
      encryptStream(
        new NetworkKernel(compileGenome(a.module), a.state),
        new NetworkKernel(compileGenome(b.module), b.state),
        plain,
        key,
        jsRng,
      ),
    );
    wasm += cpu(() =>
      encryptStreamWasm(compileGenome(a.module), compileGenome(b.module), plain, key, wasmRng, {
        aliceState: a.state,
        bobState: b.state,
      }),
    );
  }
  const rate = (s: number) => `${(steps / s / 1e6).toFixed(2)} M steps/CPU-s (${s.toFixed(2)} s)`;
  console.log(`round ${r}: js ${rate(js)}, wasm ${rate(wasm)}`);
}
