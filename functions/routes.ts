import * as accounts from './accounts/api';
import * as catalogue from './catalogue/api';
import * as downloads from './downloads/api';
import * as editorial from './editorial/api';
import * as newsletter from './newsletter/api';
import * as service from './service/api';
import type { Operation } from './shared/operation';

/**
 * Cognito admin actions a handler may call on the user pool. The handlers use no public action but RevokeToken,
 * which takes the token itself and needs no grant.
 */
export type UserPoolAction =
  | 'AdminGetUser'
  | 'AdminCreateUser'
  | 'AdminDeleteUser'
  | 'AdminInitiateAuth'
  | 'AdminSetUserPassword'
  | 'AdminUserGlobalSignOut';

/**
 * What a handler calls, so its function's role grants exactly that and nothing more, and its environment holds
 * exactly the names that code reads.
 */
export interface Access {
  table?: 'read' | 'readwrite';
  /** Present when the handler talks to the user pool (USER_POOL_ID, USER_POOL_CLIENT_ID); lists the admin actions. */
  userPool?: readonly UserPoolAction[];
  /** Sends email through SES from the portal's identity (MAIL_FROM, SES_CONFIGURATION_SET, PORTAL_NAME). */
  mail?: boolean;
  /**
   * Sends the newsletter: SES SendBulkEmail with the newsletter template (NEWSLETTER_TEMPLATE), and the
   * addresses it needs for links (FRONTEND_URL, PUBLIC_API_URL) and its pace (NEWSLETTER_MAX_SEND_RATE).
   */
  newsletterMail?: boolean;
  /** Reads the secret that signs unsubscribe links (NEWSLETTER_SECRET_ARN). */
  newsletterSecret?: boolean;
  /** Reads the secret that keys the hashes of codes and addresses (CODE_SECRET_ARN). */
  codeSecret?: boolean;
  /** Pauses sending on the portal's SES configuration set (SES_CONFIGURATION_SET), the sending breaker's one call. */
  pauseMail?: boolean;
  /**
   * The video bucket, under its video prefix only (BUCKET_NAME): `read` presigns downloads (s3:GetObject);
   * `upload` runs multipart uploads (s3:PutObject, s3:AbortMultipartUpload, s3:GetObject for the size check,
   * s3:DeleteObject to drop a file of the wrong size).
   */
  bucket?: 'read' | 'upload';
}

export interface Route {
  operation: Operation;
  /** The handler module under functions/, without extension; it exports `handler`. */
  handler: string;
  access: Access;
}


