import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      // The library query worker is its own entry (out/main/library-worker.js): long
      // queries run there, off the main process.
      lib: {
        entry: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'library-worker': resolve(__dirname, 'electron/core/library/query-worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': bundle everything else into it.
      externalizeDeps: false,
      lib: { entry: resolve(__dirname, 'electron/preload/index.ts') }
    }
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    build: {
      rolldownOptions: { input: resolve(__dirname, 'renderer/index.html') }
    },
    plugins: [react()]
  }
})
