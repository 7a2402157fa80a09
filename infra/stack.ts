import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { EMAIL_ADDRESS } from '../functions/common/schema';
import { AccountAlarms } from './account-alarms';
import { Accounts } from './accounts';
import { Api } from './api';
import { BackgroundFunctions } from './background';
import { Data } from './data';
import type { Sender } from './mail';
import { Mail } from './mail';
import { Newsletter } from './newsletter';
import { Operations } from './operations';
import { Storage } from './storage';
import { Web, WebContent } from './web';

/** Deploy-time settings. Defaults stand in cdk.json; set one with `cdk deploy -c name=value`. */
export interface PressroomSettings {
  /** Front-ends beside the portal's own distribution, which is always allowed. */
  allowedOrigins: string[];
  /** Where links in emails lead; unset, the portal's distribution. */
  frontendUrl?: string;
  sender: Sender;
  portalName: string;
  apiThrottle: { rateLimit: number; burstLimit: number };
  logRetention: RetentionDays;
  /** Lifetime of sign-up and reset codes; unset, the functions' default (30 minutes). */
  codeTtlSeconds?: number;
  /** Lifetime of presigned download links; unset, the download function's default (300 seconds). */
  downloadUrlTtlSeconds?: number;
  /** Days an account's activity is kept; unset, the functions' default (365). */
  activityRetentionDays?: number;
  /** Emails per second the newsletter is sent at: the account's SES sending rate, or less. */
  newsletterMaxSendRate: number;
  /** Who every alarm tells, by email; unset, the alarm topic has no subscriber (subscribe someone to it). */
  alarmEmail?: string;
}

/** The whole backend: one construct per feature, wired together here and nowhere else. */
export class PressroomStack extends Stack {
  readonly settings: PressroomSettings;
  readonly data: Data;
  readonly storage: Storage;
  readonly accounts: Accounts;
  readonly mail: Mail;
  readonly newsletter: Newsletter;
  readonly api: Api;
  readonly background: BackgroundFunctions;
  readonly accountAlarms: AccountAlarms;
  readonly operations: Operations;
  readonly web: Web;
  readonly webContent: WebContent;
  /** The distribution's origin, then allowedOrigins: who may call the API and upload to the bucket. */
  readonly allowedOrigins: string[];

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const settings = (this.settings = readSettings(this));

    this.data = new Data(this, 'Data');
    // The site first: the API and the bucket allow its origin, and its content (WebContent) names them.
    this.web = new Web(this, 'Web', { accessLogDays: settings.logRetention });
    const allowedOrigins = (this.allowedOrigins = [this.web.origin, ...settings.allowedOrigins]);
    this.storage = new Storage(this, 'Storage', {
      allowedOrigins,
      accessLogDays: settings.logRetention,
    });
    this.accounts = new Accounts(this, 'Accounts');
    this.mail = new Mail(this, 'Mail', { sender: settings.sender });
    this.newsletter = new Newsletter(this, 'Newsletter', { mail: this.mail, maxSendRate: settings.newsletterMaxSendRate });
    const targets = {
      table: this.data.table,
      videoBucket: this.storage.videoBucket,
      accounts: this.accounts,
      mail: this.mail,
      newsletter: this.newsletter,
      portalName: settings.portalName,
      frontendUrl: settings.frontendUrl ?? this.web.origin,
      codeTtlSeconds: settings.codeTtlSeconds,
      downloadUrlTtlSeconds: settings.downloadUrlTtlSeconds,
      activityRetentionDays: settings.activityRetentionDays,
    };
    this.api = new Api(this, 'Api', {
      targets,
      allowedOrigins,
      throttle: settings.apiThrottle,
      logRetention: settings.logRetention,
    });
    this.background = new BackgroundFunctions(this, 'Background', {
      targets: { ...targets, publicApiUrl: this.api.url },
      logRetention: settings.logRetention,
    });
    this.accountAlarms = new AccountAlarms(this, 'AccountAlarms', { functions: this.api.functions });
    this.operations = new Operations(this, 'Operations', {
      alarmEmail: settings.alarmEmail,
      httpApi: this.api.httpApi,
      apiFunctions: this.api.functions,
      backgroundFunctions: this.background.functions,
      deadLetterQueues: this.background.deadLetterQueues,
      table: this.data.table,
      mail: this.mail,
      alarms: [...this.background.alarms, ...this.mail.reputationAlarms, ...this.accountAlarms.alarms],
    });
    this.webContent = new WebContent(this, 'WebContent', { web: this.web, apiUrl: this.api.url, videoBucket: this.storage.videoBucket });

