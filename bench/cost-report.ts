/**
 * The cost of a month (cost.ts) as docs/BENCHMARKS.md shows it: the generated blocks of its "What it costs"
 * section, and the summary `npm run bench` prints.
 */
import type { CostEstimate, CostInputs, MarginalCost } from './cost';
import { routeCalls } from './cost';
import { markdownTable } from './markdown';
import type { UnitPrice } from './prices';
import type { PRICE_LIST } from './prices';
import { charge } from './prices';
import type { TemplateFacts } from './template-facts';
import type { TrafficProfile } from './traffic-profile';

export interface CostResult {
  prices: typeof PRICE_LIST;
  profile: TrafficProfile;
  template: TemplateFacts;
  estimate: CostEstimate;
  marginal: MarginalCost[];
}

const usd = (value: number): string => value.toFixed(2);
const count = (value: number): string => value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 2 : 0 });
const gb = (bytes: number): string => `${count(bytes / 1e9)} GB`;
const per = (price: UnitPrice): string => (price.per === 1 ? '' : `${count(price.per)} `);
/** `0.2 USD per 1,000,000 invocations`; a price written as the pricing page writes it. */
export const priceText = (price: UnitPrice): string => `${price.usd} USD per ${per(price)}${price.unit}`;

/** The profile, in words. */
function profileRows(profile: TrafficProfile): (string | number)[][] {
  const each = profile.perJournalist;
  return [
    ['active journalists (Cognito monthly active users)', count(profile.activeJournalists)],
    [
      'each of them, a month',
      `${each.visits} visits of the portal (${each.freshLoads} with an empty cache), ${each.signIns} sign-ins, ${each.refreshes} token refreshes, ` +
        `${each.newsPages} news pages, ${each.articlePages} articles, ${each.accountPages} look at "My account", ${each.signOuts} sign-out`,
    ],
    ['downloads (broadcast file, average size)', `${count(profile.downloads)} × ${gb(profile.downloadBytes)}`],
    ['plays of the web rendition (bytes streamed each)', `${count(profile.plays)} × ${gb(profile.playBytes)}`],
    ['new accounts (sign-up and confirmation; subscribing on the welcome page)', `${count(profile.signUps)} (${profile.welcomeSubscribeShare * 100} %)`],
    ['codes sent again; forgotten passwords', `${count(profile.codeResends)}; ${count(profile.passwordResets)}`],
    ['publications, each a newsletter campaign to every subscriber', `${profile.publications} × ${count(profile.subscribers)} subscribers`],
    ['unsubscribes per campaign', count(profile.unsubscribesPerCampaign)],
    [
      'per publication: edits, renditions uploaded, looks at the campaigns',
      `${profile.editsPerPublication}, ${profile.renditionBytes.map(gb).join(' + ')}, ${profile.campaignChecksPerPublication}`,
    ],
    ['video files stored; table size', `${gb(profile.storedVideoBytes)}; ${gb(profile.tableBytes)}`],
    ['invocations that start a new Lambda instance', `${profile.coldStartShare * 100} %`],
  ];
}

export function costBlocks(cost: CostResult, inputs: CostInputs): Record<'cost-profile' | 'cost-routes' | 'cost' | 'cost-marginal' | 'prices', string> {
  const { estimate, profile } = cost;
  const calls = routeCalls(profile);
  const routeRows = inputs.routes
    .filter((row) => calls.has(row.route))
    .sort((a, b) => calls.get(b.route)! - calls.get(a.route)!)
    .map((row) => [
      `\`${row.route}\``,
      count(calls.get(row.route)!),
      row.ms.toFixed(1),
      row.usage.readUnits,
      row.usage.writeUnits,
      row.usage.tokensIssued,
      row.usage.emails,
      row.usage.s3Writes + row.usage.s3Reads,
      row.responseBytes,
      row.logBytes,
    ]);
  const serviceRows = estimate.lines.map((line) => [
    line.service,
    line.item,
    count(line.quantity),
    priceText(line.price),
    line.price.free === undefined ? '' : count(line.price.free),
    usd(line.usd),
  ]);
  const largest = [...estimate.lines].sort((a, b) => b.usd - a.usd).slice(0, 3);
  const shares = largest.map((line) => `${line.service} ${line.item} (${Math.round((line.usd / estimate.totalUsd) * 100)} %)`).join(', ');
  const xray = estimate.lines.find((line) => line.service === 'X-Ray')!;
  const allTraced = `If every function traced, X-Ray would record ${count(estimate.tracesIfEveryFunctionTraced)} traces: ${usd(
    charge(estimate.tracesIfEveryFunctionTraced, xray.price),
  )} USD.`;
  const priceRows = Object.values<UnitPrice>(cost.prices.prices).map((price) => [price.source, priceText(price), price.free === undefined ? '' : count(price.free)]);
  return {
    'cost-profile': markdownTable(['what', 'a month'], 'll', profileRows(profile)),
    'cost-routes': markdownTable(
      ['route', 'requests a month', 'ms', 'read units', 'write units', 'tokens', 'emails', 'S3 requests', 'answer bytes', 'log bytes'],
      'lrrrrrrrrr',
      routeRows,
    ),
    cost: [
      markdownTable(['service', 'what', 'quantity', 'unit price', 'free a month', 'USD a month'], 'llrlrr', [
        ...serviceRows,
        ['**total**', '', '', '', '', `**${usd(estimate.totalUsd)}**`],
      ]),
      `The largest lines: ${shares}. ${allTraced}`,
    ].join('\n\n'),
    'cost-marginal': markdownTable(
      ['one more', 'USD'],
      'lr',
      cost.marginal.map((entry) => [entry.what, entry.usd.toFixed(4)]),
    ),
    prices: `List prices as known on ${cost.prices.asOf}, region ${cost.prices.region}; check them on the AWS pricing pages named.\n\n${markdownTable(
      ['pricing page', 'price', 'free a month'],
      'llr',
      priceRows,
    )}`,
  };
}

export function printCostSummary(cost: CostResult): void {
  console.log(`\ncost of the month (${cost.prices.region}, list prices of ${cost.prices.asOf})`);
  for (const line of cost.estimate.lines.filter((entry) => entry.usd >= 0.005)) {
    console.log(`  ${`${line.service}: ${line.item}`.padEnd(70)} ${usd(line.usd).padStart(9)}`);
  }
  console.log(`  ${'total'.padEnd(70)} ${usd(cost.estimate.totalUsd).padStart(9)} USD`);
}
