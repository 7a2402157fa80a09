/**
 * Sends one campaign, page by page of the subscribers' index, for as long as its run allows, then hands the rest
 * to a fresh run of itself. Each page: claim the recipients, read their profiles again and skip whoever left the
 * newsletter meanwhile, send the rest one SES SendBulkEmail (a template, each recipient's own unsubscribe link and
 * List-Unsubscribe header), record what SES said, move the checkpoint. Sending is paced to NEWSLETTER_MAX_SEND_RATE
 * emails per second.
 */
import { loadArticle } from '../editorial/store';
import { sendBulkEmailRequest } from '../common/aws/ses';
import { BUSINESS_METRICS } from '../common/business-metrics';
import { integerEnv, requiredEnv } from '../common/config';
import { mailFrom, mailConfigurationSet } from '../common/mail';
import { count } from '../common/metrics';
import { portalName } from '../common/portal';
import { secret } from '../common/secrets';
import type { Outcome, Subscriber } from './campaigns';
import { advance, claim, loadCampaign, recordOutcomes, releaseClaims, stillReceiving, subscribersPage } from './campaigns';
import type { CampaignContent, RecipientContent } from './template';
import { NEWSLETTER_TEMPLATE } from './template';
import { unsubscribeToken } from './unsubscribe-tokens';

const maxRate = integerEnv('NEWSLETTER_MAX_SEND_RATE', 14, { min: 1, max: 100_000 });
const frontendUrl = requiredEnv('FRONTEND_URL').replace(/\/$/, '');
const apiUrl = requiredEnv('PUBLIC_API_URL').replace(/\/$/, '');
const templateName = process.env.NEWSLETTER_TEMPLATE || NEWSLETTER_TEMPLATE.name;
/** SES takes at most 50 destinations a call; at low rates a smaller batch keeps the pace even. */
const batchSize = Math.min(50, maxRate);
/** Time kept back at the end of a run: one more page can take this long, and the hand-over must fit too. */
const SAFETY_MS = 20_000;

/**
 * Spaces sends so that no window of a second holds more than `maxRate` emails. A page takes its turn before it is
 * claimed (a run killed while it waits has claimed nobody), and is spaced again from the previous send just before
 * it goes: claims take more or less time, and SES counts when the emails arrive, not when their turn came.
 */
class Pacer {
  private turnAt = 0;
  private sendAt = 0;

  private static async until(at: number): Promise<void> {
    const wait = at - performance.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
  }

  private static spacing = (emails: number): number => (emails / maxRate) * 1000;

  async takeTurn(emails: number): Promise<void> {
    await Pacer.until(this.turnAt);
    this.turnAt = Math.max(this.turnAt, performance.now()) + Pacer.spacing(emails);
  }

  async beforeSend(emails: number): Promise<void> {
    await Pacer.until(this.sendAt);
    this.sendAt = performance.now() + Pacer.spacing(emails);
  }
}

const unsubscribeUrl = (key: Buffer, sub: string): string => `${apiUrl}/newsletter/unsubscribe?token=${unsubscribeToken(key, sub)}`;

const refusedOutright = (error: unknown): boolean => {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode ?? 0;
  return status >= 400 && status < 500;
};

