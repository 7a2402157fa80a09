import { defineConfig } from 'vite';

/**
 * The portal is a static site: `npm start` serves it from source (with this config), `cdk deploy` ships the build.
 * JSX is Preact's, compiled by Vite's own transformer: no plugin needed.
 */
export default defineConfig({
  // The dev server may read the repository (the portal imports shared rules from functions/), but never the local
  // stack's data and secrets (.pressroom/), nor what Vite refuses by default.
  server: { fs: { deny: ['.env', '.env.*', '*.{crt,pem}', '**/.git/**', '**/.pressroom/**'] } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Every browser the portal targets (es2022) knows modulepreload: the polyfill would be dead weight.
    modulePreload: { polyfill: false },
    // Everything the readers' pages use goes in one chunk, loaded at once; the editors' pages and the account page
    // (lazy, in app.tsx) and what only they use come later. Left to itself the bundler cuts the shared code into
    // several files. The user-agent reader is shared with the functions (the security notices) and used only by the
    // account page.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'portal', test: (id: string) => !/[\\/](web[\\/]src[\\/](editor|account)|cli)[\\/]|[\\/]functions[\\/]common[\\/]user-agents\./.test(id) }],
        },
      },
    },
  },
});
