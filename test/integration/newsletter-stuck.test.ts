/**
 * The stuck-campaign check (newsletter/check-campaigns), run as its function against the local table: it reads the
 * campaigns still sending through its one item family, names those quiet for longer than CAMPAIGN_CHECK.quietMinutes,
 * and counts them into the StuckCampaigns metric, which the stack's alarm watches. Other tests' campaigns share the
 * index, so the test looks at its own.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configure, invoke } from './in-process';
import type { LogLine } from '../log-lines';
import { jsonLinesWrittenBy } from '../log-lines';
import type * as Campaigns from '../../functions/newsletter/campaigns';
import { CAMPAIGN_CHECK } from '../../functions/newsletter/stuck-campaigns';

const run = randomUUID().slice(0, 8);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const scheduledEvent = JSON.parse(readFileSync(join(__dirname, '../../events/newsletter/check-campaigns.json'), 'utf8')) as unknown;

type Line = LogLine;

/** The JSON lines the check writes: its warnings (standard error) and its metric (standard output). */
const check = (): Promise<Line[]> => jsonLinesWrittenBy(() => invoke('newsletter/check-campaigns', { direct: scheduledEvent }));

let campaigns: typeof Campaigns;

beforeAll(() => {
  configure({ POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'false' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after `configure`, as the handler is
  campaigns = require('../../functions/newsletter/campaigns') as typeof Campaigns;
});

test('names the campaigns sending with no page for longer than the quiet time, and counts them; not the others', async () => {
  const create = (name: string, minutes: number) => campaigns.createCampaign(`art_${run}_${name}`, minutesAgo(minutes));
  const quiet = CAMPAIGN_CHECK.quietMinutes;
  const stuck = await create('stuck', quiet + 5);
  const young = await create('young', quiet - 5);
  // Created long ago, but its sender recorded a page just now.
  const moving = await create('moving', 4 * quiet);
  await campaigns.advance(moving.id, { recipients: 50, sent: 50, failed: 0, suppressed: 0, skipped: 0 }, { pk: 'USER#x', sk: 'PROFILE', gsi1pk: 'SUBSCRIBERS', gsi1sk: 'x' });
  const sent = await create('sent', 4 * quiet);
  await campaigns.advance(sent.id, { recipients: 1, sent: 1, failed: 0, suppressed: 0, skipped: 0 }, undefined);
  // Beyond what the check reads: it has been stuck, and alarmed on, for longer than the check looks back.
  const forgotten = await create('forgotten', (CAMPAIGN_CHECK.lookBackDays + 1) * 24 * 60);

  const lines = await check();
  const named = lines.filter((line) => line.message === 'campaign stuck');
  const ours = named.filter((line) => String(line.articleId).startsWith(`art_${run}_`));
  expect(ours).toEqual([
    expect.objectContaining({ level: 'WARN', campaignId: stuck.id, articleId: stuck.articleId, lastProgressAt: stuck.createdAt, recipients: 0, sent: 0 }),
  ]);
  for (const other of [young, moving, sent, forgotten]) expect(named.map((line) => line.campaignId)).not.toContain(other.id);
  // Every stuck campaign found, this test's and any other's, is counted: the metric is the alarm's.
  const metric = lines.filter((line) => '_aws' in line);
  expect(metric).toEqual([expect.objectContaining({ StuckCampaigns: named.length, service: 'pressroom' })]);
});
