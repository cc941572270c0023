/** `npm run bench -- <name> [options]`: benchmarks print figures; they are never timed tests. */
const benchName = process.argv[2]
const benches: Record<string, () => Promise<unknown>> = {
  pipeline: () => import('./pipeline'),
  library: () => import('./library'),
  refs: () => import('./refs'),
  resume: () => import('./resume'),
  gallery: () => import('./gallery'),
  prompts: () => import('./prompts'),
  export: () => import('./export'),
  c2pa: () => import('./c2pa')
}
if (!benchName || !benches[benchName]) {
  console.log(`Usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]`)
  process.exit(benchName ? 2 : 0)
}
process.argv.splice(2, 1)
void benches[benchName]!()
