/**
 * The first key that appears twice in one object of `text` (already valid JSON), with where: e.g.
 * `{ key: 'taskId', at: '$' }`. JSON.parse keeps the last of repeated keys silently, so a body with
 * two meanings would be read with one of them; callers refuse such bodies instead. Keys compare as
 * decoded strings (`"a"` and `"\u0061"` are the same key).
 */
export function findDuplicateKey(text: string): { key: string; at: string } | undefined {
  type Frame =
    | { kind: 'object'; keys: Set<string>; expectKey: boolean; path: string; key?: string }
    | { kind: 'array'; path: string; index: number };
  const stack: Frame[] = [];
  const pathOfChild = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '$';
    return top.kind === 'array' ? `${top.path}[${top.index}]` : `${top.path}.${top.key ?? ''}`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return { key, at: top.path };
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      stack.push({ kind: 'object', keys: new Set(), expectKey: true, path: pathOfChild() });
    } else if (c === '[') {
      stack.push({ kind: 'array', path: pathOfChild(), index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectKey = true;
      else if (top?.kind === 'array') top.index++;
    }
  }
  return undefined;
}
