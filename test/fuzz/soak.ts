/**
 * `npm run soak`: the fuzz of `fuzz.test.ts` at length — the same arbitraries (`arbitraries.ts`),
 * the same worlds (`world.ts`) and the same invariants (`invariants.ts`), a million cases by
 * default. Not part of `npm test`.
 *
 *   npm run soak                      # 1,000,000 cases, seed 1
 *   npm run soak -- --cases 200000 --seed 7
 *
 * Prints progress every 50,000 cases with the rate, the first failures in full, a summary of the
 * answers, and last the line `soak: N cases, F failures`; exits 1 when F > 0.
 */
import fc from 'fast-check'
import { operations } from 'kms-key-import'
import { fuzzCase, showCase, type FuzzCase } from './arbitraries.js'
import { checkCase } from './invariants.js'
import { WorldPool, describeWorld } from './world.js'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  const v = i === -1 ? undefined : Number(process.argv[i + 1])
  if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new RangeError(`--${name} takes a non-negative integer`)
  return v ?? fallback
}

const cases = arg('cases', 1_000_000)
const seed = arg('seed', 1)
const PROGRESS_EVERY = 50_000
const BATCH = 10_000
const SHOW_FAILURES = 20

const started = performance.now()
const pool = await WorldPool.create(250)
const arbitrary = fuzzCase((p) => pool.refs(p))
let done = 0
let failures = 0
let lastReport = performance.now()
let lastDone = 0
const outcomes = new Map<string, number>()
const failureKinds = new Map<string, number>()

console.log(`soak: ${cases} cases, seed ${seed}, node ${process.version}`)
for (let batch = 0; done < cases; batch++) {
  const n = Math.min(BATCH, cases - done)
  const values: FuzzCase[] = fc.sample(arbitrary, { seed: seed * 1_000_003 + batch, numRuns: n })
  for (const c of values) {
    const world = await pool.get(c.profile)
    const { answer, failure } = await checkCase(world, c, { compareContents: true })
    done++
    const op = c.target.startsWith('TrentService.') ? c.target.slice('TrentService.'.length) : '?'
    if (failure !== undefined) {
      failures++
      const kind = `${op}: ${failure.replace(/:.*$/s, '').slice(0, 120)}`
      failureKinds.set(kind, (failureKinds.get(kind) ?? 0) + 1)
      // the world after the case: a failed request must not have changed it, so it is the one the case met
      if (failures <= SHOW_FAILURES) console.log(`FAILURE ${failures} (case ${done}): ${failure.slice(0, 300)}\n  case: ${showCase(c, 240)}\n  world: ${describeWorld(world)}`)
    }
    const key = `${Object.hasOwn(operations, op) ? op : '(other-target)'} ${answer}`
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
    if (done % PROGRESS_EVERY === 0) {
      const now = performance.now()
      const rate = ((done - lastDone) / (now - lastReport)) * 1000
      console.log(`soak: ${done}/${cases} cases, ${failures} failures, ${rate.toFixed(0)} cases/s, ${((now - started) / 1000).toFixed(0)} s elapsed, ${pool.rebuilds} world rebuilds`)
      lastReport = now
      lastDone = done
    }
  }
}
pool.close()

const seconds = (performance.now() - started) / 1000
const byTarget = new Map<string, string[]>()
for (const [k, v] of [...outcomes.entries()].sort((a, b) => b[1] - a[1])) {
  const [target = '', answer = ''] = k.split(' ')
  byTarget.set(target, [...(byTarget.get(target) ?? []), `${answer} ${v}`])
}
console.log(`answers by target:\n${[...byTarget.entries()].sort().map(([t, a]) => `  ${t}: ${a.join(', ')}`).join('\n')}`)
if (failureKinds.size > 0) console.log(`failures by kind:\n${[...failureKinds.entries()].map(([k, v]) => `  ${v} × ${k}`).join('\n')}`)
console.log(`duration: ${seconds.toFixed(1)} s (${(done / seconds).toFixed(0)} cases/s), ${pool.rebuilds} world rebuilds`)
console.log(`soak: ${done} cases, ${failures} failures`)
process.exitCode = failures > 0 ? 1 : 0
