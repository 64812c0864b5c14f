import { HandOffList, HandOffMemo, handedOffItems } from 'c/llAnalytics';

describe('HandOffList', () => {
  it('holds the very array it was given, and cannot be changed', () => {
    const items = [1, 2, 3];
    const list = new HandOffList(items);
    expect(list.items).toBe(items);
    expect(Object.isFrozen(list)).toBe(true);
    expect(() => {
      (list as { items: readonly number[] }).items = [];
    }).toThrow(TypeError);
  });

  it('is not a plain object, so the engine passes it to a child as it is', () => {
    // The membrane wraps arrays and objects whose prototype is Object.prototype or null.
    const prototype = Object.getPrototypeOf(new HandOffList([])) as object;
    expect(prototype).not.toBe(Object.prototype);
    expect(Object.getPrototypeOf(prototype)).not.toBeNull();
    expect(Array.isArray(new HandOffList([]))).toBe(false);
  });
});

describe('handedOffItems', () => {
  it('reads a hand-off list, an array, or nothing', () => {
    const items = ['a'];
    expect(handedOffItems(new HandOffList(items))).toBe(items);
    expect(handedOffItems(items)).toBe(items);
    expect(handedOffItems(null)).toEqual([]);
    expect(handedOffItems(undefined)).toEqual([]);
  });
});

describe('HandOffMemo', () => {
  it('hands out the same list while the array is the same, a new one for a new array', () => {
    const memo = new HandOffMemo<number>();
    const first = [1];
    const list = memo.of(first);
    expect(memo.of(first)).toBe(list);
    const second = [1];
    const next = memo.of(second);
    expect(next).not.toBe(list);
    expect(next.items).toBe(second);
  });
});
