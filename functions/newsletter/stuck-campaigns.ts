/**
 * A campaign is stuck when it is still `sending` but nothing moves it on. Most ways of getting there raise an alarm
 * of their own (a run that fails every attempt waits in the sender's dead-letter queue), but not all: a hand-over
 * held back by throttling for hours, a run dropped after its dead-letter queue's 14 days, a defect that ends runs
 * without finishing. So the newsletter checks the campaigns themselves, on a schedule (handlers/check-campaigns.ts),
 * and the stack alarms on what it finds (infra/operations.ts).
 */
import type { Campaign } from './campaigns';

export const CAMPAIGN_CHECK = {
  /** How often the check runs (the stack's schedule). */
  everyMinutes: 15,
  /**
   * How long a campaign may go without a page recorded: a sender records one every second or so, hands over to its
   * next run within seconds, and Lambda retries a failed run within minutes.
   */
  quietMinutes: 30,
  /**
   * How far back the check looks, by creation. Older campaigns are not read (the index holds every campaign ever
   * sent): one still stuck after two weeks has had the alarm on it all that time.
   */
  lookBackDays: 14,
} as const;

/** When a campaign last showed life: its last page, else its hand-over to the sender, else its creation. */
export const lastProgressAt = (campaign: Campaign): string => campaign.progressedAt ?? campaign.handedOverAt ?? campaign.createdAt;

/** The earliest creation time the check reads at `now`. */
export const lookBackFrom = (now: Date): string => new Date(now.getTime() - CAMPAIGN_CHECK.lookBackDays * 86_400_000).toISOString();

/** Of campaigns still sending, those quiet for longer than CAMPAIGN_CHECK.quietMinutes at `now`. */
export function stuckAmong(sending: readonly Campaign[], now: Date): Campaign[] {
  const quietSince = now.getTime() - CAMPAIGN_CHECK.quietMinutes * 60_000;
  return sending.filter((campaign) => campaign.status === 'sending' && Date.parse(lastProgressAt(campaign)) < quietSince);
}
