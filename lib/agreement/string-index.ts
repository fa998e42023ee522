/**
 * Dense integer ids for strings (first seen, first numbered), by open addressing with FNV-1a.
 * Used for item ids instead of a Map: hundreds of thousands of fresh keys cost a Map several
 * rehashes and most of the encoding time, while this table is sized once from a good guess.
 */
export type StringIndex = { keys: string[]; idOf(key: string): number };

export function createStringIndex(expected: number): StringIndex {
  let mask = 15;
  while (mask + 1 < expected * 2) mask = mask * 2 + 1;
  let slots = new Int32Array(mask + 1).fill(-1);
  let hashes = new Uint32Array(Math.max(16, expected));
  const keys: string[] = [];

  const hashOf = (key: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };
  const grow = () => {
    // Keeps the load under one half so probe runs stay short.
    mask = mask * 2 + 1;
    slots = new Int32Array(mask + 1).fill(-1);
    for (let id = 0; id < keys.length; id++) {
      let at = hashes[id] & mask;
      while (slots[at] >= 0) at = (at + 1) & mask;
      slots[at] = id;
    }
  };

  return {
    keys,
    idOf(key) {
      const h = hashOf(key);
      let at = h & mask;
      for (let id = slots[at]; id >= 0; id = slots[at]) {
        if (hashes[id] === h && keys[id] === key) return id;
        at = (at + 1) & mask;
      }
      const id = keys.push(key) - 1;
      if (id >= hashes.length) {
        const more = new Uint32Array(hashes.length * 2);
        more.set(hashes);
        hashes = more;
      }
      hashes[id] = h;
      slots[at] = id;
      if (keys.length * 2 > mask) grow();
      return id;
    },
  };
}
