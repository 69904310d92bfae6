import { describe, expect, it } from 'vitest';
import { parseSecret } from './salt-store.js';

const secret = {
  chainId: 366,
  market: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  taskId: '1',
  solver: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  resultCid: 'bafybeieu55cemqyrkqnsgrcuvktjj5xqc3izmt5ncvfqo5rzxoz3vzcsrm',
  salt: `0x${'ab'.repeat(32)}`,
  submissionId: '1',
  txHash: `0x${'ef'.repeat(32)}`,
  commitment: `0x${'cd'.repeat(32)}`,
  savedAt: '2026-11-28T08:00:00.000Z',
};

describe('commit secrets', () => {
  it('round-trips through JSON', () => {
    expect(parseSecret(JSON.parse(JSON.stringify(secret)))).toEqual(secret);
    expect(parseSecret({ ...secret, submissionId: null }).submissionId).toBeNull();
    // A secret saved before the wallet sent the commit: no hash, no commitment yet.
    expect(parseSecret({ ...secret, txHash: null, commitment: null })).toMatchObject({
      txHash: null,
      commitment: null,
    });
    // Files saved before the transaction hash was kept still load.
    const { txHash: _omitted, ...older } = secret;
    expect(parseSecret(older).txHash).toBeNull();
  });
  it.each([
    ['salt', { salt: '0x12' }],
    ['market', { market: 'nope' }],
    ['resultCid', { resultCid: '../../x' }],
    ['taskId', { taskId: '-1' }],
    ['commitment', { commitment: 42 }],
    ['txHash', { txHash: '0x1234' }],
  ])('rejects a bad %s from a file', (field, change) => {
    expect(() => parseSecret({ ...secret, ...change })).toThrow(`bad ${field}`);
  });
});
