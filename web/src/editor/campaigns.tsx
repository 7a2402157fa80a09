import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';
import { usePaged } from '../paged';
import { EditorNav } from './editor-home';
import { EditorsOnly } from './editors-only';

type Campaign = Schemas['Campaign'];

const COUNTERS = ['recipients', 'sent', 'failed', 'suppressed', 'skipped'] as const;
const LABELS: Record<(typeof COUNTERS)[number], string> = { recipients: 'Recipients', sent: 'Sent', failed: 'Failed', suppressed: 'Suppressed', skipped: 'Skipped' };
export const when = (instant: string) => new Date(instant).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** The newsletter campaigns (one a published article), newest first, with their counters. */
export function Campaigns() {
  const campaigns = usePaged((cursor) => api().GET('/newsletters', { params: { query: { limit: 20, ...(cursor && { cursor }) } } }), []);
  return (
    <EditorsOnly>
      <main>
        <h1>Newsletter campaigns</h1>
        <EditorNav />
        {campaigns.error && <p class="error" role="alert">{campaigns.error}</p>}
        {/* Nine columns do not fit a phone: the table scrolls on its own, focusable so the keyboard can scroll it. */}
        <div class="table-scroll" role="region" aria-label="Campaigns" tabIndex={0}>
        <table>
          <caption class="visually-hidden">Campaigns, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Article</th>
              <th scope="col">Status</th>
              {COUNTERS.map((counter) => (
                <th key={counter} scope="col">
                  {LABELS[counter]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {campaigns.items.map((campaign) => (
              <tr key={campaign.id}>
                <th scope="row">
                  <a href={`/editor/campaigns/${campaign.id}`}>{when(campaign.createdAt)}</a>
                </th>
                <td>
                  <a href={`/editor/articles/${campaign.articleId}`}>{campaign.articleId}</a>
                </td>
                <td>{campaign.status}</td>
                {COUNTERS.map((counter) => (
                  <td key={counter}>{campaign[counter]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {campaigns.more && (
          <button type="button" onClick={campaigns.more}>
            More campaigns
          </button>
        )}
      </main>
    </EditorsOnly>
  );
}

/** One campaign's counters, read again on demand while it is sending. */
export function CampaignPage() {
  const { params } = useRoute();
  const [campaign, setCampaign] = useState<Campaign>();
  const [error, setError] = useState<string>();
  const load = async () => {
    const { data, error: refusal } = await api().GET('/newsletters/{id}', { params: { path: { id: params.id ?? '' } } });
    if (data) setCampaign(data);
    setError(data ? undefined : problemOf(refusal).message);
  };
  useEffect(() => void load(), [params.id]);
  return (
    <EditorsOnly>
      <main>
        <h1>Campaign {params.id}</h1>
        <EditorNav />
        {error && <p class="error" role="alert">{error}</p>}
        {campaign && (
          <>
            <dl class="counters">
              <dt>Article</dt>
              <dd>
                <a href={`/editor/articles/${campaign.articleId}`}>{campaign.articleId}</a>
              </dd>
              <dt>Published by</dt>
              <dd>{campaign.publishedBy?.sub ?? 'not recorded'}</dd>
              <dt>Started</dt>
              <dd>{when(campaign.createdAt)}</dd>
              <dt>Status</dt>
              <dd>{campaign.status}</dd>
              {COUNTERS.map((counter) => (
                <Fragment key={counter}>
                  <dt>{LABELS[counter]}</dt>
                  <dd>{campaign[counter]}</dd>
                </Fragment>
              ))}
            </dl>
            <button type="button" onClick={load}>
              Refresh the counters
            </button>
          </>
        )}
      </main>
    </EditorsOnly>
  );
}
