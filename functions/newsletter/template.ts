/**
 * The newsletter email, as an SES template: the article's title, summary and link are the same for every
 * recipient of a campaign; the unsubscribe link is each recipient's own. SES fills `{{…}}` with HTML escaping in
 * the HTML part. The CDK stack and the local stack both create the template from this definition.
 */
export const NEWSLETTER_TEMPLATE = {
  name: 'pressroom-newsletter',
  subject: '{{portalName}}: {{title}}',
  text: [
    '{{title}}',
    '',
    '{{summary}}',
    '',
    'Read it and download the videos: {{articleUrl}}',
    '',
    '--',
    'You receive this because you subscribed to the {{portalName}} newsletter.',
    'Unsubscribe: {{unsubscribeUrl}}',
  ].join('\n'),
  html: [
    '<!doctype html><html><body style="font-family:sans-serif;color:#1a1a1a">',
    '<p style="color:#555">{{portalName}}</p>',
    '<h1 style="font-size:22px">{{title}}</h1>',
    '<p>{{summary}}</p>',
    '<p><a href="{{articleUrl}}">Read it and download the videos</a></p>',
    '<hr><p style="font-size:12px;color:#555">You receive this because you subscribed to the {{portalName}} newsletter. ',
    '<a href="{{unsubscribeUrl}}">Unsubscribe</a></p>',
    '</body></html>',
  ].join(''),
} as const;

export interface CampaignContent {
  portalName: string;
  title: string;
  summary: string;
  articleUrl: string;
}

export interface RecipientContent {
  unsubscribeUrl: string;
}
