/**
 * The single DynamoDB table, described once: the CDK stack and the local stack create it from this, and the
 * stores build their keys with the same names. Access patterns and the request serving each: docs/TABLE.md.
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes expired codes and rate counters by itself. */
  timeToLiveAttribute: 'expiresAt',
  /** The stream feeds reactions to changes, such as the newsletter when an article is published. */
  streamView: 'NEW_AND_OLD_IMAGES',
  indexes: [
    /** Overloaded: the published feed, per-tag feeds, an article's videos (and later campaigns, subscribers). */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ],
} as const;

export const FEED_INDEX = tableDesign.indexes[0].indexName;
