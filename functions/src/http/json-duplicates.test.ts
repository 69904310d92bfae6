import { describe, expect, it } from 'vitest';
import { findDuplicateKey } from './json-duplicates.js';

describe('findDuplicateKey', () => {
  it('finds a key repeated in one object, wherever the object is', () => {
    expect(findDuplicateKey('{"a":1,"a":2}')).toEqual({ key: 'a', at: '$' });
    expect(findDuplicateKey('{"x":{"b":[1,{"c":1,"c":2}]}}')).toEqual({ key: 'c', at: '$.x.b[1]' });
    expect(findDuplicateKey('[{"k":1},{"k":2,"k":3}]')).toEqual({ key: 'k', at: '$[1]' });
  });

  it('compares decoded keys', () => {
    expect(findDuplicateKey('{"taskId":1,"task\\u0049d":2}')?.key).toBe('taskId');
  });

  it('lets the same key appear in different objects, and strings that look like keys', () => {
    expect(findDuplicateKey('{"a":{"a":1},"b":{"a":2}}')).toBeUndefined();
    expect(findDuplicateKey('{"a":"\\"a\\":","b":["a","a"]}')).toBeUndefined();
    expect(findDuplicateKey('{"":1,"a":{"":2}}')).toBeUndefined();
    expect(findDuplicateKey('[]')).toBeUndefined();
  });
});
