/**
 * The month of traffic `npm run bench` prices (cost.ts): who does what how often, and the sizes nothing in the
 * bench can measure. Every figure here is an assumption, stated so it can be argued with; change them here, and
 * the cost tables of docs/BENCHMARKS.md follow at the next run.
 */

const MB = 1e6;
const GB = 1e9;

export interface TrafficProfile {
  /** Journalists who sign in at least once in the month: Cognito's monthly active users. */
  activeJournalists: number;
  /** What one active journalist does in the month, through the web portal. */
  perJournalist: {
    /** Loads of the portal (index.html and config.json from CloudFront, each time). */
    visits: number;
    /** Loads that fetch the portal's scripts and styles too; the other loads find them in the browser's cache. */
    freshLoads: number;
    signIns: number;
    /** The access token lives an hour and in memory only: a reload or a longer visit refreshes it. */
    refreshes: number;
    newsPages: number;
    articlePages: number;
    /** "My account": the profile and the list of downloads. */
    accountPages: number;
    signOuts: number;
  };
  /** Broadcast files downloaded, and their average size (what leaves S3 for each). */
  downloads: number;
  downloadBytes: number;
  /** Plays of the web rendition in the page: each asks for a link as a download does, and streams part of the file. */
  plays: number;
  playBytes: number;
  /** New accounts (sign-up and confirmation, each with a code by email), and the share that subscribes on the welcome page. */
  signUps: number;
  welcomeSubscribeShare: number;
  codeResends: number;
  /** Forgotten passwords: the request (a code by email) and the new password. */
  passwordResets: number;
  /** Articles published: each starts a newsletter campaign to every subscriber. */
  publications: number;
  subscribers: number;
  /** Subscribers who follow the unsubscribe link of a campaign (the page, then the button). */
  unsubscribesPerCampaign: number;
  /** Per publication: edits of the draft, and the renditions uploaded with their sizes (a broadcast file and a web one). */
  editsPerPublication: number;
  renditionBytes: readonly number[];
  /** Times an editor opens the campaigns' list and one campaign, per publication. */
  campaignChecksPerPublication: number;
  /** The video files kept in the bucket, all renditions together. */
  storedVideoBytes: number;
  /** The table's size: profiles, articles, download records, counters (well under this). */
  tableBytes: number;
  /** Invocations that start a new Lambda instance (its INIT is billed too, since August 2025). */
  coldStartShare: number;
  /**
   * Functions no request of the bench times: the pre-token-generation trigger (no I/O: Lambda's 1 ms minimum) and
   * the campaign's start (a few table writes and one asynchronous invocation).
   */
  untimedFunctionMs: { 'accounts/token-scopes': number; 'newsletter/start-campaign': number };
}

export const TRAFFIC_PROFILE: TrafficProfile = {
  activeJournalists: 20_000,
  perJournalist: { visits: 4, freshLoads: 1, signIns: 2, refreshes: 4, newsPages: 6, articlePages: 10, accountPages: 1, signOuts: 1 },
  // A broadcast file: a few minutes of HD at 50 Mbit/s (XDCAM HD422) is about 1 GB.
  downloads: 2_000,
  downloadBytes: 1 * GB,
  // The web rendition at about 5 Mbit/s, watched for about a minute.
  plays: 5_000,
  playBytes: 40 * MB,
  signUps: 1_500,
  welcomeSubscribeShare: 0.5,
  codeResends: 150,
  passwordResets: 400,
  publications: 5,
  subscribers: 50_000,
  unsubscribesPerCampaign: 50,
  editsPerPublication: 2,
  renditionBytes: [1 * GB, 100 * MB],
  campaignChecksPerPublication: 2,
  storedVideoBytes: 500 * GB,
  tableBytes: 1 * GB,
  coldStartShare: 0.1,
  untimedFunctionMs: { 'accounts/token-scopes': 1, 'newsletter/start-campaign': 200 },
};
