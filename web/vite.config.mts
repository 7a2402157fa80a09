import { defineConfig } from 'vite';

/**
 * The portal is a static site: `npm start` serves it from source (with this config), `cdk deploy` ships the build.
 * JSX is Preact's, compiled by Vite's own transformer: no plugin needed.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
