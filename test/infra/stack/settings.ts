/** The deploy's settings (cdk.json or -c), refused with a clear message when malformed, and the Mail construct. */
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { createApp } from '../../../infra/app';
import { Mail } from '../../../infra/mail';
import { cdkContext, testContext } from '../context';
import { actionsOf } from '../grants';
import { handlerAccess } from '../../../infra/access';
import { sendsNewsletter } from '../route-table';
import type { PolicyProps } from '../synthesized';
import { resourcesOf, variableOfEach } from '../synthesized';

describe('settings and mail', () => {
  const withOrigins = (allowedOrigins: string | undefined, more: Record<string, unknown> = {}) =>
    createApp({ context: { ...testContext, allowedOrigins, ...more } });

  test('allowedOrigins is optional: unset, only the portal\'s own distribution is allowed, and emails link to it', () => {
    for (const missing of [undefined, '', '  ']) {
      const { stack } = withOrigins(missing);
      expect(stack.settings.allowedOrigins).toEqual([]);
      expect(stack.settings.frontendUrl).toBeUndefined();
      expect(stack.allowedOrigins).toEqual([stack.web.origin]);
    }
    expect(cdkContext).not.toHaveProperty('allowedOrigins');
    expect(cdkContext).not.toHaveProperty('frontendUrl');
  });

  test.each([
    'http://media.example.org',
    'http://localhost:5173',
    'https://media.example.org/path',
    'https://media.example.org/',
    'https://*.example.org',
    '*',
    'https://Media.example.org',
    'https://media.example.org:443',
    'https://user@media.example.org',
    'https://media.example.org?x=1',
    'https://media.example.org:99999',
    'media.example.org',
  ])('allowedOrigins %j is refused, naming the origin that is not https', (allowedOrigins) => {
    expect(() => withOrigins(allowedOrigins)).toThrow(`(no path, trailing slash, wildcard or http:); not an https origin: "${allowedOrigins}". Set it`);
  });

  test('one origin that is not https refuses the whole list', () => {
    expect(() => withOrigins('https://media.example.org,http://localhost:5173')).toThrow('; not an https origin: "http://localhost:5173". Set it');
    expect(() => withOrigins('https://media.example.org,')).toThrow('; not an https origin: "". Set it');
  });

  test('a valid list is taken as given, after the portal\'s distribution, and frontendUrl is unset unless set', () => {
    const { stack } = withOrigins(' https://media.example.org , https://10.0.0.7:8443 ');
    expect(stack.settings.allowedOrigins).toEqual(['https://media.example.org', 'https://10.0.0.7:8443']);
    expect(stack.allowedOrigins).toEqual([stack.web.origin, 'https://media.example.org', 'https://10.0.0.7:8443']);
    expect(stack.settings.frontendUrl).toBeUndefined();
    expect(withOrigins('https://a.example.org,https://b.example.org', { frontendUrl: 'https://b.example.org/portal' }).stack.settings.frontendUrl).toBe(
      'https://b.example.org/portal',
    );
  });

  test.each(['http://media.example.org', 'https://elsewhere.example.org', 'media.example.org'])('frontendUrl %j is refused: https on an allowed origin only', (frontendUrl) => {
    expect(() => withOrigins('https://media.example.org', { frontendUrl })).toThrow(
      `frontendUrl: "${frontendUrl}" must be an https URL on one of the allowedOrigins (https://media.example.org)`,
    );
    expect(() => withOrigins(undefined, { frontendUrl })).toThrow(`frontendUrl: "${frontendUrl}" must be an https URL on one of the allowedOrigins (none is set)`);
  });

  test('a malformed setting stops the synth with its name', () => {
    expect(() => createApp({ context: { ...testContext, logRetentionDays: 31 } })).toThrow(/logRetentionDays/);
    expect(() => createApp({ context: { ...testContext, senderDomain: 'press.example.org' } })).toThrow(/senderEmail/);
    for (const senderEmail of ['Press <press@example.org>', 'press@example.org, x@example.org', 'press@localhost']) {
      expect(() => createApp({ context: { ...testContext, senderEmail } })).toThrow(`senderEmail: "${senderEmail}" is not a plain email address`);
    }
    for (const alarmEmail of ['Ops <ops@example.org>', 'ops@example.org,pager@example.org', 'ops']) {
      expect(() => createApp({ context: { ...testContext, alarmEmail } })).toThrow(`alarmEmail: "${alarmEmail}" is not a plain email address`);
    }
    for (const codeTtlSeconds of [0, 90.5, 86_401, 'soon']) {
      expect(() => createApp({ context: { ...testContext, codeTtlSeconds } })).toThrow(/codeTtlSeconds/);
    }
    for (const downloadUrlTtlSeconds of [0, -5, 0.5, 90.5, 901, 3600, 'soon', 'Infinity']) {
      expect(() => createApp({ context: { ...testContext, downloadUrlTtlSeconds } })).toThrow(/downloadUrlTtlSeconds/);
    }
    for (const activityRetentionDays of [0, 1.5, 3651, 'forever']) {
      expect(() => createApp({ context: { ...testContext, activityRetentionDays } })).toThrow(/activityRetentionDays/);
    }
    for (const newsletterMaxSendRate of [0, -1, 1.5, 100_001, 'fast', 'Infinity']) {
      expect(() => createApp({ context: { ...testContext, newsletterMaxSendRate } })).toThrow(/newsletterMaxSendRate/);
    }
  });

  test('newsletterMaxSendRate accepts whole emails per second from 1 to 100000, 14 unless set, as the sender does', () => {
    for (const [value, expected] of [[1, 1], [100_000, 100_000], ['50', 50], ['', 14], [undefined, 14]] as const) {
      const { stack } = createApp({ context: { ...testContext, newsletterMaxSendRate: value } });
      expect([value, stack.settings.newsletterMaxSendRate]).toEqual([value, expected]);
    }
    // And it reaches the sender, and only the sender.
    for (const [handler, rate] of variableOfEach('NEWSLETTER_MAX_SEND_RATE', { newsletterMaxSendRate: 50 })) {
      expect([handler, rate]).toEqual([handler, sendsNewsletter(handler) ? '50' : undefined]);
    }
  });

  test('downloadUrlTtlSeconds accepts whole seconds from 1 to 900, as download-video does', () => {
    for (const [value, expected] of [[1, 1], [900, 900], ['300', 300], [' 60 ', 60], ['', undefined], [undefined, undefined]] as const) {
      const { stack } = createApp({ context: { ...testContext, downloadUrlTtlSeconds: value } });
      expect([value, stack.settings.downloadUrlTtlSeconds]).toEqual([value, expected]);
    }
  });

  test('activityRetentionDays reaches exactly the functions that record activity, and only when set', () => {
    const recordsActivity = (handler: string) => handlerAccess(handler).table?.write?.includes('ACTIVITY#*') === true;
    for (const [handler, days] of variableOfEach('ACTIVITY_RETENTION_DAYS', { activityRetentionDays: 90 })) {
      expect([handler, days]).toEqual([handler, recordsActivity(handler) ? '90' : undefined]);
    }
    for (const [handler, days] of variableOfEach('ACTIVITY_RETENTION_DAYS', {})) expect([handler, days]).toEqual([handler, undefined]);
  });

  test('a sender domain becomes a domain identity, and grantSend allows SendEmail from it only', () => {
    const stack = new Stack();
    const mail = new Mail(stack, 'Mail', { sender: { domain: 'press.example.org', address: 'news@press.example.org' } });
    const role = new Role(stack, 'Sender', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    mail.grantSend(role);
    const mailTemplate = Template.fromStack(stack);
    mailTemplate.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'press.example.org',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    mailTemplate.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    const statements = Object.values(resourcesOf<PolicyProps>('AWS::IAM::Policy', mailTemplate)).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    expect(statements).toHaveLength(1);
    const statement = statements[0]!;
    expect(actionsOf(statement)).toEqual(['ses:SendEmail']);
    expect(statement.Resource).toEqual([mail.identity.emailIdentityArn, mail.configurationSetArn].map((arn): unknown => stack.resolve(arn)));
    expect(JSON.stringify(statement.Resource)).not.toContain('*');
  });
});
