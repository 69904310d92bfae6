import type { CommandEntry } from '../command.js';

/**
 * Every `tem` command, in the order `tem --help` lists them. Add new commands here. Each module is
 * loaded only when its command runs, so `tem --help` and a light command never load the heavy
 * dependencies of another (ethers, the BiSUNA engine, IPFS).
 */
export const commands: CommandEntry[] = [
  {
    name: 'watch',
    summary: 'the daemon: find tasks, train, commit, reveal, get scored, finalize, withdraw',
    load: async () => (await import('./watch.js')).watch,
  },
  {
    name: 'submit',
    summary: 'commit a result folder to a task (then watch uploads and reveals it)',
    load: async () => (await import('./submit.js')).submit,
  },
  {
    name: 'keys',
    summary: 'create or import an encrypted keystore, or show the runner address',
    load: async () => (await import('./keys.js')).keys,
  },
  {
    name: 'status',
    summary: 'show every task the runner holds and its phase',
    load: async () => (await import('./status.js')).status,
  },
  {
    name: 'cid',
    summary: 'print the IPFS CID of a file or directory (as ipfs add computes it)',
    load: async () => (await import('./cid.js')).cid,
  },
  {
    name: 'bench',
    summary: 'measure performance and print the figures',
    load: async () => (await import('./bench.js')).bench,
  },
  {
    name: 'nist',
    summary: 'run the 15 NIST SP 800-22 randomness tests on a file (p-values as NIST sts-2.1.2)',
    load: async () => (await import('./nist.js')).nist,
  },
  {
    name: 'score',
    summary:
      'score a result bundle against a task spec (of any kind) and test seed, as the verifier does',
    load: async () => (await import('./score.js')).score,
  },
  {
    name: 'train',
    summary:
      "train BiSUNA networks for a task of any kind (the cipher's Alice/Bob/Eve, a multiplexer, double pole balancing), with checkpoints and resume",
    load: async () => (await import('./train.js')).train,
  },
  {
    name: 'encrypt',
    summary:
      'encrypt and decrypt a file with trained BiSUNA Alice/Bob pairs (reference ExtraEncDec)',
    load: async () => (await import('./encrypt.js')).encrypt,
  },
];
