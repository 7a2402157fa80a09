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
    /** Overloaded: the published feed, per-tag feeds, an article's videos, subscribers and campaigns. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ],
} as const;

export const FEED_INDEX = tableDesign.indexes[0].indexName;

/**
 * The item families: every value a partition key takes, the table's (`pk`) or the index's (`gsi1pk`), written as
 * IAM's StringLike reads it (`*` is the variable part, and matches `#` too). Routes name the families each handler
 * reads and writes (functions/routes.ts), and its function's role reaches those only (dynamodb:LeadingKeys); the
 * local stack refuses the rest the same way. Adding a family is adding its line here. Who uses each: docs/TABLE.md.
 */
export const ITEM_FAMILIES = [
  'ARTICLE#*', // an article and its entries in tag feeds
  'SLUG#*',
  'VIDEO#*', // a video and its pending uploads
  'USER#*', // a profile
  'DOWNLOADS#*', // a user's download records
  'CODE#*',
  // The account limits, each a family of its own: a function reaches only the limits it keeps.
  'RATE#codes#*', // codes sent to an address, paced per purpose
  'RATE#code-requests#*', // requests that may send a code, per network and in all
  'RATE#code-guesses#*', // codes tried, per network and in all
  'RATE#logins#*', // failed sign-ins from an address's own networks
  'RATE#logins-new-networks#*', // failed sign-ins in a row from other networks
  'RATE#networks#*', // the networks an address has been used from
  'RATE#password-checks#*', // wrong passwords given to delete an account, per address and network
  'RATE#notices#*', // security notices mailed to an address, paced
  'CAMPAIGN#*', // a campaign and its recipients
  'EVENT#*',
  'SESSIONS#*', // a user's live sessions, and when "sign out everywhere" or a reset last ended them all
  'ACTIVITY#*', // what happened on a user's account, and the browsers it was used from
  // Index partitions: a Query of the index names one of these.
  'FEED',
  'FEED#TAG#*',
  'DRAFTS',
  'ARTICLE#*#VIDEOS',
  'SUBSCRIBERS',
  'CAMPAIGNS',
] as const;

export type ItemFamily = (typeof ITEM_FAMILIES)[number];

/** The families with a variable part: the ones a key is made from. */
type KeyedFamily = Extract<ItemFamily, `${string}*${string}`>;

/** The partition of `family` for `id`: `partitionOf('ARTICLE#*#VIDEOS', 'art_1')` is `ARTICLE#art_1#VIDEOS`. */
export const partitionOf = (family: KeyedFamily, id: string): string => family.replace('*', () => id);
