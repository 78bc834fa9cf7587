import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'content/**/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Only server/config.ts reads process.env.' }],
    },
  },
  {
    files: ['server/config.ts', 'test/**', 'bench/**', 'scripts/**', '.ci/**', 'vitest.config.ts', 'vite.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['server/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['express', 'kysely', 'better-sqlite3', 'pg', 'pino*'] }],
    },
  },
);
