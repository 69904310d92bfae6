import type { Command } from '../command.js';
import { bench } from './bench.js';
import { cid } from './cid.js';
import { encrypt } from './encrypt.js';
import { keys } from './keys.js';
import { nist } from './nist.js';
import { score } from './score.js';
import { status } from './status.js';
import { train } from './train.js';

/** Every `tem` command, in the order `tem --help` lists them. Add new commands here. */
export const commands: Command[] = [keys, status, cid, bench, nist, score, train, encrypt];