    new CfnOutput(this, 'PortalUrl', { value: this.web.origin });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'UserPoolId', { value: this.accounts.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.accounts.apiClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.storage.videoBucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.operations.dashboard.dashboardName });
  }
}

export function readSettings(scope: Construct): PressroomSettings {
  const text = (name: string): string | undefined => {
    const value: unknown = scope.node.tryGetContext(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${name} must be text or a number`);
    const trimmed = String(value).trim();
    return trimmed === '' ? undefined : trimmed;
  };

  // allowedOrigins: comma-separated origins of other front-ends whose browsers may call the API and upload to the
  // bucket (the portal's own distribution always may). Only over https: a page served over http can be rewritten on
  // its way and would still call the API as a trusted origin.
  const allowedOrigins = text('allowedOrigins')?.split(',').map((origin) => origin.trim()) ?? [];
  const notHttps = allowedOrigins.filter((origin) => !isHttpsOrigin(origin));
  if (notHttps.length > 0) {
    throw new Error(
      `allowedOrigins must list front-ends' origins, comma-separated, each exactly https://host or https://host:port ` +
        `(no path, trailing slash, wildcard or http:); not an https origin: ${notHttps.map((origin) => `"${origin}"`).join(', ')}. ` +
        `Set it in cdk.json or pass it, for example -c allowedOrigins=https://media.example.org`,
    );
  }

  // frontendUrl: where links in our emails lead (articles, reset, unsubscribe); unset, the portal's distribution
  // (known only at deploy). Set, it is on one of allowedOrigins, so it is https too.
  const frontendUrl = text('frontendUrl');
  if (frontendUrl !== undefined && (!URL.canParse(frontendUrl) || !allowedOrigins.includes(new URL(frontendUrl).origin))) {
    throw new Error(`frontendUrl: "${frontendUrl}" must be an https URL on one of the allowedOrigins (${allowedOrigins.join(', ') || 'none is set'})`);
  }

  // senderDomain (a domain identity, DKIM-signed) or else senderEmail (a single verified address) sends our mail.
  const senderEmail = text('senderEmail') ?? 'no-reply@example.org';
  const senderDomain = text('senderDomain');
  if (!EMAIL_ADDRESS.test(senderEmail)) throw new Error(`senderEmail: "${senderEmail}" is not a plain email address such as press@example.org`);
  if (senderDomain !== undefined && !senderEmail.toLowerCase().endsWith(`@${senderDomain.toLowerCase()}`)) {
    throw new Error(`senderEmail: "${senderEmail}" must be an address at senderDomain ${senderDomain}`);
  }
  const sender: Sender = senderDomain ? { domain: senderDomain, address: senderEmail } : { address: senderEmail };

  // portalName: the name people see (the API's name, email subjects and bodies).
  const portalName = text('portalName') ?? 'Pressroom';

  // apiThrottleRate / apiThrottleBurst: requests per second over time / in a burst, for every route of the stage.
  const apiThrottle = {
    rateLimit: positiveNumber('apiThrottleRate', text('apiThrottleRate') ?? '50'),
    burstLimit: positiveNumber('apiThrottleBurst', text('apiThrottleBurst') ?? '100'),
  };
  if (!Number.isInteger(apiThrottle.burstLimit)) throw new Error('apiThrottleBurst must be a whole number of requests');

  // logRetentionDays: how long function, access and S3 access logs are kept; one of CloudWatch's retention values.
  const logRetention = positiveNumber('logRetentionDays', text('logRetentionDays') ?? '30');
  if (!Object.values(RetentionDays).includes(logRetention)) {
    throw new Error(`logRetentionDays: ${logRetention} is not a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, …)`);
  }

  // codeTtlSeconds: how long sign-up and reset codes stay valid; unset, the functions' default (1800). The same
  // bounds as functions/accounts/codes/clock.ts, so a bad value stops the synth rather than every cold start.
  const codeTtlText = text('codeTtlSeconds');
  const codeTtlSeconds = codeTtlText === undefined ? undefined : positiveNumber('codeTtlSeconds', codeTtlText);
  if (codeTtlSeconds !== undefined && (!Number.isInteger(codeTtlSeconds) || codeTtlSeconds > 86_400)) {
    throw new Error(`codeTtlSeconds: "${codeTtlText}" must be a whole number of seconds up to 86400`);
  }

  // downloadUrlTtlSeconds: how long a presigned download link works; unset, the function's default (300). The same
  // bounds as functions/downloads/download-video.ts (1..900), checked here so a bad value stops the synth.
  const downloadTtlText = text('downloadUrlTtlSeconds');
  const downloadUrlTtlSeconds =
    downloadTtlText === undefined ? undefined : positiveNumber('downloadUrlTtlSeconds', downloadTtlText);
  if (downloadUrlTtlSeconds !== undefined && (!Number.isInteger(downloadUrlTtlSeconds) || downloadUrlTtlSeconds > 900)) {
    throw new Error(`downloadUrlTtlSeconds: "${downloadTtlText}" must be a whole number of seconds from 1 to 900`);
  }

  // activityRetentionDays: how long an account's activity is kept; unset, the functions' default (365). The same
  // bounds as functions/common/activity.ts (1..3650), checked here so a bad value stops the synth.
  const retentionText = text('activityRetentionDays');
  const activityRetentionDays = retentionText === undefined ? undefined : positiveNumber('activityRetentionDays', retentionText);
  if (activityRetentionDays !== undefined && (!Number.isInteger(activityRetentionDays) || activityRetentionDays > 3650)) {
    throw new Error(`activityRetentionDays: "${retentionText}" must be a whole number of days from 1 to 3650`);
  }

  // newsletterMaxSendRate: emails per second the newsletter goes out at (SES's sending rate of the account, 14 out
  // of the sandbox by default). The same bounds as functions/newsletter/campaign-run.ts, checked here so a bad value
  // stops the synth rather than every campaign.
  const sendRateText = text('newsletterMaxSendRate') ?? '14';
  const newsletterMaxSendRate = Number(sendRateText);
  if (!Number.isSafeInteger(newsletterMaxSendRate) || newsletterMaxSendRate < 1 || newsletterMaxSendRate > 100_000) {
    throw new Error(`newsletterMaxSendRate: "${sendRateText}" must be a whole number of emails per second from 1 to 100000`);
  }

  // alarmEmail: who every alarm tells (SNS asks them to confirm once). Unset, the topic exists without a subscriber.
  const alarmEmail = text('alarmEmail');
  if (alarmEmail !== undefined && !EMAIL_ADDRESS.test(alarmEmail)) {
    throw new Error(`alarmEmail: "${alarmEmail}" is not a plain email address such as ops@example.org`);
  }

  return {
    allowedOrigins,
    frontendUrl,
    sender,
    portalName,
    apiThrottle,
    logRetention,
    codeTtlSeconds,
    downloadUrlTtlSeconds,
    activityRetentionDays,
    newsletterMaxSendRate,
    alarmEmail,
  };
}

/**
 * Exactly as a browser sends it in `Origin`: https, a lowercase host name, a port only if not 443. The pattern
 * refuses what the URL parser would take as a host, such as a wildcard (`https://*.example.org`).
 */
function isHttpsOrigin(text: string): boolean {
  const pattern = /^https:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?::\d+)?$/;
  return pattern.test(text) && URL.canParse(text) && new URL(text).origin === text;
}

function positiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: "${text}" must be a positive number`);
  return value;
}
