import * as accounts from './accounts/operations';
import * as catalogue from './catalogue/operations';
import * as downloads from './downloads/operations';
import * as editorial from './editorial/operations';
import * as newsletter from './newsletter/operations';
import * as service from './service/operations';
import type { Operation } from './common/operation';
import type { ItemFamily } from './common/table';

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
 * The item families (functions/common/table.ts) a handler reads and those it writes: its role may read and write
 * items of those families only. An index partition (`FEED`) is read by a Query of the index; an item's index
 * partition is written with the item (writing `USER#*` is what puts a profile in `SUBSCRIBERS`).
 */
export interface TableAccess {
  read?: readonly ItemFamily[];
  write?: readonly ItemFamily[];
  /**
   * Families the handler only deletes items of (an account's erasure): DeleteItem alone, so that the function, were
   * it compromised, could erase those items but not write them. A family it also writes is not listed again.
   */
  erase?: readonly ItemFamily[];
}

/**
 * What a handler calls, so its function's role grants exactly that and nothing more, and its environment holds
 * exactly the names that code reads.
 */
export interface Access {
  /** Present when the handler uses the table (TABLE_NAME). */
  table?: TableAccess;
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

/**
 * What verifying a caller's access token takes, added to the access of every function that serves a `user` or
 * `editor` route: the pool's ids (its JWKS is public, so no IAM action), and the caller's live sessions.
 */
export const CALLER_VERIFICATION: Access = { userPool: [], table: { read: ['SESSIONS#*'] } };

/**
 * What asking for a code reads (its pace, whether codes are long today, whether the network is known) and writes
 * (its pace and budgets); what trying a code writes (its tries, the guess budgets, the networks that succeed).
 */
const CODE_REQUEST_READS: readonly ItemFamily[] = ['RATE#codes#*', 'RATE#code-guesses#*', 'RATE#networks#*'];
const CODE_REQUEST_WRITES: readonly ItemFamily[] = ['RATE#codes#*', 'RATE#code-requests#*'];
const CODE_TRY_WRITES: readonly ItemFamily[] = ['RATE#code-guesses#*', 'RATE#networks#*'];

/** Sign-up and forgot-password: the slots of a code request, the code they save, the account they look up, the mail. */
const CODE_REQUEST_ACCESS = {
  table: { read: CODE_REQUEST_READS, write: ['CODE#*', ...CODE_REQUEST_WRITES] },
  userPool: ['AdminGetUser'],
  mail: true,
  codeSecret: true,
} as const satisfies Access;

/** THE route table. API Gateway routes (CDK), the local gateway and the OpenAPI document are all made from it. */
export const routes: readonly Route[] = [
  { operation: service.health, handler: 'service/health', access: {} },
  { operation: service.openapi, handler: 'service/openapi', access: {} },

  { operation: catalogue.listArticles, handler: 'catalogue/list-articles', access: { table: { read: ['FEED', 'FEED#TAG#*'] } } },
  { operation: catalogue.getArticle, handler: 'catalogue/get-article', access: { table: { read: ['ARTICLE#*', 'SLUG#*', 'ARTICLE#*#VIDEOS'] } } },
  { operation: catalogue.getVideo, handler: 'catalogue/get-video', access: { table: { read: ['VIDEO#*'] } } },

  { operation: accounts.signup, handler: 'accounts/signup', access: CODE_REQUEST_ACCESS },
  {
    operation: accounts.confirmSignup,
    handler: 'accounts/confirm',
    access: {
      table: { read: ['CODE#*'], write: ['CODE#*', 'USER#*', 'ACTIVITY#*', ...CODE_TRY_WRITES] },
      userPool: ['AdminCreateUser', 'AdminGetUser', 'AdminSetUserPassword'],
      codeSecret: true,
    },
  },
  // A resend also reads the pending sign-up it sends a new code for.
  {
    operation: accounts.resendCode,
    handler: 'accounts/resend-code',
    access: { ...CODE_REQUEST_ACCESS, table: { ...CODE_REQUEST_ACCESS.table, read: ['CODE#*', ...CODE_REQUEST_READS] } },
  },
  {
    operation: accounts.login,
    handler: 'accounts/login',
    access: {
      table: {
        read: ['RATE#networks#*', 'RATE#notices#*', 'SESSIONS#*'],
        write: ['RATE#logins#*', 'RATE#logins-new-networks#*', 'RATE#networks#*', 'RATE#notices#*', 'SESSIONS#*', 'ACTIVITY#*'],
      },
      // AdminGetUser finds the account a failed sign-in was for; mail is the notice of a new browser.
      userPool: ['AdminInitiateAuth', 'AdminGetUser'],
      codeSecret: true,
      mail: true,
    },
  },
  // Public, but only a live session is refreshed, and it notes its use.
  { operation: accounts.refresh, handler: 'accounts/refresh', access: { table: { read: ['SESSIONS#*'], write: ['SESSIONS#*'] }, userPool: ['AdminInitiateAuth'] } },
  { operation: accounts.logout, handler: 'accounts/logout', access: { table: { write: ['SESSIONS#*', 'ACTIVITY#*'] }, userPool: [] } },
  { operation: accounts.forgotPassword, handler: 'accounts/forgot-password', access: CODE_REQUEST_ACCESS },
  {
    operation: accounts.resetPassword,
    handler: 'accounts/reset-password',
    access: {
      table: { read: ['CODE#*', 'SESSIONS#*'], write: ['CODE#*', 'SESSIONS#*', 'ACTIVITY#*', ...CODE_TRY_WRITES] },
      userPool: ['AdminGetUser', 'AdminSetUserPassword', 'AdminUserGlobalSignOut'],
      codeSecret: true,
      mail: true,
    },
  },
  { operation: accounts.getMe, handler: 'accounts/me', access: { table: { read: ['USER#*'] }, userPool: ['AdminGetUser'] } },
  { operation: accounts.listMyActivity, handler: 'accounts/list-activity', access: { table: { read: ['ACTIVITY#*'] } } },
  { operation: accounts.listMySessions, handler: 'accounts/list-sessions', access: {} },
  { operation: accounts.endMySession, handler: 'accounts/end-session', access: { table: { write: ['SESSIONS#*', 'ACTIVITY#*'] } } },
  {
    operation: accounts.endAllMySessions,
    handler: 'accounts/end-all-sessions',
    access: { table: { write: ['SESSIONS#*', 'ACTIVITY#*'] }, userPool: ['AdminUserGlobalSignOut'] },
  },
  {
    operation: accounts.exportMyData,
    handler: 'accounts/export-account',
    access: { table: { read: ['USER#*', 'DOWNLOADS#*', 'ACTIVITY#*'] }, userPool: ['AdminGetUser'] },
  },
  // The one function that reaches everything about a person, to erase it (functions/accounts/erasure.ts). It writes
  // only what the password check counts (a failed try, the limits) and the mark that ends every session.
  {
    operation: accounts.deleteMe,
    handler: 'accounts/delete-account',
    access: {
      table: {
        read: ['RATE#networks#*', 'DOWNLOADS#*', 'ACTIVITY#*', 'CODE#*', 'CAMPAIGNS'],
        write: ['ACTIVITY#*', 'SESSIONS#*', 'RATE#logins-new-networks#*', 'RATE#password-checks#*'],
        erase: ['USER#*', 'DOWNLOADS#*', 'CODE#*', 'CAMPAIGN#*', 'RATE#codes#*', 'RATE#logins#*', 'RATE#networks#*', 'RATE#notices#*'],
      },
      userPool: ['AdminGetUser', 'AdminInitiateAuth', 'AdminDeleteUser'],
      codeSecret: true,
    },
  },

  {
    operation: downloads.downloadVideo,
    handler: 'downloads/download-video',
    access: { table: { read: ['VIDEO#*'], write: ['DOWNLOADS#*', 'VIDEO#*', 'ACTIVITY#*'] }, bucket: 'read' },
  },
  { operation: downloads.listMyDownloads, handler: 'downloads/list-downloads', access: { table: { read: ['DOWNLOADS#*'] } } },

  { operation: editorial.createArticle, handler: 'editorial/create-article', access: { table: { write: ['ARTICLE#*', 'SLUG#*'] } } },
  { operation: editorial.listDrafts, handler: 'editorial/list-drafts', access: { table: { read: ['DRAFTS'] } } },
  { operation: editorial.getDraft, handler: 'editorial/get-draft', access: { table: { read: ['ARTICLE#*', 'ARTICLE#*#VIDEOS'] } } },
  { operation: editorial.updateArticle, handler: 'editorial/update-article', access: { table: { read: ['ARTICLE#*', 'ARTICLE#*#VIDEOS'], write: ['ARTICLE#*', 'SLUG#*'] } } },
  { operation: editorial.publishArticle, handler: 'editorial/publish-article', access: { table: { read: ['ARTICLE#*', 'ARTICLE#*#VIDEOS'], write: ['ARTICLE#*', 'VIDEO#*', 'EVENT#*'] } } },
  { operation: editorial.addVideo, handler: 'editorial/add-video', access: { table: { read: ['ARTICLE#*'], write: ['ARTICLE#*', 'VIDEO#*'] } } },
  // Writing ARTICLE#* is for the history entry (in the article's partition) that each upload start and completion adds.
  { operation: editorial.startRenditionUpload, handler: 'editorial/start-rendition-upload', access: { table: { read: ['VIDEO#*'], write: ['VIDEO#*', 'ARTICLE#*'] }, bucket: 'upload' } },
  { operation: editorial.completeRenditionUpload, handler: 'editorial/complete-rendition-upload', access: { table: { read: ['VIDEO#*'], write: ['VIDEO#*', 'ARTICLE#*'] }, bucket: 'upload' } },
  { operation: editorial.getArticleHistory, handler: 'editorial/get-article-history', access: { table: { read: ['ARTICLE#*'] } } },

  {
    operation: newsletter.setNewsletter,
    handler: 'newsletter/set-subscription',
    access: { table: { read: ['USER#*'], write: ['USER#*', 'ACTIVITY#*'] }, userPool: ['AdminGetUser'] },
  },
  { operation: newsletter.unsubscribePage, handler: 'newsletter/unsubscribe-page', access: { newsletterSecret: true } },
  {
    operation: newsletter.unsubscribe,
    handler: 'newsletter/unsubscribe',
    access: { table: { read: ['USER#*'], write: ['USER#*', 'ACTIVITY#*'] }, newsletterSecret: true },
  },
  { operation: newsletter.listCampaigns, handler: 'newsletter/list-campaigns', access: { table: { read: ['CAMPAIGNS'] } } },
  { operation: newsletter.getCampaign, handler: 'newsletter/get-campaign', access: { table: { read: ['CAMPAIGN#*'] } } },
];

/** A function that no HTTP route calls: what runs it, and what it may do. */
export interface BackgroundFunction {
  handler: string;
  /**
   * `published-events`: the table's stream, filtered to ArticlePublished inserts (the stream is what DynamoDB
   * offers for "this item was written"); `invocation`: invoked asynchronously by the functions that name it in
   * `invokes` and by itself, to go on where a run stopped; `ses-events`: SES bounce and complaint notifications;
   * `token-generation`: the user pool, before it issues tokens; `reputation-alarms`: CloudWatch, when an alarm on
   * SES's bounce or complaint rate goes into ALARM; `campaign-check`: an EventBridge schedule, every
   * CAMPAIGN_CHECK.everyMinutes (functions/newsletter/stuck-campaigns.ts).
   */
  trigger: 'published-events' | 'invocation' | 'ses-events' | 'token-generation' | 'reputation-alarms' | 'campaign-check';
  access: Access;
  /** Background functions it starts (NEWSLETTER_SENDER_FUNCTION), with lambda:InvokeFunction on them. */
  invokes?: readonly string[];
  /** Seconds a run may last: a campaign's sender uses Lambda's full 15 minutes and hands over before the end. */
  timeoutSeconds?: number;
}

export const NEWSLETTER_SENDER = 'newsletter/send-campaign';

export const backgroundFunctions: readonly BackgroundFunction[] = [
  { handler: 'newsletter/start-campaign', trigger: 'published-events', access: { table: { read: ['CAMPAIGN#*'], write: ['CAMPAIGN#*'] } }, invokes: [NEWSLETTER_SENDER] },
  { handler: NEWSLETTER_SENDER, trigger: 'invocation', access: { table: { read: ['ARTICLE#*', 'USER#*', 'CAMPAIGN#*', 'SUBSCRIBERS'], write: ['CAMPAIGN#*'] }, newsletterMail: true, newsletterSecret: true }, timeoutSeconds: 900 },
  { handler: 'newsletter/check-campaigns', trigger: 'campaign-check', access: { table: { read: ['CAMPAIGNS'] } } },
  { handler: 'newsletter/ses-events', trigger: 'ses-events', access: { table: { write: ['USER#*', 'ACTIVITY#*'] }, userPool: ['AdminGetUser'] } },
  { handler: 'accounts/token-scopes', trigger: 'token-generation', access: {} },
  { handler: 'mail/pause-sending', trigger: 'reputation-alarms', access: { pauseMail: true } },
];

/** Unknown paths and wrong methods: API Gateway's `$default` route, and the local gateway's last resort. */
export const FALLBACK_HANDLER = 'service/fallback';
