import { describe, expect, it } from 'vitest';
import { heatmapBlocks } from './heatmap-blocks';

describe('one kappa heat map per specialty', () => {
  const matrix = {
    raters: ['a', 'b', 'c', 'd', 'e'],
    values: [
      [1, 0.5, null, null, 0.7],
      [0.5, 1, null, null, null],
      [null, null, 1, 0.2, null],
      [null, null, 0.2, 1, null],
      [0.7, null, null, null, 1],
    ],
  };

  it('keeps only the raters of each specialty, in the full order, with their pairwise values', () => {
    const blocks = heatmapBlocks(matrix, { a: ['Card'], b: ['Card'], c: ['Derm'], d: ['Derm'], e: ['Card', 'Neuro'] });
    expect(blocks.map((b) => [b.specialty, b.raters, b.index])).toEqual([
      ['Card', ['a', 'b', 'e'], [0, 1, 4]],
      ['Derm', ['c', 'd'], [2, 3]],
    ]);
    expect(blocks[0].values).toEqual([
      [1, 0.5, 0.7],
      [0.5, 1, null],
      [0.7, null, 1],
    ]);
    expect(blocks[1].values).toEqual([
      [1, 0.2],
      [0.2, 1],
    ]);
  });

  it('drops a specialty with a single rater and raters with no known specialty', () => {
    expect(heatmapBlocks(matrix, { a: ['Card'], c: ['Derm'], d: ['Derm'] }).map((b) => b.specialty)).toEqual(['Derm']);
  });
});
