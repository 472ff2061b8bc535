/**
 * Peak memory of a store of 100,000 keys, measured in a child process of its own (see
 * bench/memory-child.ts), beside the same process's resident set with an empty emulator.
 *
 * Imported keys are measured the same way in a second child: 5,000 EXTERNAL keys whose material
 * arrived through GetParametersForImport and ImportKeyMaterial (each an RSA decryption, so fewer
 * keys), reported per key beside the AWS_KMS keys, with no target.
 *
 * The target is on the whole process: its peak RSS (`maxRSS`: node, the library's modules, the
 * young generation and the store) stays under 200 MB. The store's share — the peak minus the RSS
 * of the same process with an empty emulator (≈70 MB compiled) — is printed beside it.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { progress, type Row, type Section } from './harness.js'

const LIMIT_MB = 200

interface ChildReport {
  readonly keys: number
  readonly buildMs: number
  readonly rssBeforeMB: number
  readonly rssAfterMB: number
  readonly heapUsedBeforeMB: number
  readonly heapUsedAfterMB: number
  readonly peakRssMB: number
}

/**
 * Runs the section.
 * @returns rows and targets
 */
export const runMemory = (): Section => {
  // Compiled (`npm run bench`), the child is the compiled sibling, run by node alone; run from
  // source (`npx tsx bench/run.ts`), it is the .ts sibling under tsx.
  progress('memory: 100,000 keys in a child process')
  const compiled = import.meta.url.endsWith('.js')
  const child = fileURLToPath(new URL(compiled ? './memory-child.js' : './memory-child.ts', import.meta.url))
  const runChild = (...args: readonly string[]): ChildReport => {
    const out = spawnSync(process.execPath, ['--expose-gc', ...(compiled ? [] : ['--import', 'tsx']), child, ...args], { encoding: 'utf8', timeout: 180_000 })
    if (out.status !== 0) throw new Error(`memory child failed: ${out.stderr}`)
    return JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}') as ChildReport
  }
  const report = runChild()
  progress('memory: 5,000 imported keys in a child process')
  const imported = runChild('imported')
  const mb = (name: string, value: number): { name: string; median: number; p75: number; samples: number; unit: 'MB' } => ({ name, median: value, p75: value, samples: 1, unit: 'MB' })
  const empty = mb('RSS, empty emulator (same process)', report.rssBeforeMB)
  const rows: Row[] = [
    { what: `peak RSS, ${report.keys} keys`, subject: mb('peak', report.peakRssMB), baseline: empty, ratio: report.peakRssMB / report.rssBeforeMB },
    { what: `RSS after GC, ${report.keys} keys`, subject: mb('after', report.rssAfterMB), baseline: empty, ratio: report.rssAfterMB / report.rssBeforeMB },
    { what: `JS heap used, ${report.keys} keys`, subject: mb('heap', report.heapUsedAfterMB), baseline: mb('JS heap used, empty emulator', report.heapUsedBeforeMB), ratio: report.heapUsedAfterMB / report.heapUsedBeforeMB },
    // Imported keys: the JS heap they take, scaled to 100,000 keys, beside the AWS_KMS keys'.
    {
      what: `JS heap of 100,000 keys: imported EXTERNAL keys with expiry (scaled from ${imported.keys}) vs AWS_KMS keys`,
      subject: mb('imported', ((imported.heapUsedAfterMB - imported.heapUsedBeforeMB) * 100_000) / imported.keys),
      baseline: mb('AWS_KMS', ((report.heapUsedAfterMB - report.heapUsedBeforeMB) * 100_000) / report.keys),
      ratio: ((imported.heapUsedAfterMB - imported.heapUsedBeforeMB) / imported.keys) / ((report.heapUsedAfterMB - report.heapUsedBeforeMB) / report.keys),
    },
    // Reported, no target: the resident set grows far more than the JS heap while importing (each
    // import parses a wrapping private key into an OpenSSL KeyObject; native memory the allocator keeps).
    { what: `peak RSS, ${imported.keys} imported keys`, subject: mb('peak', imported.peakRssMB), baseline: mb('RSS, empty emulator (same process)', imported.rssBeforeMB), ratio: imported.peakRssMB / imported.rssBeforeMB },
    { what: `RSS after GC, ${imported.keys} imported keys`, subject: mb('after', imported.rssAfterMB), baseline: mb('RSS, empty emulator (same process)', imported.rssBeforeMB), ratio: imported.rssAfterMB / imported.rssBeforeMB },
  ]
  return {
    title: 'Memory of a store of 100,000 keys, and of imported keys (child processes)',
    rows,
    targets: [{
      name: `100k keys in under ${LIMIT_MB} MB RSS (the whole process's peak)`,
      pass: report.keys === 100_000 && report.peakRssMB < LIMIT_MB,
      detail: `peak ${report.peakRssMB.toFixed(1)} MB, of which the store ${(report.peakRssMB - report.rssBeforeMB).toFixed(1)} MB over the empty emulator's ${report.rssBeforeMB.toFixed(1)} MB (${report.keys} keys built in ${report.buildMs} ms${compiled ? '' : '; run from source under tsx, which takes ≈30 MB more: `npm run bench` measures the compiled code'})`,
    }],
    facts: { ...report, compiled, imported },
  }
}
