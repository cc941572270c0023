import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

const root = resolve(import.meta.dirname, '..')

export default defineConfig({
  root,
  test: {
    reporters: ['default', ['json', { outputFile: resolve(root, '.ci-out/vitest.json') }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          environment: 'node',
          include: ['tests/core/**/*.test.ts', 'tests/main/**/*.test.ts', 'tests/shared/**/*.test.ts'],
          typecheck: { enabled: true, include: ['tests/shared/**/*.test-d.ts'], tsconfig: resolve(root, 'tsconfig.json') }
        }
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/renderer/setup.ts']
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.ts'],
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      },
      {
        extends: true,
        test: {
          name: 'electron',
          environment: 'node',
          include: ['tests/electron/**/*.e2e.ts'],
          fileParallelism: false,
          testTimeout: 60_000
        }
      }
    ]
  }
})
