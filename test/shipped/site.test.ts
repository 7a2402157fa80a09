/**
 * The portal as it ships: the index.html that `npm run synth` built into cdk.out for the site's deployment. Its
 * content security policy is a meta element written at build time (infra/web.ts), whose marker the deployment
 * replaces with the policy: it must stand first in <head>, before anything that loads, and the page must load
 * nothing inline or from elsewhere, which the policy would not cover.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGE_POLICY_MARKER } from '../../infra/web';

const CDK_OUT = join(__dirname, '../../cdk.out');

const builtPages = readdirSync(CDK_OUT)
  .filter((name) => name.startsWith('asset.'))
  .map((name) => join(CDK_OUT, name, 'index.html'))
  .filter((file) => existsSync(file));

test('cdk.out holds one built portal page', () => {
  expect(builtPages).toHaveLength(1);
});

test('its page policy comes first in <head>, and it loads only its own hashed assets, nothing inline', () => {
  const html = readFileSync(builtPages[0]!, 'utf8');
  const head = /<head>([\s\S]*?)<\/head>/.exec(html)?.[1] ?? '';
  const firstElement = /<(?!!--)[^>]+>/.exec(head)?.[0];
  expect(firstElement).toBe(`<meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY_MARKER}" />`);
  const loaded = [...html.matchAll(/<(script|link)\b[^>]*>/g)].map(([tag]) => tag);
  expect(loaded.length).toBeGreaterThan(0);
  for (const tag of loaded) expect(tag).toMatch(/ (src|href)="\/assets\/[\w.-]+\.(js|css)"/);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/\son\w+=/);
});
