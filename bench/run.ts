/**
 * `npm run bench`: every benchmark of docs/performance.md, each figure beside its baseline from
 * the same run, then one PASS/FAIL line per target. Writes bench/results.json (a partial run,
 * `npm run bench -- import`, writes bench/results.partial.json). Exits 1 when a target fails.
 * Not part of `npm test`.
 */
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { runGetParameters } from './get-parameters.js'
import { runImport } from './import.js'
import { runMemory } from './memory.js'
import { runStore } from './store.js'
import { printSection, targetLine, type Section } from './harness.js'

const started = performance.now()
const sections: Section[] = []
const stage = async (name: string, run: () => Section | Promise<Section>): Promise<void> => {
  const t = performance.now()
  const section = await run()
  sections.push(section)
  printSection(section)
  console.log(`(${name}: ${((performance.now() - t) / 1000).toFixed(1)} s)\n`)
}

console.log(`kms-key-import benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB\n`)
// `npm run bench -- import store` runs only those sections (default: all).
const wanted = new Set(process.argv.slice(2))
// The import section runs first: it is the most sensitive to noise, and the parameters section
// leaves RSA-3072/4096 generations running on its providers' RSA workers after its pools close
// (a pool's close() does not stop a generation already running), which would share the two cores
// with the import measurements (at the lowest priority, but still).
const all: readonly (readonly [string, () => Section | Promise<Section>])[] = [
  ['import', runImport], ['parameters', runGetParameters], ['store', runStore], ['memory', runMemory],
]
for (const [name, run] of all) if (wanted.size === 0 || wanted.has(name)) await stage(name, run)

const targets = sections.flatMap((s) => s.targets)
const seconds = (performance.now() - started) / 1000
console.log('## Targets\n')
for (const t of targets) console.log(targetLine(t))
const failed = targets.filter((t) => !t.pass).length
console.log(`\n${targets.length - failed} passed, ${failed} failed (${seconds.toFixed(0)} s)`)

// bench/, whether this runs compiled (bench/.build/bench/run.js) or from source (bench/run.ts)
const benchDir = new URL(import.meta.url.includes('/.build/') ? '../../' : './', import.meta.url)
const out = fileURLToPath(new URL(wanted.size === 0 ? 'results.json' : 'results.partial.json', benchDir))
writeFileSync(out, `${JSON.stringify({
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  seconds: Math.round(seconds),
  sections,
  targets,
}, null, 2)}\n`)
console.log(`wrote ${out}`)
process.exitCode = failed === 0 ? 0 : 1
