/**
 * Run by bench/memory.ts in a fresh process (`node --expose-gc`, compiled), so that nothing
 * else the benchmarks did is in its memory: the resident set of an emulator before and after it
 * holds 100,000 keys, and the peak (`maxRSS`) of the whole process. Prints one JSON line.
 */
import { createEmulator, createNodeProvider, storeSize } from '../src/index.js'

const KEYS = 100_000
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)
const mb = (bytes: number): number => bytes / (1024 * 1024)

const kms = createEmulator({ profile: '2023-10-10', crypto: createNodeProvider({ pool: false }) })
await kms.invoke('DescribeKey', { KeyId: '00000000-0000-4000-8000-000000000000' })
gc()
const before = process.memoryUsage()
const t = performance.now()
for (let i = 0; i < KEYS; i++) {
  // Symmetric AWS_KMS keys: each holds one 32-byte material, a key-material id and its metadata.
  const r = await kms.invoke('CreateKey', { Description: `key ${i}` })
  if (r._tag === 'Left') throw new Error(r.left.message)
}
const buildMs = performance.now() - t
gc()
const after = process.memoryUsage()
console.log(JSON.stringify({
  keys: storeSize(kms.store()),
  buildMs: Math.round(buildMs),
  rssBeforeMB: mb(before.rss),
  rssAfterMB: mb(after.rss),
  heapUsedBeforeMB: mb(before.heapUsed),
  heapUsedAfterMB: mb(after.heapUsed),
  peakRssMB: process.resourceUsage().maxRSS / 1024,
}))
kms.close()
