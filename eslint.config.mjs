// Lint: typescript-eslint's recommended rules over every workspace, and Next.js's and React's
// hooks rules over the web app; Prettier owns formatting.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nextRules = nextPlugin.configs['core-web-vitals'];
const hooksRules = reactHooks.configs.flat.recommended;

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'functions/lib/**',
      'bench/etl/floor/lib/**',
      'web/.next/**',
      'web/.apphosting/**',
      'web/next-env.d.ts',
      '.data/**',
      '.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The web app: Next.js's rules (core web vitals included) and the rules of hooks, with the React
    // Compiler's checks; a missing effect dependency is an error here, not a warning to scroll past.
    files: ['web/**/*.{ts,tsx}'],
    plugins: { ...nextRules.plugins, ...hooksRules.plugins },
    settings: { next: { rootDir: 'web/' } },
    rules: { ...nextRules.rules, ...hooksRules.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Command-line scripts, benchmarks and tests talk to a person on the console.
    files: ['scripts/**', 'bench/**', 'tests/**', '**/*.mjs', '**/*.js'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        URL: 'readonly',
      },
    },
  },
);
