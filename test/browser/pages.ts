/** Every page of the portal and how to reach it, for the checks that visit them all (accessibility, screenshots). */
import type { Page } from 'playwright-core';
import { sampleArticles } from '../../local/sample-content';
import { RENDITIONS, sampleRenditionFile } from '../../local/seed';
import { endpoints } from '../integration/client';
import { addVideo, completeRendition, createDraft, publishedVideoWith, putParts, sentCampaignsOf, startRendition, uniqueSlug } from '../integration/editor-fixtures';
import { signInHere } from './browser';

export interface PortalPage {
  /** Its screenshot's name in docs/screenshots/. */
  name: string;
  path: string;
  /** The first-level heading that shows the page is ready. */
  heading: string;
  /** Pictured whole rather than the screen's first 800 px: a page whose every section is worth showing. */
  whole?: true;
}

const sample = sampleArticles[0]!;

export const PUBLIC_PAGES: readonly PortalPage[] = [
  { name: 'news', path: '/', heading: 'News' },
  { name: 'article', path: `/articles/${sample.slug}`, heading: sample.title },
  { name: 'register', path: '/register', heading: 'Create an account' },
  { name: 'verify', path: '/verify?purpose=signup', heading: 'Check your inbox and enter verification code' },
  { name: 'sign-in', path: '/sign-in', heading: 'Sign in' },
  { name: 'forgot-password', path: '/forgot-password', heading: 'Reset password' },
  { name: 'new-password', path: '/new-password', heading: 'Create a new password' },
  { name: 'password-updated', path: '/password-updated', heading: 'Your password has been updated' },
  { name: 'account-deleted', path: '/account-deleted', heading: 'Your account has been deleted' },
  { name: 'not-found', path: '/no-such-page', heading: 'This page does not exist' },
];

/** The pages of a signed-in journalist. */
export const READER_PAGES: readonly PortalPage[] = [
  { name: 'welcome', path: '/welcome', heading: 'You have successfully created your account' },
  { name: 'account', path: '/account', heading: 'My account', whole: true },
];

/**
 * The editors' pages, with something on each: a draft with a video and its web rendition, and a published article
 * whose newsletter campaign has been sent.
 */
export async function editorPages(): Promise<PortalPage[]> {
  const draft = await createDraft({ slug: uniqueSlug('harbour-drill'), title: 'Harbour drill at dawn', summary: 'Divers and a minehunter clear the approach.', tags: ['exercises', 'maritime'] });
  const video = await addVideo(draft.id);
  const data = sampleRenditionFile(sample.videos[0]!.id, RENDITIONS[1]);
  const upload = await startRendition(video.id, 'web', data.length);
  await completeRendition(video.id, 'web', upload, await putParts(upload, data));
  const { article } = await publishedVideoWith(data);
  const [campaign] = await sentCampaignsOf(article.id);
  return [
    { name: 'editor', path: '/editor', heading: 'Editor' },
    { name: 'editor-new-article', path: '/editor/new', heading: 'New article' },
    { name: 'editor-article', path: `/editor/articles/${draft.id}`, heading: draft.title },
    { name: 'editor-campaigns', path: '/editor/campaigns', heading: 'Newsletter campaigns' },
    { name: 'editor-campaign', path: `/editor/campaigns/${campaign!.id}`, heading: `Campaign ${campaign!.id}` },
  ];
}

/** Signs in as the seeded editor on the sign-in page, which then leads to the first page given. */
export async function signInAsEditor(page: Page): Promise<void> {
  await signInHere(page, endpoints.editor.email, endpoints.editor.password);
}

export const waitForHeading = (page: Page, heading: string): Promise<void> => page.getByRole('heading', { level: 1, name: heading }).waitFor();
