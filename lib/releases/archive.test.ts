import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { zipRelease } from '@/lib/releases/archive';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const files = () => new Map([['README.md', strToU8('# card\n')], ['ratings.csv', strToU8('case_id,option_id\nCard001,1\n')]]);
const originalTz = process.env.TZ;

describe('zipRelease', () => {
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('gives the same bytes whatever the server time zone', () => {
    const digests = ['UTC', 'America/New_York', 'Asia/Tokyo', 'Pacific/Chatham'].map((tz) => {
      process.env.TZ = tz;
      return sha(zipRelease('study-v1', files()));
    });
    expect(new Set(digests).size).toBe(1);
  });

  it('puts every file under the release folder, unchanged', () => {
    const unzipped = unzipSync(zipRelease('study-v1', files()));
    expect(Object.keys(unzipped).sort()).toEqual(['study-v1/README.md', 'study-v1/ratings.csv']);
    expect(strFromU8(unzipped['study-v1/ratings.csv'])).toBe('case_id,option_id\nCard001,1\n');
  });
});
