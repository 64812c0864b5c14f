/**
 * A large list handed from one component to another through an `@api`
 * property without the engine's read-only proxy.
 *
 * LWC wraps an array or plain object set on a child's public property in a
 * read-only proxy (its observable membrane), and every element the child reads
 * through it is wrapped in turn: the users table filtered 100,000 users that
 * way in about 0.2 s. The membrane wraps only arrays and objects whose
 * prototype is Object.prototype or null, so an instance of this class reaches
 * the child as it is. Nothing depends on that for correctness: if a platform
 * version wrapped it anyway, the child would read the same items, only slower.
 * The list is frozen: neither side may change it.
 */
export class HandOffList<T> {
  readonly items: readonly T[];

  constructor(items: readonly T[]) {
    this.items = items;
    Object.freeze(this);
  }
}

/** The items of a hand-off list, or the array itself; [] for null or undefined. */
export function handedOffItems<T>(
  value: HandOffList<T> | readonly T[] | null | undefined
): readonly T[] {
  if (value instanceof HandOffList) return value.items;
  return value ?? [];
}

/**
 * Hands out one HandOffList per array: the same list while the array is the
 * same, so a parent's re-render does not hand its child a "new" value (which
 * would make the child filter and sort everything again).
 */
export class HandOffMemo<T> {
  private items: readonly T[] | null = null;
  private list: HandOffList<T> | null = null;

  of(items: readonly T[]): HandOffList<T> {
    if (this.list === null || items !== this.items) {
      this.items = items;
      this.list = new HandOffList(items);
    }
    return this.list;
  }
}
