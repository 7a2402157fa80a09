import * as accounts from './accounts/api';
import * as catalogue from './catalogue/api';
import * as downloads from './downloads/api';
import * as editorial from './editorial/api';
import * as newsletter from './newsletter/api';
import * as service from './service/api';
import type { Operation } from './shared/operation';

/** Cognito admin actions a handler may call on the user pool (the public ones, like SignUp, need no grant). */
export type UserPoolAction =
  | 'AdminGetUser'
  | 'AdminDeleteUser'
  | 'AdminConfirmSignUp'
  | 'AdminUpdateUserAttributes'
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
  /** Reads the secret that keys the hashes of codes and addresses (CODE_SECRET_ARN). */
  codeSecret?: boolean;
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

/** Routes whose feature has not landed yet answer 501 not_implemented, so the document is complete from day one. */
const NOT_IMPLEMENTED = 'service/not-implemented';

/** THE route table. API Gateway routes (CDK), the local gateway and the OpenAPI document are all made from it. */
export const routes: readonly Route[] = [
  { operation: service.health, handler: 'service/health', access: {} },
  { operation: service.openapi, handler: 'service/openapi', access: {} },

  { operation: catalogue.listArticles, handler: 'catalogue/list-articles', access: { table: 'read' } },
  { operation: catalogue.getArticle, handler: 'catalogue/get-article', access: { table: 'read' } },
  { operation: catalogue.getVideo, handler: 'catalogue/get-video', access: { table: 'read' } },

  { operation: accounts.signup, handler: 'accounts/signup', access: { table: 'readwrite', userPool: ['AdminGetUser', 'AdminDeleteUser'], mail: true, codeSecret: true } },
  { operation: accounts.confirmSignup, handler: 'accounts/confirm', access: { table: 'readwrite', userPool: ['AdminGetUser', 'AdminConfirmSignUp', 'AdminUpdateUserAttributes'], codeSecret: true } },
  { operation: accounts.resendCode, handler: 'accounts/resend-code', access: { table: 'readwrite', userPool: ['AdminGetUser'], mail: true, codeSecret: true } },
  { operation: accounts.login, handler: 'accounts/login', access: { table: 'readwrite', userPool: [], codeSecret: true } },
  { operation: accounts.refresh, handler: 'accounts/refresh', access: { userPool: [] } },
  { operation: accounts.logout, handler: 'accounts/logout', access: { userPool: [] } },
  { operation: accounts.forgotPassword, handler: 'accounts/forgot-password', access: { table: 'readwrite', userPool: ['AdminGetUser'], mail: true, codeSecret: true } },
  { operation: accounts.resetPassword, handler: 'accounts/reset-password', access: { table: 'readwrite', userPool: ['AdminSetUserPassword', 'AdminUserGlobalSignOut'], codeSecret: true } },
  { operation: accounts.getMe, handler: 'accounts/me', access: { table: 'read', userPool: ['AdminGetUser'] } },

  { operation: downloads.downloadVideo, handler: 'downloads/download-video', access: { table: 'readwrite', bucket: 'read' } },
  { operation: downloads.listMyDownloads, handler: 'downloads/list-downloads', access: { table: 'read' } },

  { operation: editorial.createArticle, handler: 'editorial/create-article', access: { table: 'readwrite' } },
  { operation: editorial.updateArticle, handler: 'editorial/update-article', access: { table: 'readwrite' } },
  { operation: editorial.publishArticle, handler: 'editorial/publish-article', access: { table: 'readwrite' } },
  { operation: editorial.addVideo, handler: 'editorial/add-video', access: { table: 'readwrite' } },
  { operation: editorial.startRenditionUpload, handler: 'editorial/start-rendition-upload', access: { table: 'readwrite', bucket: 'upload' } },
  { operation: editorial.completeRenditionUpload, handler: 'editorial/complete-rendition-upload', access: { table: 'readwrite', bucket: 'upload' } },

  { operation: newsletter.setNewsletter, handler: NOT_IMPLEMENTED, access: {} },
  { operation: newsletter.unsubscribePage, handler: NOT_IMPLEMENTED, access: {} },
  { operation: newsletter.unsubscribe, handler: NOT_IMPLEMENTED, access: {} },
  { operation: newsletter.listCampaigns, handler: NOT_IMPLEMENTED, access: {} },
  { operation: newsletter.getCampaign, handler: NOT_IMPLEMENTED, access: {} },
];

/** Unknown paths and wrong methods: API Gateway's `$default` route, and the local gateway's last resort. */
export const FALLBACK_HANDLER = 'service/fallback';
