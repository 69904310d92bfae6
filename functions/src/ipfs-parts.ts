import { createVerifiedFetch } from '@tem/core/ipfs';
import { SpecReader } from './chain/spec-reader.js';
import type { IpfsParts } from './services.js';

/** The IPFS client and spec reader, for the handler modules that read IPFS (task, verify). */
export const ipfsParts: IpfsParts = { createVerifiedFetch, SpecReader };
