/**
 * The bench's cost arithmetic (bench/cost.ts, prices.ts, billed-units.ts): free tiers and price tiers, DynamoDB's
 * minimums, and a known month priced line by line from measurements made up for the test.
 */
import { backgroundFunctions, routes } from '../../functions/routes';
import { billedUnits } from '../../bench/billed-units';
import type { CostInputs, MeasuredRoute } from '../../bench/cost';
import { accessLogLine, marginalCosts, monthlyCost, routeCalls, sampledTraces } from '../../bench/cost';
import { charge, PRICE_LIST } from '../../bench/prices';
import type { SdkCall } from '../../bench/sdk-calls';
import type { TemplateFacts } from '../../bench/template-facts';
import { TRAFFIC_PROFILE } from '../../bench/traffic-profile';

const { prices } = PRICE_LIST;
const GIB = 2 ** 30;

describe('charge', () => {
  test('nothing within the free tier, the rate on what is beyond it', () => {
    expect(charge(10_000, prices.cognitoEssentialsUsers)).toBe(0);
    expect(charge(20_000, prices.cognitoEssentialsUsers)).toBeCloseTo(150, 10);
    expect(charge(999_999, prices.lambdaRequests)).toBe(0);
    expect(charge(3e6, prices.lambdaRequests)).toBeCloseTo(0.4, 10);
  });

  test('each tier at its own rate, thresholds counted from zero', () => {
    expect(charge(2_050, prices.dataTransferOut)).toBeCloseTo(1_950 * 0.09, 10);
    expect(charge(20_480, prices.dataTransferOut)).toBeCloseTo((10_240 - 100) * 0.09 + 10_240 * 0.085, 10);
    expect(charge(400e6, prices.httpApiRequests)).toBeCloseTo(300 * 1 + 100 * 0.9, 10);
  });
});

describe('billed DynamoDB units', () => {
  const call = (command: string, input: Record<string, unknown>, capacityUnits: number, failed = false): SdkCall => ({
    service: 'dynamodb',
    command,
    input,
    capacityUnits,
    ms: 1,
    failed,
  });

  test('a Query that finds nothing is billed a read, whatever the emulator reports', () => {
    expect(billedUnits(call('QueryCommand', { ConsistentRead: true }, 0))).toEqual({ read: 1, write: 0 });
    expect(billedUnits(call('QueryCommand', {}, 0))).toEqual({ read: 0.5, write: 0 });
  });

  test('a write refused by its condition is billed', () => {
    expect(billedUnits(call('PutItemCommand', {}, 0, true))).toEqual({ read: 0, write: 1 });
  });

  test('a transaction is billed two units per item at least; larger reported figures are kept', () => {
    expect(billedUnits(call('TransactWriteItemsCommand', { TransactItems: [{}, {}, {}] }, 2))).toEqual({ read: 0, write: 6 });
    expect(billedUnits(call('TransactWriteItemsCommand', { TransactItems: [{}] }, 9))).toEqual({ read: 0, write: 9 });
    expect(billedUnits(call('BatchWriteItemCommand', { RequestItems: { table: [{}, {}] } }, 0))).toEqual({ read: 0, write: 2 });
  });

  test('other services use no units', () => {
    expect(billedUnits({ ...call('GET /videos', {}, 0), service: 's3' })).toEqual({ read: 0, write: 0 });
  });
});

test('X-Ray samples the first request of each second and 5 % of the rest', () => {
  const secondsInMonth = 30 * 86_400;
  expect(sampledTraces(1_000)).toBe(1_000);
  expect(sampledTraces(secondsInMonth + 1_000_000)).toBeCloseTo(secondsInMonth + 50_000, 6);
});

test('the access log line is the stage format with typical values', () => {
  const line = accessLogLine('{"route":"$context.routeKey","status":"$context.status","who":"$context.unknown"}', 'GET /articles');
  expect(JSON.parse(line)).toEqual({ route: 'GET /articles', status: '200', who: '-' });
});

