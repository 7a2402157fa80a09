/**
 * The AWS list prices the cost model (cost.ts) uses, in one place with their date and region. They are the public
 * list prices as known on PRICE_LIST.asOf, written down without access to the pricing pages at that date: check each
 * against its page (`source`) before relying on a figure, and change it here.
 */

/**
 * A price: `usd` for every `per` units beyond the `free` ones, and other rates from a tier's threshold on. `unit`
 * reads after "per": singular when `per` is 1 (per GB-month), plural otherwise (per 1,000 emails).
 */
export interface UnitPrice {
  usd: number;
  per: number;
  unit: string;
  /** Units a month that cost nothing: an always-free tier (12-month offers for new accounts are left out). */
  free?: number;
  /** From `from` units a month (counted from zero, free units included) on, `usd` per `per` instead. */
  tiers?: readonly { from: number; usd: number }[];
  /** The AWS pricing page that lists it. */
  source: string;
}

const GB_PER_TB = 1024;

export const PRICE_LIST = {
  asOf: '2026-11-30',
  /**
   * US East (N. Virginia), whose list prices are the best known. In Europe (Ireland), where a European operator would
   * deploy, Lambda, S3 requests, data transfer out, SES and Cognito cost the same; API Gateway, DynamoDB and
   * CloudWatch Logs requests about 10–15 % more.
   */
  region: 'us-east-1',
  prices: {
    lambdaRequests: { usd: 0.2, per: 1e6, unit: 'invocations', free: 1e6, source: 'AWS Lambda pricing' },
    lambdaArmGbSeconds: { usd: 0.0000133334, per: 1, unit: 'GB-second (arm64)', free: 400_000, source: 'AWS Lambda pricing' },
    // Its free tier (1 million calls a month) is for the first 12 months of a new account only.
    httpApiRequests: { usd: 1, per: 1e6, unit: 'requests', tiers: [{ from: 300e6, usd: 0.9 }], source: 'Amazon API Gateway pricing, HTTP APIs' },
    dynamodbReadUnits: { usd: 0.125, per: 1e6, unit: 'read request units', source: 'Amazon DynamoDB pricing, on-demand' },
    dynamodbWriteUnits: { usd: 0.625, per: 1e6, unit: 'write request units', source: 'Amazon DynamoDB pricing, on-demand' },
    dynamodbStorage: { usd: 0.25, per: 1, unit: 'GB-month', free: 25, source: 'Amazon DynamoDB pricing, on-demand' },
    dynamodbPointInTimeRecovery: { usd: 0.2, per: 1, unit: 'GB-month', source: 'Amazon DynamoDB pricing, on-demand' },
    cognitoEssentialsUsers: { usd: 0.015, per: 1, unit: 'monthly active user', free: 10_000, source: 'Amazon Cognito pricing, Essentials' },
    // SES's free tier (3,000 messages a month) is for the first 12 months only.
    sesEmails: { usd: 0.1, per: 1000, unit: 'emails', source: 'Amazon SES pricing' },
    s3Storage: {
      usd: 0.023,
      per: 1,
      unit: 'GB-month',
      tiers: [
        { from: 50 * GB_PER_TB, usd: 0.022 },
        { from: 500 * GB_PER_TB, usd: 0.021 },
      ],
      source: 'Amazon S3 pricing, S3 Standard',
    },
    s3WriteRequests: { usd: 0.005, per: 1000, unit: 'PUT, COPY, POST requests', source: 'Amazon S3 pricing, requests' },
    s3ReadRequests: { usd: 0.0004, per: 1000, unit: 'GET, HEAD requests', source: 'Amazon S3 pricing, requests' },
    // To the internet, from S3 and API Gateway alike; the free 100 GB are for all the account's regional services together.
    dataTransferOut: {
      usd: 0.09,
      per: 1,
      unit: 'GB',
      free: 100,
      tiers: [
        { from: 10 * GB_PER_TB, usd: 0.085 },
        { from: 50 * GB_PER_TB, usd: 0.07 },
        { from: 150 * GB_PER_TB, usd: 0.05 },
      ],
      source: 'Amazon S3 pricing, data transfer out to the internet',
    },
    // Viewers in Europe and North America.
    cloudFrontTransfer: {
      usd: 0.085,
      per: 1,
      unit: 'GB',
      free: 1024,
      tiers: [
        { from: 10 * GB_PER_TB, usd: 0.08 },
        { from: 50 * GB_PER_TB, usd: 0.06 },
      ],
      source: 'Amazon CloudFront pricing, pay as you go',
    },
    // Viewers in Europe; in North America, 0.010 USD per 10,000 requests.
    cloudFrontRequests: { usd: 0.012, per: 10_000, unit: 'HTTPS requests', free: 10e6, source: 'Amazon CloudFront pricing, pay as you go' },
    cloudFrontFunctions: { usd: 0.1, per: 1e6, unit: 'function invocations', free: 2e6, source: 'Amazon CloudFront pricing, CloudFront Functions' },
    // The 5 GB free are for ingestion, storage and Logs Insights together; they are counted against ingestion here.
    logsIngestion: { usd: 0.5, per: 1, unit: 'GB ingested', free: 5, source: 'Amazon CloudWatch pricing, logs' },
    logsStorage: { usd: 0.03, per: 1, unit: 'GB-month stored', source: 'Amazon CloudWatch pricing, logs' },
    alarms: { usd: 0.1, per: 1, unit: 'standard metric alarm', free: 10, source: 'Amazon CloudWatch pricing, alarms' },
    dashboards: { usd: 3, per: 1, unit: 'dashboard', free: 3, source: 'Amazon CloudWatch pricing, dashboards' },
    customMetrics: { usd: 0.3, per: 1, unit: 'custom metric', free: 10, source: 'Amazon CloudWatch pricing, metrics' },
    xrayTraces: { usd: 5, per: 1e6, unit: 'traces recorded', free: 100_000, source: 'AWS X-Ray pricing' },
    secrets: { usd: 0.4, per: 1, unit: 'secret', source: 'AWS Secrets Manager pricing' },
    secretsApiCalls: { usd: 0.05, per: 10_000, unit: 'API calls', source: 'AWS Secrets Manager pricing' },
    kmsKeys: { usd: 1, per: 1, unit: 'customer managed key', source: 'AWS Key Management Service pricing' },
  },
} as const satisfies { asOf: string; region: string; prices: Record<string, UnitPrice> };

/** The prices the cost model takes: the list's, or others (a test's, another region's). */
export type Prices = Record<keyof typeof PRICE_LIST.prices, UnitPrice>;

/** What `quantity` units a month cost at `price`: free units first, then each tier's rate on the units within it. */
export function charge(quantity: number, price: UnitPrice): number {
  const bounds = [{ from: price.free ?? 0, usd: price.usd }, ...(price.tiers ?? [])];
  let usd = 0;
  bounds.forEach((tier, index) => {
    const upTo = Math.min(quantity, bounds[index + 1]?.from ?? Infinity);
    if (upTo > tier.from) usd += ((upTo - tier.from) * tier.usd) / price.per;
  });
  return usd;
}
