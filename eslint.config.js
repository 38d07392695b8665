import fs from 'node:fs';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** One-way imports (house style): app → features → generic; shared/ stands alone. */
const restrict = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.artifacts/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  restrict(['shared/**/*.ts'], [
    { group: ['@keyway/server', '@keyway/web', '**/server/**', '**/web/**'], message: 'shared/ imports nothing from server/ or web/.' },
  ]),
  restrict(['web/src/components/**', 'web/src/lib/**'], [
    { group: ['@/features/*', '@/app/*', '../features/*', '../app/*'], message: 'Generic code must not depend on features or the app shell.' },
  ]),
  // Every folder in web/src/features is a feature, so a new one is fenced in without editing this list.
  ...fs.readdirSync(new URL('./web/src/features', import.meta.url)).map((feature) =>
    restrict([`web/src/features/${feature}/**`], [
      { group: ['@/app/*'], message: 'Features must not import the app shell.' },
      {
        group: ['@/features/*', `!@/features/${feature}`, `!@/features/${feature}/*`],
        message: 'A feature does not import another feature; move what both need down to components/ or lib/.',
      },
    ]),
  ),
  restrict(['server/src/**/*.ts'], [{ group: ['@keyway/web', '**/web/src/**'], message: 'The server does not import web code.' }]),
);
