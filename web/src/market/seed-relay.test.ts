import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import {
  deriveSeedContribution,
  seedContributionCommitment,
  signSeedCommitment,
  signTestSeed,
} from '@tem/core/market';
import { boardOf, taskOf } from '../../test/test-support/board.js';
import {
  SeedMaterialError,
  checkSeedCommitment,
  checkSeedContribution,
  checkTestSeedSignature,
} from './seed-relay.js';

const domain = { chainId: 366, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' };
const verifier = new Wallet(`0x${'07'.repeat(32)}`);
const stranger = new Wallet(`0x${'08'.repeat(32)}`);
const task = taskOf({ verifiers: [verifier.address] });
const board = boardOf(task);
const endpoint = { index: 0, address: verifier.address, url: 'http://127.0.0.1:1/api/verify' };
const params = { ...domain, taskId: task.id, revealsDigest: task.revealsDigest };

describe('seed material from a verifier, checked before anyone relays it', () => {
  it('takes the verifier’s TestSeed signature over the final digest, nobody else’s, no other digest', async () => {
    const signature = await signTestSeed(verifier, params);
    expect(checkTestSeedSignature(domain, board, endpoint, signature)).toBe(signature);
    for (const bad of [
      await signTestSeed(stranger, params),
      await signTestSeed(verifier, { ...params, revealsDigest: `0x${'cd'.repeat(32)}` }),
    ]) {
      expect(() => checkTestSeedSignature(domain, board, endpoint, bad)).toThrow(
        'its seed signature is not its own over this task’s final reveals digest',
      );
    }
    expect(() => checkTestSeedSignature(domain, board, endpoint, null)).toThrow(SeedMaterialError);
  });

  it('takes a signed commitment, then only the contribution that opens it', async () => {
    const contribution = await deriveSeedContribution(verifier, params);
    const commitment = seedContributionCommitment(contribution);
    const commitmentSignature = await signSeedCommitment(verifier, { ...params, commitment });
    expect(
      checkSeedCommitment(domain, board, endpoint, { commitment, commitmentSignature }),
    ).toEqual({ commitment, signature: commitmentSignature });
    expect(() =>
      checkSeedCommitment(domain, board, endpoint, {
        commitment: `0x${'00'.repeat(32)}`,
        commitmentSignature,
      }),
    ).toThrow('its commitment is not signed by it');
    const committed = { ...board, seedCommitments: new Map([[0, commitment]]) };
    expect(checkSeedContribution(committed, endpoint, contribution)).toBe(contribution);
    expect(() => checkSeedContribution(committed, endpoint, `0x${'11'.repeat(32)}`)).toThrow(
      'its contribution does not match its commitment',
    );
    expect(() => checkSeedContribution(board, endpoint, contribution)).toThrow(
      'it committed no contribution',
    );
  });
});
