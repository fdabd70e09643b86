import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './eslint.layers.mjs';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.package/**', // npm run package's staging folder
      'out/**',
      'test/e2e/tools/**',
      'test/e2e/run/**',
      'bench/.data/**',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // docs/architecture.md: core <- data, backend <- engine; server, cli and client at the edges (eslint.layers.mjs).
    files: ['{core,protocol,data,backend,engine,server,cli,client}/**/*.ts'],
    plugins: { relgraph: layersPlugin },
    rules: { 'relgraph/layers': 'error' },
  },
);
