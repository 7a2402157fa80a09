import { articleId, nextCursor, pageQuery } from '../catalogue/schemas';
import { operation } from '../common/operation';
import { Editor } from '../editorial/operations';
import { array, boolean, component, integer, nullable, object, oneOf, string } from '../common/schema';

const Subscription = object({ subscribed: boolean() });
const token = object({ token: string({ minLength: 1, maxLength: 1024, description: 'The signed token from the email.' }) });
const campaignId = string({ pattern: /^cmp_[a-z2-7]{16}$/, patternHint: 'a campaign id such as cmp_…' });

const Campaign = component(
  'Campaign',
  object({
    id: campaignId,
    articleId,
    status: oneOf(['sending', 'sent']),
    recipients: integer({ minimum: 0 }),
    sent: integer({ minimum: 0 }),
    failed: integer({ minimum: 0 }),
    suppressed: integer({ minimum: 0 }),
    skipped: integer({
      minimum: 0,
      description: 'Subscribers who left the newsletter (unsubscribed, suppressed, or deleted their account) after the campaign started and before their turn: not mailed, and not among the recipients.',
    }),
    createdAt: string({ format: 'date-time' }),
    publishedBy: nullable(Editor),
  }),
);

export const setNewsletter = operation({
  operationId: 'setNewsletter',
  method: 'PUT',
  path: '/me/newsletter',
  auth: 'user',
  tag: 'Newsletter',
  summary: 'Subscribe to or unsubscribe from the newsletter (idempotent)',
  body: Subscription,
  responses: { 200: { description: 'The subscription as it now stands.', schema: Subscription } },
});

export const unsubscribePage = operation({
  operationId: 'unsubscribePage',
  method: 'GET',
  path: '/newsletter/unsubscribe',
  auth: 'public',
  tag: 'Newsletter',
  summary: 'A page with a button to confirm unsubscribing; it changes nothing by itself',
  description: 'Mail scanners follow links, so only the POST unsubscribes.',
  query: token,
  responses: { 200: { description: 'An HTML page whose form POSTs the same URL.', contentType: 'text/html' } },
  errors: ['invalid_link'],
});

export const unsubscribe = operation({
  operationId: 'unsubscribe',
  method: 'POST',
  path: '/newsletter/unsubscribe',
  auth: 'public',
  tag: 'Newsletter',
  summary: 'Unsubscribe (RFC 8058 one-click)',
  description: 'Takes the form body `List-Unsubscribe=One-Click` (application/x-www-form-urlencoded) or no body.',
  query: token,
  formPost: true,
  responses: { 200: { description: 'Unsubscribed.', schema: Subscription } },
  errors: ['invalid_link'],
});

export const listCampaigns = operation({
  operationId: 'listCampaigns',
  method: 'GET',
  path: '/newsletters',
  auth: 'editor',
  tag: 'Newsletter',
  summary: 'Newsletter campaigns, newest first',
  query: object(pageQuery),
  responses: { 200: { description: 'A page of campaigns.', schema: object({ items: array(Campaign), nextCursor }) } },
});

export const getCampaign = operation({
  operationId: 'getCampaign',
  method: 'GET',
  path: '/newsletters/{id}',
  auth: 'editor',
  tag: 'Newsletter',
  summary: 'One campaign and its counters',
  params: object({ id: campaignId }),
  responses: { 200: { description: 'The campaign.', schema: Campaign } },
  errors: ['not_found'],
});
