/**
 * What the functions count, named once for the code that counts (metrics.ts) and the stack that charts and alarms on
 * the counts (infra/operations.ts). Nothing here runs: the CDK app imports it too.
 */

/** The service every function logs and counts as: POWERTOOLS_SERVICE_NAME, and the `service` dimension of each metric. */
export const SERVICE_NAME = 'pressroom';

/** Each a CloudWatch metric (unit Count) in the stack's namespace (POWERTOOLS_METRICS_NAMESPACE). */
export const BUSINESS_METRICS = {
  /** A sign-up for a new address whose code went out (accounts/signup). */
  signUps: 'SignUps',
  /** An account made by a right code (accounts/confirm). */
  confirmations: 'Confirmations',
  /** An account deleted by its owner, with everything about it (accounts/delete-account). */
  accountDeletions: 'AccountDeletions',
  /** A download link given out (downloads/download-video). */
  downloads: 'Downloads',
  /** A code email SES accepted: sign-up, resend or reset (functions/accounts/codes/issuing.ts). */
  codeEmailsSent: 'CodeEmailsSent',
  /** Newsletter emails SES accepted (functions/newsletter/campaign-run.ts). */
  newsletterEmailsSent: 'NewsletterEmailsSent',
  /** Campaigns still `sending` that made no progress for a while, at each check (newsletter/check-campaigns). */
  stuckCampaigns: 'StuckCampaigns',
} as const;

export type BusinessMetric = (typeof BUSINESS_METRICS)[keyof typeof BUSINESS_METRICS];
