/**
 * The editors' pages in a real browser: a draft, a video, a rendition uploaded from the browser straight to the
 * storage (multipart, presigned URLs), publishing, the article in the news with its download, and the campaign.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { MIN_PART_BYTES } from '../../functions/editorial/multipart';
import { PASSWORD, signUpAndConfirm, uniqueEmail } from '../integration/accounts-fixtures';
import { endpoints } from '../integration/client';
import { addVideo, createDraft, uniqueSlug } from '../integration/editor-fixtures';
import { openPortal, signInHere } from './browser';

const sampleDir = join(__dirname, '../../local/sample-media');
const SAMPLE = join(sampleDir, readdirSync(sampleDir).find((name) => name.startsWith('vid_'))!, 'web.mp4');

/** Signs in as the seeded editor, follows the header's Editor link, starts a draft and adds a video to it. */
async function draftWithVideo(page: Page, slug: string): Promise<void> {
  await signInHere(page, endpoints.editor.email, endpoints.editor.password);
  await page.getByRole('link', { name: 'Editor', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Editor' }).waitFor();
  await page.getByRole('link', { name: 'New article' }).click();
  await page.getByLabel('Slug').fill(slug);
  await page.getByLabel('Title', { exact: true }).fill(`Floods: ${slug}`);
  await page.getByLabel('Summary').fill('The river rose overnight.');
  await page.getByLabel('Body').fill('First paragraph.\n\nSecond paragraph.');
  await page.getByLabel('Tags').fill('weather, floods');
  await page.getByRole('button', { name: 'Create the draft' }).click();
  await page.getByRole('heading', { level: 1, name: `Floods: ${slug}` }).waitFor();
  await page.getByText('Draft: only editors can see it.').waitFor();
  await page.getByLabel('Title of the new video').fill('Footage');
  await page.getByRole('button', { name: 'Add the video' }).click();
  await page.getByRole('heading', { level: 3, name: 'Footage' }).waitFor();
}

/** Waits for the upload to finish and checks the progress bar is full. */
async function uploadFinishes(page: Page, rendition: string): Promise<void> {
  await page.getByText(`The ${rendition} rendition is uploaded.`).waitFor();
  const bar = page.locator('progress');
  expect(await bar.getAttribute('value')).toBe(await bar.getAttribute('max'));
  await page.getByText(/\b100%/).waitFor();
}

describe('the editor', () => {
  it('writes a draft, uploads a rendition from the browser, publishes it, and sees it in the news and the campaigns', async () => {
    const slug = uniqueSlug('browser-editor');
    const { page, context } = await openPortal('/sign-in');
    await draftWithVideo(page, slug);

    await page.getByLabel('Video file').setInputFiles(SAMPLE);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await uploadFinishes(page, 'web');
    await page.getByRole('list', { name: 'Renditions of Footage' }).getByText(/^web · video\/mp4/).waitFor();

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published on').waitFor();
    const articleId = new URL(page.url()).pathname.split('/').pop()!;
    // The history lists every step, newest first, each by the signed-in editor.
    const history = page.getByRole('list', { name: 'History of the article' }).getByRole('listitem');
    await history.first().filter({ hasText: /^Published by you, / }).waitFor();
    expect((await history.allInnerTexts()).map((entry) => entry.split(', ')[0])).toEqual([
      'Published by you',
      'Upload completed (Footage · web) by you',
      'Upload started (Footage · web) by you',
      'Video added (Footage) by you',
      'Created by you',
    ]);

    await page.getByRole('link', { name: 'read it in the news' }).click();
    await page.getByRole('heading', { level: 1, name: `Floods: ${slug}` }).waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download Footage, web' }).click();
    const download = await downloading;
    const file = join(tmpdir(), `pressroom-${download.suggestedFilename()}`);
    await download.saveAs(file);
    expect(statSync(file).size).toBe(statSync(SAMPLE).size);

    // Publishing starts the campaign from the table's stream, within seconds: the list is read again until it is sent.
    await page.goto('/editor/campaigns');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: articleId }) });
    for (let tries = 0; tries < 40 && !(await row.getByRole('cell', { name: 'sent', exact: true }).isVisible()); tries += 1) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByRole('heading', { name: 'Newsletter campaigns' }).waitFor();
    }
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells.slice(1)).toEqual(['sent', expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/), '0', expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)]);
    await row.getByRole('link').first().click();
    await page.getByRole('heading', { name: /^Campaign cmp_/ }).waitFor();
    await page.getByRole('definition').filter({ hasText: articleId }).waitFor();
    await context.close();
  });

  it('continues an interrupted upload of an MXF master after a reload, sending only the parts that were missing', async () => {
    // Three parts at the API's smallest part size, the last one short. Browsers give an .mxf file no type.
    const folder = mkdtempSync(join(tmpdir(), 'pressroom-resume-'));
    const path = join(folder, 'long-take.mxf');
    writeFileSync(path, randomBytes(2 * MIN_PART_BYTES + 1024));
    const notes = join(folder, 'notes.txt');
    writeFileSync(notes, 'not a video');
    const { page, context } = await openPortal('/sign-in');
    await draftWithVideo(page, uniqueSlug('browser-resume'));
    const editorUrl = page.url();

    expect((await page.getByLabel('Video file').getAttribute('accept'))?.split(',')).toEqual(expect.arrayContaining(['.mxf', 'application/mxf', '.mov', '.mp4']));
    await page.getByLabel('Video file').setInputFiles(notes);
    await page.getByRole('alert').getByText('notes.txt is not a video file the portal takes (.mxf, .mov,', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Upload', exact: true }).isDisabled()).toBe(true);

    // Part 2 cannot get through: it is retried, then the upload stops with parts 1 and 3 sent.
    await page.route(/partNumber=2\b/, (route) => route.abort('connectionreset'));
    await page.getByLabel('Video file').setInputFiles(path);
    await page.getByLabel('Rendition name').fill('broadcast');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText(/Part 2 failed: .* choose the same file again to continue\./).waitFor({ timeout: 30_000 });
    await page.unrouteAll();

    await page.reload();
    expect(page.url()).toBe(editorUrl);
    const puts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') puts.push(new URL(request.url()).searchParams.get('partNumber') ?? '');
    });
    await page.getByLabel('Video file').setInputFiles(path);
    await page.getByText('2 parts of this file were uploaded before: the upload continues from there.').waitFor();
    expect(await page.getByLabel('Rendition name').inputValue()).toBe('broadcast');
    await page.getByRole('button', { name: 'Continue the upload' }).click();
    await uploadFinishes(page, 'broadcast');
    expect(puts).toEqual(['2']);
    await page.getByRole('list', { name: 'Renditions of Footage' }).getByText('broadcast · application/mxf · 10.0 MiB').waitFor();
    await context.close();
  });

  it('shows progress within a part, not only when a part completes', async () => {
    // One part of 5 MiB on a link that sends 2 MiB a second (Chromium's own throttling, through the DevTools protocol).
    const path = join(mkdtempSync(join(tmpdir(), 'pressroom-progress-')), 'slow-link.mp4');
    writeFileSync(path, randomBytes(MIN_PART_BYTES));
    const { page, context } = await openPortal('/sign-in');
    await draftWithVideo(page, uniqueSlug('browser-progress'));
    const devtools = await context.newCDPSession(page);
    await devtools.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });
    await page.getByLabel('Video file').setInputFiles(path);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const bar = page.locator('progress');
    const seen = new Set<number>();
    for (let samples = 0; samples < 100 && !(await page.getByText('The web rendition is uploaded.').isVisible()); samples += 1) {
      seen.add(Number((await bar.getAttribute('value')) ?? 0));
      await page.waitForTimeout(100);
    }
    expect([...seen].some((value) => value > 0 && value < MIN_PART_BYTES)).toBe(true);
    await uploadFinishes(page, 'web');
    await context.close();
  });

  it('lists a draft started elsewhere (the API, another browser) and opens it with its video', async () => {
    const draft = await createDraft({ title: `Started elsewhere ${uniqueSlug('x')}` });
    await addVideo(draft.id);
    const { page, context } = await openPortal('/sign-in?returnTo=%2Feditor');
    await signInHere(page, endpoints.editor.email, endpoints.editor.password);
    // The latest change first: the draft just made is at the top of the first page.
    await page.getByRole('list', { name: 'Drafts' }).getByRole('link', { name: draft.title }).click();
    await page.getByRole('heading', { level: 1, name: draft.title }).waitFor();
    await page.getByText('Draft: only editors can see it.').waitFor();
    await page.getByRole('heading', { level: 3, name: 'Footage' }).waitFor();
    await context.close();
  });

  it('is not offered to a reader, who is told the area is for editors', async () => {
    const email = uniqueEmail('browser-reader');
    await signUpAndConfirm(email);
    const { page, context } = await openPortal('/sign-in?returnTo=%2Feditor');
    await signInHere(page, email, PASSWORD);
    await page.getByRole('heading', { name: 'Editors only' }).waitFor();
    await page.getByText('Your account is not one of theirs.').waitFor();
    expect(await page.getByRole('link', { name: 'Editor', exact: true }).count()).toBe(0);
    await context.close();
  });
});
