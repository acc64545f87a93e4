import { visit } from 'jsonc-parser';
import { parseStrictJsonObject, StrictJsonError } from '../../lambda/strict-json';

/** The oracle: a full JSON visitor that records duplicate member names. */
function hasDuplicateByVisitor(text: string): boolean {
  const stack: Set<string>[] = [];
  let duplicate = false;
  visit(text, {
    onObjectBegin: () => void stack.push(new Set()),
    onObjectEnd: () => void stack.pop(),
    onObjectProperty: (name) => {
      const names = stack[stack.length - 1] as Set<string>;
      if (names.has(name)) duplicate = true;
      names.add(name);
    },
  });
  return duplicate;
}

describe('strict JSON objects', () => {
  it('parses ordinary claims', () => {
    expect(parseStrictJsonObject('{"sub":"a","aud":["x","y"],"cnf":{"x5t#S256":"t"},"n":1}')).toEqual({
      sub: 'a',
      aud: ['x', 'y'],
      cnf: { 'x5t#S256': 't' },
      n: 1,
    });
  });

  it.each([
    ['top-level duplicate', '{"exp":1,"exp":99999999999}'],
    ['nested duplicate', '{"cnf":{"x5t#S256":"a","x5t#S256":"b"}}'],
    ['escaped duplicate', '{"sub":"a","\\u0073ub":"b"}'],
    ['duplicate in array element', '{"list":[{"a":1,"a":2}]}'],
  ])('refuses a %s', (_, text) => {
    expect(() => parseStrictJsonObject(text)).toThrow(/duplicate/);
  });

  it('refuses __proto__ members, escaped or not', () => {
    expect(() => parseStrictJsonObject('{"__proto__":{"admin":true}}')).toThrow(/__proto__/);
    expect(() => parseStrictJsonObject('{"a":{"\\u005f_proto__":1}}')).toThrow(/__proto__/);
  });

  it('refuses non-objects and invalid JSON', () => {
    for (const text of ['[]', '"x"', '1', 'null', '{', '{"a":1,}', "{'a':1}"]) {
      expect(() => parseStrictJsonObject(text)).toThrow(StrictJsonError);
    }
  });

  it('refuses excessive nesting', () => {
    expect(() => parseStrictJsonObject(`{"a":${'['.repeat(40)}${']'.repeat(40)}}`)).toThrow(/nested/);
  });

  it('does not mistake string contents for member names', () => {
    const tricky = ['{"a":":b","c":"\\":","d":"x\\\\"}', '{"k":"\\"k\\":1","k2":"\\\\\\":"}', '{"u":"\\u0022:","v" : 1 }'];
    for (const text of tricky) expect(() => parseStrictJsonObject(text)).not.toThrow();
  });

  it('agrees with a full JSON visitor on random objects', () => {
    const names = ['a', 'b', 'sub', 'exp', 'x"y', 'q\\', ':', 'é', ' '];
    const random = (n: number) => Math.floor(Math.random() * n);
    const value = (depth: number): string => {
      const kind = random(depth > 2 ? 3 : 5);
      if (kind === 0) return JSON.stringify(names[random(names.length)]);
      if (kind === 1) return String(random(1000));
      if (kind === 2) return ['true', 'null', '"a:b"', '"\\":"'][random(4)] as string;
      if (kind === 3) return `[${Array.from({ length: random(3) }, () => value(depth + 1)).join(',')}]`;
      return object(depth + 1);
    };
    const object = (depth: number): string =>
      `{${Array.from({ length: random(4) }, () => `${JSON.stringify(names[random(names.length)])} : ${value(depth)}`).join(' ,')}}`;
    for (let i = 0; i < 2000; i++) {
      const text = object(0);
      let strictSaysDuplicate = false;
      try {
        parseStrictJsonObject(text);
      } catch (error) {
        strictSaysDuplicate = /duplicate/.test((error as Error).message);
      }
      expect([text, strictSaysDuplicate]).toEqual([text, hasDuplicateByVisitor(text)]);
    }
  });
});
