import { describe, expect, it } from 'vitest';
import { HmacDrbg, MAX_BYTES_PER_REQUEST } from './hmac-drbg.js';

const fromHex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// NIST CAVP HMAC_DRBG.rsp (drbgvectors_no_reseed), [SHA-256], PredictionResistance = False,
// EntropyInputLen 256, NonceLen 128, AdditionalInputLen 0, ReturnedBitsLen 1024: instantiate,
// generate 1024 bits, generate 1024 bits; the second output is ReturnedBits.
const VECTORS = [
  {
    name: 'COUNT 0, no personalization',
    entropy: 'ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488',
    nonce: '659ba96c601dc69fc902940805ec0ca8',
    personalization: '',
    returned:
      'e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8',
  },
  {
    name: 'COUNT 1, no personalization',
    entropy: '79737479ba4e7642a221fcfd1b820b134e9e3540a35bb48ffae29c20f5418ea3',
    nonce: '3593259c092bef4129bc2c6c9e19f343',
    personalization: '',
    returned:
      'cf5ad5984f9e43917aa9087380dac46e410ddc8a7731859c84e9d0f31bd43655b924159413e2293b17610f211e09f770f172b8fb693a35b85d3b9e5e63b1dc252ac0e115002e9bedfb4b5b6fd43f33b8e0eafb2d072e1a6fee1f159df9b51e6c8da737e60d5032dd30544ec51558c6f080bdbdab1de8a939e961e06b5f1aca37',
  },
  {
    name: 'COUNT 0, PersonalizationStringLen 256',
    entropy: '5cacc68165a2e2ee20812f35ec73a79dbf30fd475476ac0c44fc6174cdac2b55',
    nonce: '6f885496c1e63af620becd9e71ecb824',
    personalization: 'e72dd8590d4ed5295515c35ed6199e9d211b8f069b3058caa6670b96ef1208d0',
    returned:
      'f1012cf543f94533df27fedfbf58e5b79a3dc517a9c402bdbfc9a0c0f721f9d53faf4aafdc4b8f7a1b580fcaa52338d4bd95f58966a243cdcd3f446ed4bc546d9f607b190dd69954450d16cd0e2d6437067d8b44d19a6af7a7cfa8794e5fbd728e8fb2f2e8db5dd4ff1aa275f35886098e80ff844886060da8b1e7137846b23b',
  },
  {
    name: 'COUNT 1, PersonalizationStringLen 256',
    entropy: '8df013b4d103523073917ddf6a869793059e9943fc8654549e7ab22f7c29f122',
    nonce: 'da2625af2ddd4abcce3cf4fa4659d84e',
    personalization: 'b571e66d7c338bc07b76ad3757bb2f9452bf7e07437ae8581ce7bc7c3ac651a9',
    returned:
      'b91cba4cc84fa25df8610b81b641402768a2097234932e37d590b1154cbd23f97452e310e291c45146147f0da2d81761fe90fba64f94419c0f662b28c1ed94da487bb7e73eec798fbcf981b791d1be4f177a8907aa3c401643a5b62b87b89d66b3a60e40d4a8e4e9d82af6d2700e6f535cdb51f75c321729103741030ccc3a56',
  },
];

describe('HmacDrbg (SP 800-90A HMAC_DRBG, SHA-256)', () => {
  for (const v of VECTORS) {
    it(`reproduces the CAVP known answer: ${v.name}`, () => {
      const drbg = new HmacDrbg(fromHex(v.entropy), fromHex(v.nonce), fromHex(v.personalization));
      drbg.generate(128);
      expect(hex(drbg.generate(128))).toBe(v.returned);
    });
  }

  it('gives the same bytes to the same inputs and different bytes to another personalization', () => {
    const e = new Uint8Array(32).fill(7);
    const n = new Uint8Array(16);
    const a = new HmacDrbg(e, n, Uint8Array.of(1)).bytes(100);
    expect(new HmacDrbg(e, n, Uint8Array.of(1)).bytes(100)).toEqual(a);
    expect(new HmacDrbg(e, n, Uint8Array.of(2)).bytes(100)).not.toEqual(a);
  });

  it('splits long outputs into maximal requests and refuses oversized single requests', () => {
    const e = new Uint8Array(32);
    const long = new HmacDrbg(e, e).bytes(MAX_BYTES_PER_REQUEST + 10);
    const d = new HmacDrbg(e, e);
    const first = d.generate(MAX_BYTES_PER_REQUEST);
    const second = d.generate(10);
    expect(long.subarray(0, MAX_BYTES_PER_REQUEST)).toEqual(first);
    expect(long.subarray(MAX_BYTES_PER_REQUEST)).toEqual(second);
    expect(() => d.generate(MAX_BYTES_PER_REQUEST + 1)).toThrow(RangeError);
  });
});
