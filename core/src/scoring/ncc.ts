/** The reference's NCC (spec §12), from the engine: scoring reports it beside Pearson. */
export { ncc } from '../bisuna/encryption/ncc.js';
