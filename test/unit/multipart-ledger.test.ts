import { MultipartLedger } from '../../local/multipart-ledger';

const completion = (parts: [number, string][]): string =>
  `<CompleteMultipartUpload>${parts.map(([number, etag]) => `<Part><PartNumber>${number}</PartNumber><ETag>&quot;${etag}&quot;</ETag></Part>`).join('')}</CompleteMultipartUpload>`;

describe('the S3 front’s multipart ledger', () => {
  const ledger = new MultipartLedger();
  ledger.recordPart('up-1', 1, '"aaa"');
  ledger.recordPart('up-1', 2, '"bbb"');

  it('refuses what S3 refuses: a wrong ETag, a missing part, parts out of order', () => {
    expect(ledger.checkCompletion('up-1', completion([[1, 'aaa'], [2, 'zzz']]))?.code).toBe('InvalidPart');
    expect(ledger.checkCompletion('up-1', completion([[1, 'aaa'], [3, 'ccc']]))?.code).toBe('InvalidPart');
    expect(ledger.checkCompletion('up-1', completion([[2, 'bbb'], [1, 'aaa']]))?.code).toBe('InvalidPartOrder');
  });

  it('lets through a right completion, and an upload it never saw (it cannot tell)', () => {
    expect(ledger.checkCompletion('up-1', completion([[1, 'aaa'], [2, 'bbb']]))).toBeUndefined();
    expect(ledger.checkCompletion('unseen', completion([[1, 'aaa']]))).toBeUndefined();
  });

  it('answers a second completion NoSuchUpload (404), where s3rver fails with a 500', () => {
    ledger.completeUpload('up-1');
    expect(ledger.checkCompletion('up-1', completion([[1, 'aaa'], [2, 'bbb']]))).toMatchObject({ code: 'NoSuchUpload', status: 404 });
  });
});
