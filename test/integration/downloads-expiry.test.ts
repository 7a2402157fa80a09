import { configure, invoke } from './in-process';
import { sampleArticles } from '../../local/sample-content';
import { readerTokens } from './tokens';

// Long enough for the first fetch on a busy machine, short enough to wait out.
configure({ DOWNLOAD_URL_TTL_SECONDS: '3' });

describe('an expired download link', () => {
  it('works while it lives and is refused (403) once DOWNLOAD_URL_TTL_SECONDS has passed', async () => {
    const videoId = sampleArticles[0]!.videos[0]!.id;
    const { accessToken } = await readerTokens();
    const link = await invoke<{ url: string; expiresAt: string }>('downloads/download-video', {
      method: 'POST',
      path: `/videos/${videoId}/download`,
      routeKey: 'POST /videos/{id}/download',
      pathParameters: { id: videoId },
      token: accessToken,
      body: {},
    });
    expect(link.statusCode).toBe(200);
    expect((await fetch(link.body.url)).status).toBe(200);
    // Signatures are valid to the second: four seconds after it was issued, the three-second link is past its end.
    await new Promise((done) => setTimeout(done, 4_100));
    expect((await fetch(link.body.url)).status).toBe(403);
  });
});
