/**
 * What a month of traffic (traffic-profile.ts) costs on AWS at list prices (prices.ts), from what the bench
 * measured: per route, the calls one request makes (DynamoDB units, Cognito tokens, emails, S3 requests), its
 * duration, answer and log output (capacity.ts); a campaign's calls per recipient (newsletter.ts); the import
 * time of each bundle (cold-start.ts); the portal's first page (web.ts); and what the stack deploys
 * (template-facts.ts). Pure arithmetic: the same inputs give the same bill.
 */
import { partCount, partSizeFor } from '../functions/editorial/multipart';
import { backgroundFunctions, NEWSLETTER_SENDER, routes } from '../functions/routes';
import { handlerAccess } from '../infra/access';
import type { ColdStart } from './cold-start';
import type { Prices, UnitPrice } from './prices';
import { charge, PRICE_LIST } from './prices';
import type { TemplateFacts } from './template-facts';
import type { TrafficProfile } from './traffic-profile';
import type { CallUsage } from './usage';

/** One request of a route, as the capacity walk measured it. */
export interface MeasuredRoute {
  route: string;
  ms: number;
  responseBytes: number;
  logLines: number;
  logBytes: number;
  usage: CallUsage;
}

export interface CostInputs {
  routes: readonly MeasuredRoute[];
  coldStart: readonly ColdStart[];
  /** One campaign as the bench sent it: its recipients and what they took. */
  newsletter: { subscribers: number; readUnits: number; writeUnits: number; emails: number };
  web: { htmlGzipBytes: number; firstPageGzipBytes: { js: number; css: number }; firstPageFiles: number };
  template: TemplateFacts;
}

export interface CostLine {
  service: string;
  item: string;
  quantity: number;
  price: UnitPrice;
  usd: number;
}

export interface CostEstimate {
  lines: CostLine[];
  totalUsd: number;
  /** Functions with active tracing in the template, and the traces all of them together would record. */
  tracedFunctions: number;
  tracesIfEveryFunctionTraced: number;
}

/** AWS bills data in binary gigabytes. */
const GIB = 2 ** 30;
const SECONDS_PER_MONTH = 30 * 86_400;
/** X-Ray's default sampling, as Lambda applies it: the first request each second, then 5 % of the others. */
const XRAY_RESERVOIR_PER_SECOND = 1;
const XRAY_RATE = 0.05;
/** CloudWatch Logs meters each event's message and 26 bytes more. */
const LOG_EVENT_OVERHEAD_BYTES = 26;
/** The unsubscribe page and its form, which a newsletter's link opens on the API itself. */
const FROM_EMAIL_LINKS = new Set(['GET /newsletter/unsubscribe', 'POST /newsletter/unsubscribe']);
/** Index.html and /config.json, revalidated at every load of the portal. */
const PAGE_REQUESTS_PER_VISIT = 2;

/** The lines Lambda writes around every invocation (text format); the request id and figures are typical. */
const PLATFORM_LINES = [
  'START RequestId: 6f1c2a8e-4b7d-4c3e-9a1f-2d5e8b7c9a01 Version: $LATEST',
  'END RequestId: 6f1c2a8e-4b7d-4c3e-9a1f-2d5e8b7c9a01',
  'REPORT RequestId: 6f1c2a8e-4b7d-4c3e-9a1f-2d5e8b7c9a01\tDuration: 18.31 ms\tBilled Duration: 19 ms\tMemory Size: 1024 MB\tMax Memory Used: 98 MB\t',
];
const PLATFORM_LOG_BYTES = PLATFORM_LINES.reduce((sum, line) => sum + Buffer.byteLength(`${line}\n`) + LOG_EVENT_OVERHEAD_BYTES, 0);

/** Typical values of the `$context` variables an access log line may name; others are written `-`. */
const SAMPLE_CONTEXT: Readonly<Record<string, string>> = {
  requestId: 'Tm9ZcgQ2oAMEVXw=',
  requestTime: '30/Nov/2026:21:40:33 +0000',
  status: '200',
  responseLatency: '23',
  'identity.sourceIp': '203.0.113.45',
};

/** The API's access log line for a request of `route`, in the stage's format. */
export function accessLogLine(format: string, route: string): string {
  return format.replace(/\$context\.([A-Za-z.]+)/g, (_, name: string) => (name === 'routeKey' ? route : (SAMPLE_CONTEXT[name] ?? '-')));
}

