import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRunnerLog, withUrlOriginsOnly } from './log.js';

function capture(json: boolean) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { log: createRunnerLog(stream, json), text: () => text };
}

describe('runner log', () => {
  it('cuts URLs in messages to their origin (keyed RPC URLs quoted by ethers)', () => {
    const message =
      'server response 401 (info={ "requestUrl": "https://rpc.example/v3/SECRET-key?token=SECRET" })';
    for (const json of [true, false]) {
      const out = capture(json);
      out.log.warn({ event: 'step-failed', taskId: '1', message });
      expect(out.text()).toContain('https://rpc.example/…');
      expect(out.text()).not.toContain('SECRET');
    }
  });

  it('leaves messages without URL paths alone', () => {
    expect(withUrlOriginsOnly('cannot reach http://127.0.0.1:8545')).toBe(
      'cannot reach http://127.0.0.1:8545',
    );
    expect(withUrlOriginsOnly('uploaded the result bundle bafy123')).toBe(
      'uploaded the result bundle bafy123',
    );
  });
});
