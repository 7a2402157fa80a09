import * as accounts from './accounts/api';
import * as catalogue from './catalogue/api';
import * as downloads from './downloads/api';
import * as editorial from './editorial/api';
import * as newsletter from './newsletter/api';
import * as service from './service/api';
import type { Operation } from './shared/operation';

/** What a handler calls, so its function's role can grant exactly that and nothing more. */
export interface Access {
  table?: 'read' | 'readwrite';
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

  { operation: accounts.signup, handler: NOT_IMPLEMENTED, access: {} },
  { operation: accounts.confirmSignup, handler: NOT_IMPLEMENTED, access: {} },
  { operation: accounts.resendCode, handler: NOT_IMPLEMENTED, access: {} },
  { operation: accounts.login, handler: NOT_IMPLEMENTED, access: {} },
  { operation: accounts.refresh, handler: NOT_IMPLEMENTED, access: {} },
  { operation: accounts.logout, handler: NOT_IMPLEMENTED, access: {} },
  { operation: accounts.forgotPassword, handler: NOT_IMPLEMENTED, access: {} },
  { operation: accounts.resetPassword, handler: NOT_IMPLEMENTED, access: {} },
  { operation: accounts.getMe, handler: NOT_IMPLEMENTED, access: {} },

  { operation: downloads.downloadVideo, handler: NOT_IMPLEMENTED, access: {} },
  { operation: downloads.listMyDownloads, handler: NOT_IMPLEMENTED, access: {} },

  { operation: editorial.createArticle, handler: NOT_IMPLEMENTED, access: {} },
  { operation: editorial.updateArticle, handler: NOT_IMPLEMENTED, access: {} },
  { operation: editorial.publishArticle, handler: NOT_IMPLEMENTED, access: {} },
  { operation: editorial.addVideo, handler: NOT_IMPLEMENTED, access: {} },
  { operation: editorial.startRenditionUpload, handler: NOT_IMPLEMENTED, access: {} },
  { operation: editorial.completeRenditionUpload, handler: NOT_IMPLEMENTED, access: {} },

  { operation: newsletter.setNewsletter, handler: NOT_IMPLEMENTED, access: {} },
  { operation: newsletter.unsubscribePage, handler: NOT_IMPLEMENTED, access: {} },
  { operation: newsletter.unsubscribe, handler: NOT_IMPLEMENTED, access: {} },
  { operation: newsletter.listCampaigns, handler: NOT_IMPLEMENTED, access: {} },
  { operation: newsletter.getCampaign, handler: NOT_IMPLEMENTED, access: {} },
];

/** Unknown paths and wrong methods: API Gateway's `$default` route, and the local gateway's last resort. */
export const FALLBACK_HANDLER = 'service/fallback';
