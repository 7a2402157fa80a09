/** The news and the downloads in a real browser: the articles, an article's videos, and a download after sign-in. */
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleArticles } from '../../local/sample-content';
import { RENDITIONS, sampleRenditionFile } from '../../local/seed';
import { PASSWORD, signUpAndConfirm, uniqueEmail } from '../integration/accounts-fixtures';
import { openPortal } from './browser';

const sample = sampleArticles[0]!;
const video = sample.videos[0]!;

describe('the news', () => {
  it('lists the articles newest first, narrows them by tag, and opens one with its videos and renditions', async () => {
    const { page, context } = await openPortal('/');
    await page.locator('.articles h2').first().waitFor();
    const titles = await page.locator('.articles h2').allInnerTexts();
    expect(titles.length).toBeGreaterThanOrEqual(sampleArticles.length);
    const dates = await Promise.all((await page.locator('.articles time').all()).map(async (time) => (await time.getAttribute('datetime')) ?? ''));
    expect([...dates].sort().reverse()).toEqual(dates);

    const tag = sample.tags[0]!;
    await page.locator('.articles .tags').getByRole('link', { name: tag, exact: true }).first().click();
    await page.getByRole('heading', { name: `News tagged “${tag}”` }).waitFor();
    expect(await page.locator('.articles h2').allInnerTexts()).toContain(sample.title);

    await page.getByRole('link', { name: sample.title }).click();
    await page.getByRole('heading', { level: 1, name: sample.title }).waitFor();
    await page.getByRole('heading', { level: 2, name: video.title }).waitFor();
    for (const rendition of RENDITIONS) {
      await page.getByRole('button', { name: `Download ${video.title}, ${rendition.name}` }).waitFor();
      await page.getByText(`${rendition.name} · ${rendition.width}×${rendition.height}`).waitFor();
    }
    await context.close();
  });
});

describe('a download', () => {
  it('leads a signed-out visitor through sign-in and back, where the file arrives under its name and size', async () => {
    const email = uniqueEmail('browser-download');
    await signUpAndConfirm(email);
    const { page, context } = await openPortal(`/articles/${sample.slug}`);
    await page.getByRole('button', { name: `Download ${video.title}, broadcast` }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${sample.slug}.*-broadcast\\.mp4$`));
    const file = join(tmpdir(), `pressroom-${download.suggestedFilename()}`);
    await download.saveAs(file);
    expect(statSync(file).size).toBe(sampleRenditionFile(video.id, RENDITIONS[0]).length);
    expect(new URL(page.url()).search).toBe('');
    await context.close();
  });
});

describe('the player', () => {
  it('plays the web rendition in the page for a signed-in person', async () => {
    const email = uniqueEmail('browser-player');
    await signUpAndConfirm(email);
    const { page, context } = await openPortal(`/articles/${sample.slug}`);
    await page.getByRole('button', { name: 'Sign in to play' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Play' }).click();
    const player = page.locator('video');
    // Decoded pictures, not just an element: the browser has read the H.264 stream.
    const videoWidth = () => player.evaluate((element) => (element as unknown as { videoWidth: number }).videoWidth);
    for (let tries = 0; tries < 100 && (await videoWidth()) === 0; tries += 1) await page.waitForTimeout(100);
    expect(await videoWidth()).toBe(RENDITIONS[1].width);
    await context.close();
  });
});
