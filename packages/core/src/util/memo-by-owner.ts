// Values cached per owner object (a planning context, a GPU) and key: the search asks for the same
// figure under many settings that do not change it. Owners are held weakly.

/** A cache `(owner, key, compute) => value` that computes each (owner, key) once. */
export function memoByOwner<O extends object, K, V>(): (owner: O, key: K, compute: () => V) => V {
  const store = new WeakMap<O, Map<K, V>>();
  return (owner, key, compute) => {
    let byKey = store.get(owner);
    if (!byKey) {
      byKey = new Map();
      store.set(owner, byKey);
    }
    if (byKey.has(key)) return byKey.get(key) as V;
    const value = compute();
    byKey.set(key, value);
    return value;
  };
}
