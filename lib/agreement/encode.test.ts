import { describe, expect, it } from 'vitest';
import { compareIds, encodeRatings } from './encode';
import { createStringIndex } from './string-index';

describe('encodeRatings', () => {
  it('groups ratings by item even when an item comes back later, keeping first-seen order', () => {
    const table = encodeRatings([
      { item: 'b', rater: 'x', value: 2, cluster: 'K1' },
      { item: 'a', rater: 'x', value: 1 },
      { item: 'b', rater: 'y', value: 3, cluster: 'K2' },
      { item: 'a', rater: 'y', value: 1, cluster: 'K1' },
    ]);
    expect(table.itemIds).toEqual(['b', 'a']);
    expect(Array.from(table.start)).toEqual([0, 2, 4]);
    expect(Array.from(table.rater)).toEqual([0, 1, 0, 1]);
    // An item keeps its first cluster key; 'a' gets it from its second rating.
    expect(Array.from(table.clusterOf)).toEqual([0, 0]);
    expect(table.clusterCount).toBe(1);
  });

  it('orders categories by value, whatever their kind, and skips non-finite values', () => {
    const table = encodeRatings(
      [2.5, -3, 1e6, 700, Number.POSITIVE_INFINITY, 2.5].map((value, i) => ({ item: 'o', rater: `r${i}`, value })),
      [1, 2],
    );
    expect(table.values).toEqual([-3, 1, 2, 2.5, 700, 1e6]);
    expect(table.raterIds).toHaveLength(5);
    expect(Array.from(table.category)).toEqual([3, 0, 5, 4, 3]);
  });

  it('drops the earlier of two ratings by one rater of one item', () => {
    const table = encodeRatings([
      { item: 'o', rater: 'x', value: 1 },
      { item: 'o', rater: 'y', value: 5 },
      { item: 'o', rater: 'x', value: 9 },
    ]);
    expect(Array.from(table.start)).toEqual([0, 2]);
    expect(Array.from(table.category).map((c) => table.values[c])).toEqual([5, 9]);
  });

  it('gives items without a cluster key a cluster each', () => {
    const table = encodeRatings(['a', 'b', 'c'].map((item) => ({ item, rater: 'x', value: 1, cluster: item === 'b' ? 'K' : undefined })));
    expect(Array.from(table.clusterOf)).toEqual([0, 1, 2]);
  });
});

describe('createStringIndex', () => {
  it('numbers strings densely and survives growing far past its expected size', () => {
    const index = createStringIndex(1);
    const keys = Array.from({ length: 5000 }, (_, i) => `item-${i}`);
    expect(keys.map((k) => index.idOf(k))).toEqual(keys.map((_, i) => i));
    expect(keys.map((k) => index.idOf(`${k}`))).toEqual(keys.map((_, i) => i));
    expect(index.idOf('')).toBe(5000);
    expect(index.keys).toHaveLength(5001);
  });
});

describe('compareIds', () => {
  it('sorts ids naturally', () => {
    expect(['dr10', 'dr2', 'Card001-10', 'Card001-9', 'dr1'].sort(compareIds)).toEqual(['Card001-9', 'Card001-10', 'dr1', 'dr2', 'dr10']);
  });
});
