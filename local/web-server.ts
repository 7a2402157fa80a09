/**
 * The portal's pages for `npm start`: Vite serves web/ from source (changes show at once), and answers
 * /config.json with the local API's address, as the deployed site's config.json gives the real one.
 */
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Plugin } from 'vite';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/** Answers /config.json with the API's address, from the dev server and from the preview of a build alike. */
export const configJson = (apiUrl: string): Plugin => {
  // Returns nothing: a function returned from these hooks would be taken for a middleware to add last.
  const serve = (server: { middlewares: { use: (path: string, handle: (request: unknown, response: ServerResponse) => void) => unknown } }): void => {
    server.middlewares.use('/config.json', (_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ apiUrl }));
    });
  };
  return { name: 'pressroom-config', configureServer: serve, configurePreviewServer: serve };
};

export const WEB_ROOT = join(__dirname, '..', 'web');

export async function startWebServer(options: { port: number; apiUrl: string }): Promise<WebServer> {
  // Vite is an ES module; this file may run as CommonJS.
  const { createServer } = await import('vite');
  const root = WEB_ROOT;
  const server = await createServer({
    configFile: join(root, 'vite.config.mts'),
    root,
    logLevel: 'warn',
    clearScreen: false,
    plugins: [configJson(options.apiUrl)],
    server: { host: '127.0.0.1', port: options.port, strictPort: true },
  });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
