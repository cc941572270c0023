// Lint rules that keep the layers apart: the core runs under plain Node (tests,
// CLI), the renderer sees main only through window.api.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const noElectron = {
  name: 'electron',
  message: 'Only electron/main (the composition root and thin adapters) and electron/preload may import electron: the core must run under plain Node.'
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.native/**', '.ci-out/**', 'e2e-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off'
    }
  },
  {
    // Plain CommonJS shims loaded with `node -r` (no type information to use).
    ...tseslint.configs.disableTypeChecked,
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' }, parserOptions: { projectService: false } },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    files: ['electron/core/**', 'electron/shared/**', 'scripts/**', 'tests/host/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/main/*', '**/preload/*'], message: 'The core must not depend on the Electron adapters.' }] }]
    }
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['**/electron/core/**', '**/electron/main/**', '**/electron/preload/**'], message: 'The renderer talks to main only through window.api (renderer/src/api.ts).' },
            { group: ['node:*', 'fs', 'path', 'child_process', 'better-sqlite3', 'sharp'], message: 'Node modules are not available in the sandboxed renderer.' }
          ]
        }
      ]
    }
  },
  {
    files: ['eslint.config.mjs'],
    ...tseslint.configs.disableTypeChecked
  }
)