/** How many requests of each route the month makes. */
export function routeCalls(profile: TrafficProfile): Map<string, number> {
  const journalists = profile.activeJournalists;
  const each = profile.perJournalist;
  const publications = profile.publications;
  const renditions = profile.renditionBytes.length;
  return new Map(
    Object.entries({
      'POST /auth/login': journalists * each.signIns,
      'POST /auth/refresh': journalists * each.refreshes,
      'GET /articles': journalists * each.newsPages,
      'GET /articles/{idOrSlug}': journalists * each.articlePages,
      'GET /me': journalists * each.accountPages,
      'GET /me/downloads': journalists * each.accountPages,
      // "My account" names the video of each download listed: one per visit of the page, on average.
      'GET /videos/{id}': journalists * each.accountPages,
      'POST /auth/logout': journalists * each.signOuts,
      'POST /videos/{id}/download': profile.downloads + profile.plays,
      'POST /auth/signup': profile.signUps,
      'POST /auth/confirm': profile.signUps,
      'PUT /me/newsletter': profile.signUps * profile.welcomeSubscribeShare,
      'POST /auth/resend-code': profile.codeResends,
      'POST /auth/forgot-password': profile.passwordResets,
      'POST /auth/reset-password': profile.passwordResets,
      'GET /newsletter/unsubscribe': publications * profile.unsubscribesPerCampaign,
      'POST /newsletter/unsubscribe': publications * profile.unsubscribesPerCampaign,
      'POST /articles': publications,
      'PATCH /articles/{id}': publications * profile.editsPerPublication,
      'POST /articles/{id}/videos': publications,
      'POST /videos/{id}/renditions': publications * renditions,
      'POST /videos/{id}/renditions/{name}/complete': publications * renditions,
      'POST /articles/{id}/publish': publications,
      'GET /newsletters': publications * profile.campaignChecksPerPublication,
      'GET /newsletters/{id}': publications * profile.campaignChecksPerPublication,
    }),
  );
}

/** Traces X-Ray records for a function invoked `invocations` times, spread evenly over the month (the most it samples). */
export function sampledTraces(invocations: number): number {
  const reservoir = XRAY_RESERVOIR_PER_SECOND * SECONDS_PER_MONTH;
  return Math.min(invocations, reservoir) + XRAY_RATE * Math.max(0, invocations - reservoir);
}

/** The usage totals the month adds up to, before prices. */
class Month {
  invocations = new Map<string, number>();
  gbSeconds = 0;
  coldStarts = new Map<string, number>();
  apiRequests = 0;
  readUnits = 0;
  writeUnits = 0;
  emails = 0;
  s3Writes = 0;
  s3Reads = 0;
  bytesOut = 0;
  logBytes = 0;

  constructor(
    private readonly inputs: CostInputs,
    private readonly profile: TrafficProfile,
  ) {}

  private memoryGb(handler: string): number {
    const facts = this.inputs.template.functions[handler];
    if (!facts) throw new Error(`The template has no function for ${handler}`);
    return facts.memoryMb / 1024;
  }

  /** `count` invocations of a function lasting `ms` each, their cold starts, and the lines Lambda logs for each. */
  invoke(handler: string, count: number, ms: number): void {
    const coldStarts = count * this.profile.coldStartShare;
    const cold = this.inputs.coldStart.find((entry) => entry.function === handler);
    // Lambda's INIT: the runtime's start and our bundle's import, as measured here (on a whole core, where a 1024 MB
    // function gets a share of one).
    const initMs = cold ? cold.bareNodeMs + cold.importMs : 0;
    this.gbSeconds += ((count * Math.ceil(ms) + coldStarts * Math.ceil(initMs)) / 1000) * this.memoryGb(handler);
    this.invocations.set(handler, (this.invocations.get(handler) ?? 0) + count);
    this.coldStarts.set(handler, (this.coldStarts.get(handler) ?? 0) + coldStarts);
    this.logBytes += count * PLATFORM_LOG_BYTES;
  }

