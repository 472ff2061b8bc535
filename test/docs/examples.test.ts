/**
 * Every TypeScript code block of README.md and docs/*.md is extracted and run, so no stale example
 * can land. Examples state their results with node:assert.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const outDir = join(root, 'test', '.examples')

/** The ```ts blocks of a Markdown file, with the line each starts on. */
export const codeBlocks = (markdown: string): { readonly line: number; readonly code: string }[] => {
  const blocks: { line: number; code: string }[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i] ?? '')) continue
    const start = i + 1
    let end = start
    while (end < lines.length && !(lines[end] ?? '').startsWith('```')) end++
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') })
    i = end
  }
  return blocks
}

const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]

// Only this spec's own files (other specs write to the same folder, concurrently).
mkdirSync(outDir, { recursive: true })
for (const f of readdirSync(outDir)) if (!f.startsWith('tsdoc-')) rmSync(join(outDir, f), { force: true })

const examples = docs.flatMap((doc) => codeBlocks(readFileSync(join(root, doc), 'utf8')).map((b) => [doc, b.line, b.code] as const))

describe('the examples of README.md and docs/*.md', () => {
  it('finds examples to run', () => {
    expect(examples.length).toBeGreaterThan(0)
  })
  it.each(examples)('run: %s line %i', async (doc, line, code) => {
    const file = join(outDir, `${doc.replaceAll('/', '_')}-${line}.ts`)
    writeFileSync(file, `${code}\nexport {}\n`)
    await import(pathToFileURL(file).href)
  })
})
