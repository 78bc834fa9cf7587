import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'content/**/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Type-aware rules: the TypeScript project service reads tsconfig.json for each file.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A promise nobody awaits loses its errors: await it, return it, or say `void` on purpose.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
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
  {
    // Plain JavaScript files are outside the TypeScript project.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Formatting is Prettier's (npm run format): no ESLint rule may fight it.
  prettier,
);