  /** `count` requests of a route, each using what one measured request used. */
  request(measured: MeasuredRoute, count: number): void {
    const route = routes.find((entry) => `${entry.operation.method} ${entry.operation.path}` === measured.route);
    if (!route) throw new Error(`No route ${measured.route}`);
    this.invoke(route.handler, count, measured.ms);
    // The portal is on another origin than the API and sends its token on every call once signed in, so a browser
    // asks first (a CORS preflight, which API Gateway answers, bills and logs). It keeps the answer 10 minutes per
    // URL: one per call is the most there can be. A newsletter's links lead to the API's own page, not the portal.
    const preflights = FROM_EMAIL_LINKS.has(measured.route) ? 0 : count;
    this.apiRequests += count + preflights;
    const accessLogBytes = Buffer.byteLength(`${accessLogLine(this.inputs.template.accessLogFormat, measured.route)}\n`) + LOG_EVENT_OVERHEAD_BYTES;
    this.logBytes += count * (measured.logBytes + measured.logLines * LOG_EVENT_OVERHEAD_BYTES) + (count + preflights) * accessLogBytes;
    this.bytesOut += count * measured.responseBytes;
    const { usage } = measured;
    this.readUnits += count * usage.readUnits;
    this.writeUnits += count * usage.writeUnits;
    this.emails += count * usage.emails;
    this.s3Writes += count * usage.s3Writes;
    this.s3Reads += count * usage.s3Reads;
    // Every token Cognito issues runs the pre-token-generation trigger.
    this.invoke('accounts/token-scopes', count * usage.tokensIssued, this.profile.untimedFunctionMs['accounts/token-scopes']);
  }

  /** Each campaign: its start, then the sender, paced at the stack's send rate and handing over at its timeout. */
  campaigns(): void {
    const { newsletter, template } = this.inputs;
    const { publications, subscribers } = this.profile;
    this.invoke('newsletter/start-campaign', publications, this.profile.untimedFunctionMs['newsletter/start-campaign']);
    // The bench's sender keeps 90–100 % of 200 emails a second (a goal of the bench), 14 times the default rate: on
    // AWS, the send rate sets the pace.
    const seconds = subscribers / template.newsletterSendRate;
    const runs = Math.ceil(seconds / template.functions[NEWSLETTER_SENDER]!.timeoutSeconds);
    this.invoke(NEWSLETTER_SENDER, publications * runs, (seconds * 1000) / runs);
    const perRecipient = (figure: number) => (publications * subscribers * figure) / newsletter.subscribers;
    this.readUnits += perRecipient(newsletter.readUnits);
    this.writeUnits += perRecipient(newsletter.writeUnits);
    this.emails += perRecipient(newsletter.emails);
  }

  /** What browsers fetch from the bucket themselves, with presigned URLs: downloads, plays and uploaded parts. */
  presignedTransfers(): void {
    const { profile } = this;
    this.s3Reads += profile.downloads + profile.plays;
    this.bytesOut += profile.downloads * profile.downloadBytes + profile.plays * profile.playBytes;
    const parts = profile.renditionBytes.reduce((sum, bytes) => sum + partCount(bytes, partSizeFor(bytes)), 0);
    this.s3Writes += profile.publications * parts;
  }
}

const sum = (figures: Iterable<number>): number => [...figures].reduce((total, figure) => total + figure, 0);

