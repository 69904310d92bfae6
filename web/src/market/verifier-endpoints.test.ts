import { describe, expect, it } from 'vitest';
import { taskVerifierEndpoints } from './verifier-endpoints.js';

const A = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const B = '0x976EA74026E726554dB657fA54763abd0C3a0aa9';
const C = '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955';

describe('taskVerifierEndpoints', () => {
  it('asks the deployment’s verifiers, and a spec’s only on an origin the site may reach', () => {
    const endpoints = taskVerifierEndpoints(
      [A, B, C],
      [{ url: 'https://tem.example/api/verify', address: A.toLowerCase() }],
      [
        { url: 'https://tem.example/b/api/verify', address: B },
        { url: 'https://elsewhere.example/api/verify', address: C },
      ],
      ['https://tem.example'],
    );
    expect(endpoints).toEqual([
      { index: 0, address: A, url: 'https://tem.example/api/verify' },
      { index: 1, address: B, url: 'https://tem.example/b/api/verify' },
      { index: 2, address: C, url: null },
    ]);
  });
});