describe('a month', () => {
  const handlers = [...new Set([...routes, ...backgroundFunctions].map((entry) => entry.handler))];
  const template: TemplateFacts = {
    functions: Object.fromEntries(handlers.map((handler) => [handler, { memoryMb: 1024, architecture: 'arm64', tracing: false, timeoutSeconds: handler === 'newsletter/send-campaign' ? 900 : 10 }])),
    alarms: 45,
    dashboards: 1,
    customMetrics: 3,
    secrets: 2,
    kmsKeys: 1,
    logRetentionDays: 30,
    accessLogFormat: '{"route":"$context.routeKey"}',
    newsletterSendRate: 14,
  };
  /** Every request reads one unit and writes one; sign-ups and resets send one email; nothing is answered or logged. */
  const measured = (route: string): MeasuredRoute => ({
    route,
    ms: 10,
    responseBytes: 0,
    logLines: 0,
    logBytes: 0,
    usage: {
      readUnits: 1,
      writeUnits: 1,
      tokensIssued: 0,
      emails: ['POST /auth/signup', 'POST /auth/forgot-password'].includes(route) ? 1 : 0,
      s3Writes: 0,
      s3Reads: 0,
    },
  });
  const inputs: CostInputs = {
    routes: [...routeCalls(TRAFFIC_PROFILE).keys()].map(measured),
    coldStart: [],
    newsletter: { subscribers: 100, readUnits: 10, writeUnits: 300, emails: 100 },
    web: { htmlGzipBytes: 1_000, firstPageGzipBytes: { js: 18_000, css: 1_000 }, firstPageFiles: 2 },
    template,
  };
  const usd = (estimate: ReturnType<typeof monthlyCost>, service: string, item: string) =>
    estimate.lines.find((line) => line.service === service && line.item.startsWith(item))!.usd;

  test('the traffic profile priced line by line', () => {
    const profile = TRAFFIC_PROFILE;
    const estimate = monthlyCost(inputs, profile);
    // 20,000 active users, 10,000 of them free.
    expect(usd(estimate, 'Cognito', 'monthly active users')).toBeCloseTo(150, 6);
    // Every campaign to every subscriber, and a code for each sign-up and reset.
    const emails = profile.publications * profile.subscribers + profile.signUps + profile.passwordResets;
    expect(usd(estimate, 'SES', 'emails')).toBeCloseTo(emails * 0.0001, 6);
    // The files downloaded and played, less the free 100 GB.
    const gb = (profile.downloads * profile.downloadBytes + profile.plays * profile.playBytes) / GIB;
    expect(usd(estimate, 'Data transfer', 'out')).toBeCloseTo((gb - 100) * 0.09, 6);
    // 45 alarms, 10 free; one dashboard, 3 free.
    expect(usd(estimate, 'CloudWatch', 'alarms')).toBeCloseTo(3.5, 6);
    expect(usd(estimate, 'CloudWatch', 'dashboards')).toBe(0);
    // The newsletter's writes, 3 a recipient, and one per request.
    const requests = [...routeCalls(profile).values()].reduce((sum, count) => sum + count, 0);
    expect(usd(estimate, 'DynamoDB', 'writes')).toBeCloseTo(((profile.publications * profile.subscribers * 3 + requests) * 0.625) / 1e6, 6);
    // Well within Lambda's free tier; nothing traces.
    expect(usd(estimate, 'Lambda', 'invocations')).toBe(0);
    expect(usd(estimate, 'Lambda', 'duration')).toBe(0);
    expect(usd(estimate, 'X-Ray', 'traces')).toBe(0);
    expect(estimate.totalUsd).toBeCloseTo(
      estimate.lines.reduce((sum, line) => sum + line.usd, 0),
      10,
    );
  });

  test('past the free tiers, Lambda is billed', () => {
    const busier = { ...TRAFFIC_PROFILE, activeJournalists: 200_000 };
    const invocations = monthlyCost(inputs, busier).lines.find((line) => line.item === 'invocations')!;
    expect(invocations.quantity).toBeGreaterThan(1e6);
    expect(invocations.usd).toBeCloseTo(((invocations.quantity - 1e6) * 0.2) / 1e6, 10);
  });

  test('one more download costs its file leaving AWS, and a little more', () => {
    const download = marginalCosts(inputs, TRAFFIC_PROFILE).find((entry) => entry.what.startsWith('one download'))!;
    const transfer = (TRAFFIC_PROFILE.downloadBytes / GIB) * 0.09;
    expect(download.usd).toBeGreaterThan(transfer);
    expect(download.usd).toBeLessThan(transfer * 1.01);
  });

  test('a route of the profile that the bench did not measure stops the estimate', () => {
    expect(() => monthlyCost({ ...inputs, routes: inputs.routes.filter((row) => row.route !== 'GET /articles') }, TRAFFIC_PROFILE)).toThrow(
      'The bench measured no request of GET /articles',
    );
  });
});