export function monthlyCost(inputs: CostInputs, profile: TrafficProfile, prices: Prices = PRICE_LIST.prices): CostEstimate {
  const month = new Month(inputs, profile);
  for (const [route, count] of routeCalls(profile)) {
    const measured = inputs.routes.find((row) => row.route === route);
    if (!measured) throw new Error(`The bench measured no request of ${route}`);
    month.request(measured, count);
  }
  month.campaigns();
  month.presignedTransfers();

  const { template } = inputs;
  const traced = Object.entries(template.functions).filter(([, facts]) => facts.tracing);
  const traces = (handlers: Iterable<string>) => sum([...handlers].map((handler) => sampledTraces(month.invocations.get(handler) ?? 0)));
  // Read once per instance and kept: a secret costs a call at each cold start of a function that reads one.
  const secretReads = sum([...month.coldStarts].filter(([handler]) => handlerAccess(handler).codeSecret || handlerAccess(handler).newsletterSecret).map(([, count]) => count));
  const loads = profile.activeJournalists * profile.perJournalist.visits;
  const freshLoads = profile.activeJournalists * profile.perJournalist.freshLoads;
  const cdnRequests = loads * PAGE_REQUESTS_PER_VISIT + freshLoads * inputs.web.firstPageFiles;
  const cdnBytes = loads * inputs.web.htmlGzipBytes + freshLoads * (inputs.web.firstPageGzipBytes.js + inputs.web.firstPageGzipBytes.css);
  const logGb = month.logBytes / GIB;

  const line = (service: string, item: string, quantity: number, price: UnitPrice): CostLine => ({ service, item, quantity, price, usd: charge(quantity, price) });
  const lines = [
    line('Lambda', 'invocations', sum(month.invocations.values()), prices.lambdaRequests),
    line('Lambda', 'duration at each function\'s memory, cold starts included', month.gbSeconds, prices.lambdaArmGbSeconds),
    line('API Gateway', 'HTTP API requests, CORS preflights included', month.apiRequests, prices.httpApiRequests),
    line('DynamoDB', 'reads', month.readUnits, prices.dynamodbReadUnits),
    line('DynamoDB', 'writes, index writes included', month.writeUnits, prices.dynamodbWriteUnits),
    line('DynamoDB', 'storage', profile.tableBytes / GIB, prices.dynamodbStorage),
    line('DynamoDB', 'point-in-time recovery', profile.tableBytes / GIB, prices.dynamodbPointInTimeRecovery),
    line('Cognito', 'monthly active users (Essentials)', profile.activeJournalists, prices.cognitoEssentialsUsers),
    line('SES', 'emails: codes and newsletters', month.emails, prices.sesEmails),
    line('S3', 'video storage', profile.storedVideoBytes / GIB, prices.s3Storage),
    line('S3', 'PUT and POST requests (uploaded parts, multipart steps)', month.s3Writes, prices.s3WriteRequests),
    line('S3', 'GET and HEAD requests (downloads, plays, size checks)', month.s3Reads, prices.s3ReadRequests),
    line('Data transfer', 'out to the internet: videos and API answers', month.bytesOut / GIB, prices.dataTransferOut),
    line('CloudFront', 'the portal: transfer', cdnBytes / GIB, prices.cloudFrontTransfer),
    line('CloudFront', 'the portal: requests', cdnRequests, prices.cloudFrontRequests),
    line('CloudFront', 'the portal: page routing function', cdnRequests, prices.cloudFrontFunctions),
    line('CloudWatch', 'logs ingested', logGb, prices.logsIngestion),
    line('CloudWatch', `logs stored (${template.logRetentionDays} days)`, (logGb * template.logRetentionDays) / 30, prices.logsStorage),
    line('CloudWatch', 'alarms', template.alarms, prices.alarms),
    line('CloudWatch', 'dashboards', template.dashboards, prices.dashboards),
    line('CloudWatch', 'custom metrics (log metric filters)', template.customMetrics, prices.customMetrics),
    line('X-Ray', `traces (${traced.length} of ${Object.keys(template.functions).length} functions trace)`, traces(traced.map(([handler]) => handler)), prices.xrayTraces),
    line('Secrets Manager', 'secrets', template.secrets, prices.secrets),
    line('Secrets Manager', 'reads (one per cold start)', secretReads, prices.secretsApiCalls),
    line('KMS', 'customer managed keys', template.kmsKeys, prices.kmsKeys),
  ];
  return {
    lines,
    totalUsd: sum(lines.map((entry) => entry.usd)),
    tracedFunctions: traced.length,
    tracesIfEveryFunctionTraced: traces(new Set([...routes, ...backgroundFunctions].map((entry) => entry.handler))),
  };
}

/** What one more of something adds to the month, at this profile (free tiers used up as they are). */
export interface MarginalCost {
  what: string;
  usd: number;
}

/**
 * The month's cost with `step` more of one quantity of the profile, less the month's cost, per unit: what one
 * more download, journalist, subscriber or publication costs, by the same arithmetic.
 */
export function marginalCosts(inputs: CostInputs, profile: TrafficProfile, prices: Prices = PRICE_LIST.prices): MarginalCost[] {
  const base = monthlyCost(inputs, profile, prices).totalUsd;
  const more = (what: string, step: number, changed: Partial<TrafficProfile>) => ({
    what,
    usd: (monthlyCost(inputs, { ...profile, ...changed }, prices).totalUsd - base) / step,
  });
  return [
    more('one download of the average broadcast file', 1000, { downloads: profile.downloads + 1000 }),
    more('one play of the web rendition', 1000, { plays: profile.plays + 1000 }),
    more('one active journalist (sign-ins, pages, account)', 1000, { activeJournalists: profile.activeJournalists + 1000 }),
    more(`one subscriber (${profile.publications} newsletters a month)`, 1000, { subscribers: profile.subscribers + 1000 }),
    more('one publication (its campaign to every subscriber)', 1, { publications: profile.publications + 1 }),
  ];
}
