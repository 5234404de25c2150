import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

/**
 * index.html preloads the chunks the entry imports dynamically (the app: React and the first
 * screen), so they download while the small entry runs and sends the first calls (src/main.tsx).
 * Other lazy chunks (screens, dialogs) stay unloaded until used.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'dojang-preload-app-chunk',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle, chunk }) {
        if (!bundle || !chunk) return html;
        const files = new Set<string>();
        const add = (file: string) => {
          const dep = bundle[file];
          if (files.has(file) || dep?.type !== 'chunk') return;
          files.add(file);
          dep.imports.forEach(add);
        };
        chunk.dynamicImports.forEach(add);
        [chunk.fileName, ...chunk.imports].forEach((file) => files.delete(file)); // the entry and what Vite preloads already
        return {
          html,
          tags: [...files].map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
        };
      },
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), preloadAppChunk()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../dist/renderer'),
    emptyOutDir: true,
    // No inline scripts or styles: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
