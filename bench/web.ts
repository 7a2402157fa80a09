/**
 * The portal as a journalist's browser gets it: the production build's weight on the first page (the entry's
 * JavaScript and CSS, gzipped as a CDN sends them; chunks loaded later, such as the editors' pages, are not), and
 * how long until the news is on screen, in Debian's Chromium against the running local stack.
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../local/chromium';
import { configJson, WEB_ROOT } from '../local/web-server';

export interface WebResult {
  /** The first page's JavaScript and CSS, gzipped. */
  firstPageGzipBytes: { js: number; css: number };
  /** How many files that is, and index.html itself, gzipped: what the CDN serves a first visit. */
  firstPageFiles: number;
  htmlGzipBytes: number;
  /** Every asset of the build, gzipped: what all pages together weigh. */
  allAssetsGzipBytes: number;
  /** From navigation to the first article's title on screen, median of `samples` fresh visits. */
  firstUsableMs: number;
  samples: number;
}

const gzipped = async (file: string): Promise<number> => gzipSync(await readFile(file)).length;

export async function measureWeb(apiUrl: string, port: number, samples = 7): Promise<WebResult> {
  const { build, preview } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'pressroom-bench-web-'));
  try {
    await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, 'vite.config.mts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    // What index.html itself asks for is the first page; a chunk imported later is not.
    const firstPage = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(js|css))"/g)];
    const firstPageGzipBytes = { js: 0, css: 0 };
    for (const [, file, kind] of firstPage) firstPageGzipBytes[kind as 'js' | 'css'] += await gzipped(join(outDir, file!));
    const htmlGzipBytes = gzipSync(html).length;
    const assets = await readdir(join(outDir, 'assets'));
    const allAssetsGzipBytes = (await Promise.all(assets.map((file) => gzipped(join(outDir, 'assets', file))))).reduce((sum, bytes) => sum + bytes, 0);

    const server = await preview({ root: WEB_ROOT, configFile: join(WEB_ROOT, 'vite.config.mts'), logLevel: 'silent', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true }, plugins: [configJson(apiUrl)] });
    const browser = await launchChromium();
    try {
      const url = server.resolvedUrls!.local[0]!;
      const times: number[] = [];
      for (let sample = 0; sample < samples; sample += 1) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const started = performance.now();
        await page.goto(url);
        await page.locator('.articles h2').first().waitFor();
        times.push(performance.now() - started);
        await context.close();
      }
      times.sort((a, b) => a - b);
      return { firstPageGzipBytes, firstPageFiles: firstPage.length, htmlGzipBytes, allAssetsGzipBytes, firstUsableMs: Math.round(times[Math.floor(times.length / 2)]!), samples };
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
