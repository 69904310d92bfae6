import type { Command } from '../command.js';
import { bench } from './bench.js';
import { cid } from './cid.js';
import { encrypt } from './encrypt.js';
import { keys } from './keys.js';
import { nist } from './nist.js';
import { score } from './score.js';
import { status } from './status.js';
import { submit } from './submit.js';
import { train } from './train.js';
import { watch } from './watch.js';

/** Every `tem` command, in the order `tem --help` lists them. Add new commands here. */
export const commands: Command[] = [
  watch,
  submit,
  keys,
  status,
  cid,
  bench,
  nist,
  score,
  train,
  encrypt,
];
