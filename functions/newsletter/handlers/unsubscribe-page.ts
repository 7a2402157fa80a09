import { escapeHtml } from '../../common/email-content';
import { publicHandler } from '../../common/http';
import { portalName } from '../../common/portal';
import { unsubscribePage } from '../operations';
import { subscriberFromToken } from '../unsubscribe-tokens';

/**
 * What a person sees on following the link: a button. The GET itself changes nothing, because mail scanners
 * follow links; the button POSTs the same URL. The page allows itself one inline style and a form to itself.
 */
export const handler = publicHandler(unsubscribePage, async ({ query }) => {
  await subscriberFromToken(query.token);
  const name = escapeHtml(portalName);
  const action = `?token=${encodeURIComponent(query.token)}`;
  const page = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>Unsubscribe from the ${name} newsletter</title>`,
    '<style>body{font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}button{font-size:1rem;padding:.6rem 1.2rem}</style>',
    `</head><body><h1>${name}</h1><p>Do you want to stop receiving the ${name} newsletter?</p>`,
    `<form method="post" action="${escapeHtml(action)}"><button type="submit">Unsubscribe</button></form>`,
    '</body></html>',
  ].join('');
  return {
    statusCode: 200,
    body: page,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    },
  };
});
