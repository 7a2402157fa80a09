import { MAX_PART_BYTES, MIN_PART_BYTES, partCount, partSizeFor, S3_MAX_PARTS } from '../../functions/editorial/multipart';

const MiB = 1024 * 1024;
const GB = 1e9;

describe('multipart part sizes', () => {
  it.each([1, 5 * MiB, 11 * MiB, 2 * GB, 10 * GB, 500 * GB, 5 * 1024 ** 4])('fit S3 limits for %d bytes', (size) => {
    const partSize = partSizeFor(size);
    expect(partSize).toBeGreaterThanOrEqual(MIN_PART_BYTES);
    expect(partSize).toBeLessThanOrEqual(MAX_PART_BYTES);
    expect(partSize % MiB).toBe(0);
    const parts = partCount(size, partSize);
    expect(parts).toBeLessThanOrEqual(S3_MAX_PARTS);
    expect((parts - 1) * partSize).toBeLessThan(size);
    expect(parts * partSize).toBeGreaterThanOrEqual(size);
  });

  it('keeps a 500 GB master to about a thousand parts and a 5 TiB one within S3’s part size', () => {
    expect(partCount(500 * GB, partSizeFor(500 * GB))).toBeLessThanOrEqual(1_000);
    expect(partSizeFor(5 * 1024 ** 4)).toBe(MAX_PART_BYTES);
    expect(partCount(5 * 1024 ** 4, partSizeFor(5 * 1024 ** 4))).toBe(1_024);
  });
});