/** THE route table. API Gateway routes (CDK), the local gateway and the OpenAPI document are all made from it. */
export const routes: readonly Route[] = [
  { operation: service.health, handler: 'service/health', access: {} },
  { operation: service.openapi, handler: 'service/openapi', access: {} },

  { operation: catalogue.listArticles, handler: 'catalogue/list-articles', access: { table: 'read' } },
  { operation: catalogue.getArticle, handler: 'catalogue/get-article', access: { table: 'read' } },
  { operation: catalogue.getVideo, handler: 'catalogue/get-video', access: { table: 'read' } },

  { operation: accounts.signup, handler: 'accounts/signup', access: { table: 'readwrite', userPool: ['AdminGetUser'], mail: true, codeSecret: true } },
  { operation: accounts.confirmSignup, handler: 'accounts/confirm', access: { table: 'readwrite', userPool: ['AdminCreateUser', 'AdminGetUser', 'AdminSetUserPassword'], codeSecret: true } },
  { operation: accounts.resendCode, handler: 'accounts/resend-code', access: { table: 'readwrite', userPool: ['AdminGetUser'], mail: true, codeSecret: true } },
  { operation: accounts.login, handler: 'accounts/login', access: { table: 'readwrite', userPool: ['AdminInitiateAuth'], codeSecret: true } },
  { operation: accounts.refresh, handler: 'accounts/refresh', access: { table: 'read', userPool: ['AdminInitiateAuth'] } },
  { operation: accounts.logout, handler: 'accounts/logout', access: { table: 'readwrite', userPool: [] } },
  { operation: accounts.forgotPassword, handler: 'accounts/forgot-password', access: { table: 'readwrite', userPool: ['AdminGetUser'], mail: true, codeSecret: true } },
  { operation: accounts.resetPassword, handler: 'accounts/reset-password', access: { table: 'readwrite', userPool: ['AdminGetUser', 'AdminSetUserPassword', 'AdminUserGlobalSignOut'], codeSecret: true } },
  { operation: accounts.getMe, handler: 'accounts/me', access: { table: 'read', userPool: ['AdminGetUser'] } },

  { operation: downloads.downloadVideo, handler: 'downloads/download-video', access: { table: 'readwrite', bucket: 'read' } },
  { operation: downloads.listMyDownloads, handler: 'downloads/list-downloads', access: { table: 'read' } },

  { operation: editorial.createArticle, handler: 'editorial/create-article', access: { table: 'readwrite' } },
  { operation: editorial.updateArticle, handler: 'editorial/update-article', access: { table: 'readwrite' } },
  { operation: editorial.publishArticle, handler: 'editorial/publish-article', access: { table: 'readwrite' } },
  { operation: editorial.addVideo, handler: 'editorial/add-video', access: { table: 'readwrite' } },
  { operation: editorial.startRenditionUpload, handler: 'editorial/start-rendition-upload', access: { table: 'readwrite', bucket: 'upload' } },
  { operation: editorial.completeRenditionUpload, handler: 'editorial/complete-rendition-upload', access: { table: 'readwrite', bucket: 'upload' } },

  { operation: newsletter.setNewsletter, handler: 'newsletter/set-subscription', access: { table: 'readwrite', userPool: ['AdminGetUser'] } },
  { operation: newsletter.unsubscribePage, handler: 'newsletter/unsubscribe-page', access: { newsletterSecret: true } },
  { operation: newsletter.unsubscribe, handler: 'newsletter/unsubscribe', access: { table: 'readwrite', newsletterSecret: true } },
  { operation: newsletter.listCampaigns, handler: 'newsletter/list-campaigns', access: { table: 'read' } },
  { operation: newsletter.getCampaign, handler: 'newsletter/get-campaign', access: { table: 'read' } },
];

/** A function that no HTTP route calls: what runs it, and what it may do. */
export interface BackgroundFunction {
  handler: string;
  /**
   * `published-events`: the table's stream, filtered to ArticlePublished inserts (the stream is what DynamoDB
   * offers for "this item was written"); `invocation`: invoked asynchronously by the functions that name it in
   * `invokes` and by itself, to go on where a run stopped; `ses-events`: SES bounce and complaint notifications;
   * `token-generation`: the user pool, before it issues tokens; `reputation-alarms`: CloudWatch, when an alarm on
   * SES's bounce or complaint rate goes into ALARM.
   */
  trigger: 'published-events' | 'invocation' | 'ses-events' | 'token-generation' | 'reputation-alarms';
  access: Access;
  /** Background functions it starts (NEWSLETTER_SENDER_FUNCTION), with lambda:InvokeFunction on them. */
  invokes?: readonly string[];
  /** Seconds a run may last: a campaign's sender uses Lambda's full 15 minutes and hands over before the end. */
  timeoutSeconds?: number;
}

export const NEWSLETTER_SENDER = 'newsletter/send-campaign';

export const backgroundFunctions: readonly BackgroundFunction[] = [
  { handler: 'newsletter/start-campaign', trigger: 'published-events', access: { table: 'readwrite' }, invokes: [NEWSLETTER_SENDER] },
  { handler: NEWSLETTER_SENDER, trigger: 'invocation', access: { table: 'readwrite', newsletterMail: true, newsletterSecret: true }, timeoutSeconds: 900 },
  { handler: 'newsletter/ses-events', trigger: 'ses-events', access: { table: 'readwrite', userPool: ['AdminGetUser'] } },
  { handler: 'accounts/token-scopes', trigger: 'token-generation', access: {} },
  { handler: 'mail/pause-sending', trigger: 'reputation-alarms', access: { pauseMail: true } },
];

/** Unknown paths and wrong methods: API Gateway's `$default` route, and the local gateway's last resort. */
export const FALLBACK_HANDLER = 'service/fallback';