async function sendPage(content: CampaignContent, recipients: Subscriber[], key: Buffer): Promise<Outcome[]> {
  const urls = recipients.map((recipient) => unsubscribeUrl(key, recipient.sub));
  const { BulkEmailEntryResults = [] } = await sendBulkEmailRequest({
    FromEmailAddress: mailFrom,
    ConfigurationSetName: mailConfigurationSet,
    DefaultContent: {
      Template: {
        TemplateName: templateName,
        TemplateData: JSON.stringify({ ...content, unsubscribeUrl: `${frontendUrl}/` } satisfies CampaignContent & RecipientContent),
        Headers: [{ Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' }],
      },
    },
    BulkEmailEntries: recipients.map((recipient, index) => ({
      Destination: { ToAddresses: [recipient.email] },
      // SES merges each entry's data over the default data, key by key: only the recipient's own link differs.
      ReplacementEmailContent: { ReplacementTemplate: { ReplacementTemplateData: JSON.stringify({ unsubscribeUrl: urls[index]! } satisfies RecipientContent) } },
      ReplacementHeaders: [{ Name: 'List-Unsubscribe', Value: `<${urls[index]}>` }],
    })),
  });
  return recipients.map((recipient, index) => {
    const result = BulkEmailEntryResults[index];
    return { sub: recipient.sub, status: result?.Status ?? 'FAILED', ...(result?.MessageId && { messageId: result.MessageId }) };
  });
}

/** What SES said of each recipient, then the page's counts (`skipped`: those who left before it went) and the checkpoint after it. */
async function recordPage(campaignId: string, outcomes: readonly Outcome[], skipped: number, next: Record<string, string> | undefined): Promise<void> {
  await recordOutcomes(campaignId, outcomes);
  const tally = (wanted: (status: string) => boolean) => outcomes.filter((outcome) => wanted(outcome.status)).length;
  const sent = tally((status) => status === 'SUCCESS');
  await advance(
    campaignId,
    {
      recipients: outcomes.length,
      sent,
      suppressed: tally((status) => status === 'ACCOUNT_SUPPRESSED'),
      failed: tally((status) => status !== 'SUCCESS' && status !== 'ACCOUNT_SUPPRESSED'),
      skipped,
    },
    next,
  );
  if (sent > 0) count(BUSINESS_METRICS.newsletterEmailsSent, sent);
}

/**
 * Work started ahead and awaited later. If the run fails before that, its failure is the run's; this one must not
 * also surface as an unhandled rejection, which ends a Lambda runtime.
 */
function inFlight<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  return work;
}

/**
 * Runs until the campaign is sent or the time is nearly up; returns whether it finished. Pages overlap so that
 * sending, not bookkeeping, sets the pace: the next page is read while this one is sent, and a page's outcomes
 * and checkpoint are written while the next page is claimed. That bookkeeping is finished before the next page
 * goes to SES, so a crash leaves at most the page being sent in doubt, as without the overlap.
 */
export async function sendCampaign(campaignId: string, remainingMs: () => number): Promise<boolean> {
  const campaign = await loadCampaign(campaignId, true);
  if (!campaign || campaign.status === 'sent') return true;
  const article = await loadArticle(campaign.articleId);
  const content: CampaignContent = { portalName, title: article.title, summary: article.summary, articleUrl: `${frontendUrl}/articles/${article.slug}` };
  const key = await secret('newsletter');
  const pacer = new Pacer();
  let page = inFlight(subscribersPage(campaign.checkpoint, batchSize));
  let bookkeeping: Promise<void> = Promise.resolve();
  for (;;) {
    if (remainingMs() < SAFETY_MS) {
      // Nothing of this page is claimed yet; the read ahead is left unused.
      await Promise.all([bookkeeping, page]);
      return false;
    }
    const { subscribers, next } = await page;
    // The wait comes before the claim: a run killed while it waits leaves nobody claimed and not mailed.
    await pacer.takeTurn(subscribers.length);
    // Recipients claimed by an earlier run (interrupted after claiming) are not mailed again.
    const [claimed] = await Promise.all([claim(campaignId, subscribers, new Date().toISOString()), bookkeeping]);
    if (next) page = inFlight(subscribersPage(next, batchSize));
    // After the claim, so that an account deleted before this read leaves no claim behind (its sweep may have run
    // before the claim was made); whoever leaves after it is mailed this once.
    const { receiving: recipients, left } = await stillReceiving(claimed).catch(async (error: unknown) => {
      // Nobody of the page was mailed: the claims go, and the run that retries the page mails it.
      await releaseClaims(campaignId, claimed);
      throw error;
    });
    await releaseClaims(campaignId, left);
    let outcomes: Outcome[] = [];
    if (recipients.length > 0) {
      await pacer.beforeSend(recipients.length);
      outcomes = await sendPage(content, recipients, key).catch(async (error: unknown) => {
        // A 4xx is SES refusing the whole page (sending paused, throttled): nobody of it was mailed, so the claims go
        // and the run that retries the page mails them. After a timeout or a 5xx the page stays in doubt.
        if (refusedOutright(error)) await releaseClaims(campaignId, recipients);
        throw error;
      });
    }
    bookkeeping = inFlight(recordPage(campaignId, outcomes, left.length, next));
    if (!next) {
      await bookkeeping;
      return true;
    }
  }
}
