import { bytesIn, missingParts, partRanges } from '../../cli/upload-plan';
import { partCount, S3_MAX_PARTS } from '../../functions/editorial/multipart';

const MiB = 1024 * 1024;

/** Every byte of the file in exactly one part, parts numbered 1..n in order, only the last one shorter. */
function expectExactCover(size: number, partSize: number): void {
  const ranges = partRanges(size, partSize);
  expect(ranges).toHaveLength(partCount(size, partSize));
  let expectedStart = 0;
  ranges.forEach((range, index) => {
    expect(range.partNumber).toBe(index + 1);
    expect(range.start).toBe(expectedStart); // no gap, no overlap
    expect(range.end).toBeGreaterThan(range.start);
    const isLast = index === ranges.length - 1;
    expect(range.end - range.start).toBe(isLast ? size - (ranges.length - 1) * partSize : partSize);
    expectedStart = range.end;
  });
  expect(expectedStart).toBe(size);
}

describe('partRanges', () => {
  it('cuts a file every partSize bytes with a shorter last part', () => {
    expect(partRanges(12 * MiB + 5, 5 * MiB)).toEqual([
      { partNumber: 1, start: 0, end: 5 * MiB },
      { partNumber: 2, start: 5 * MiB, end: 10 * MiB },
      { partNumber: 3, start: 10 * MiB, end: 12 * MiB + 5 },
    ]);
  });

  it('gives full parts when the size is a multiple of the part size, and one part for a small file', () => {
    expect(partRanges(10 * MiB, 5 * MiB).map((range) => range.end - range.start)).toEqual([5 * MiB, 5 * MiB]);
    expect(partRanges(1, 5 * MiB)).toEqual([{ partNumber: 1, start: 0, end: 1 }]);
  });

  it.each([
    [1, 1],
    [7, 3],
    [5 * MiB - 1, 5 * MiB],
    [5 * MiB + 1, 5 * MiB],
    [123_456_789, 5 * MiB],
    [5 * 1024 ** 4, Math.ceil((5 * 1024 ** 4) / S3_MAX_PARTS)], // the largest object S3 takes, in 10,000 parts
  ])('covers %d bytes in parts of %d exactly', (size, partSize) => expectExactCover(size, partSize));

  it('covers the file for many sizes around part boundaries', () => {
    for (const partSize of [1, 2, 5, 64])
      for (let size = 1; size <= partSize * 4 + 1; size += 1) expectExactCover(size, partSize);
  });

  it('refuses sizes it cannot cut, and more than 10,000 parts', () => {
    expect(() => partRanges(0, 5)).toThrow(RangeError);
    expect(() => partRanges(10, 0)).toThrow(RangeError);
    expect(() => partRanges(1.5, 5)).toThrow(RangeError);
    expect(() => partRanges(S3_MAX_PARTS + 1, 1)).toThrow(/10000/);
    expect(partRanges(S3_MAX_PARTS, 1)).toHaveLength(S3_MAX_PARTS);
  });
});

describe('missingParts', () => {
  it('lists the parts without an ETag, in order, and counts their bytes', () => {
    const ranges = partRanges(25, 10);
    expect(missingParts(ranges, {}).map((range) => range.partNumber)).toEqual([1, 2, 3]);
    const missing = missingParts(ranges, { '2': '"etag-2"' });
    expect(missing.map((range) => range.partNumber)).toEqual([1, 3]);
    expect(bytesIn(missing)).toBe(15);
    expect(missingParts(ranges, { '1': 'a', '2': 'b', '3': 'c' })).toEqual([]);
  });
});
