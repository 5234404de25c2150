// Lint rules, including the ones that keep the architecture true (see docs/architecture.md):
// only main/electron imports electron; the renderer imports nothing from main/ or cloud/;
// main/ never imports cloud/ (its tests may, to run the real cloud as a peer) and cloud/ never
// imports main/: both share only common/ (pure PKI modules, the error type, the folder lock);
// preload imports only its own contract (and electron, in the Electron preload).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electronOnlyInHost = {
  paths: [{ name: 'electron', message: 'Only main/electron/ may import electron: keep the rest plain, testable TypeScript.' }],
};
const noRenderer = { group: ['**/renderer/**'], message: 'main/, cloud/ and common/ never import the renderer.' };
const noCloud = {
  group: ['**/cloud/**'],
  message: 'main/ and common/ never import the cloud service: the app reaches a cloud over HTTP (main/fincert); shared PKI code is in common/.',
};
const noMain = { group: ['**/main/**'], message: 'cloud/ and common/ never import main/: what they share with the app is in common/.' };

export default tseslint.config(
  { ignores: ['dist/**', 'web/sdk/dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', electronOnlyInHost],
    },
  },
  { files: ['main/**'], rules: { 'no-restricted-imports': ['error', { ...electronOnlyInHost, patterns: [noRenderer, noCloud] }] } },
  { files: ['main/electron/**'], rules: { 'no-restricted-imports': ['error', { patterns: [noRenderer, noCloud] }] } },
  // Tests may start the real cloud service as the peer of the client they test.
  {
    files: ['main/**/*.test.ts', 'main/**/*.test-util.ts'],
    ignores: ['main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { ...electronOnlyInHost, patterns: [noRenderer] }] },
  },
  { files: ['cloud/**'], rules: { 'no-restricted-imports': ['error', { ...electronOnlyInHost, patterns: [noRenderer, noMain] }] } },
  { files: ['common/**'], rules: { 'no-restricted-imports': ['error', { ...electronOnlyInHost, patterns: [noRenderer, noMain, noCloud] }] } },
  // common/'s tests read the shared NPKI fixtures through main/npki's test utilities.
  { files: ['common/**/*.test.ts'], rules: { 'no-restricted-imports': ['error', { ...electronOnlyInHost, patterns: [noRenderer, noCloud] }] } },
  {
    files: ['renderer/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInHost,
          patterns: [
            { group: ['**/main/**', '../../main', '../main'], message: 'The renderer is untrusted: it reaches main/ only through window.dojang.' },
            { group: ['**/cloud/**'], message: 'The renderer never imports the cloud service.' },
            { group: ['node:*'], message: 'The renderer has no Node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.{1,2}/|electron$|zod$)', message: 'preload/ imports only its own contract (and electron, zod types).' },
            { group: ['**/main/**', '**/cloud/**', '**/renderer/**'], message: 'preload/ imports only its own contract.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/browser.ts', 'preload/build-api.ts', 'preload/contract.ts', 'preload/types.ts', 'preload/errors.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The browser-host client runs in a plain page: no electron.' }],
          patterns: [
            { regex: '^(?!\\.{1,2}/|zod$)', message: 'preload/ imports only its own contract.' },
            { group: ['**/main/**', '**/cloud/**', '**/renderer/**'], message: 'preload/ imports only its own contract.' },
          ],
        },
      ],
    },
  },
);
