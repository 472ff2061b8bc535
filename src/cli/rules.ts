/**
 * `npm run docs:rules`: writes the generated rules reference (docs/rules/, docs/decisions.md)
 * from the profiles' data. With `--check` it writes nothing and exits 1 when a committed file is
 * stale.
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generatedDocs, stateDiagram } from '../docs/rules-reference.js'
import { profiles } from '../profiles/index.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

const GUIDE = 'docs/guide.md'
const START = '<!-- generated:state-diagram:start -->'
const END = '<!-- generated:state-diagram:end -->'

/**
 * Replaces the generated block of a hand-written page (the guide's state diagram).
 * @param text - the page
 * @param block - the generated content
 * @returns the page with the block between its markers replaced
 * @since 0.1.0
 */
export const withGeneratedBlock = (text: string, block: string): string => {
  const a = text.indexOf(START)
  const b = text.indexOf(END)
  if (a === -1 || b < a) return text
  return `${text.slice(0, a + START.length)}\n${block}\n${text.slice(b)}`
}

/**
 * Every generated file, including the guide with its generated block, as it should be on disk.
 * @param dir - repository root
 * @returns path → content
 * @since 0.1.0
 */
export const expectedDocs = (dir: string = root): ReadonlyMap<string, string> => {
  const files = new Map(generatedDocs(profiles))
  files.set(GUIDE, withGeneratedBlock(readFileSync(join(dir, GUIDE), 'utf8'), stateDiagram()))
  return files
}

/**
 * The generated files that differ from what is on disk.
 * @param dir - repository root
 * @returns paths of stale or missing files
 * @since 0.1.0
 */
export const staleDocs = (dir: string = root): readonly string[] =>
  [...expectedDocs(dir)].filter(([path, content]) => {
    try {
      return readFileSync(join(dir, path), 'utf8') !== content
    } catch {
      return true
    }
  }).map(([path]) => path)

const main = (): void => {
  if (process.argv.includes('--check')) {
    const stale = staleDocs()
    for (const p of stale) process.stderr.write(`stale: ${p}\n`)
    process.exitCode = stale.length === 0 ? 0 : 1
    return
  }
  for (const [path, content] of expectedDocs()) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
    process.stdout.write(`wrote ${path}\n`)
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main()
