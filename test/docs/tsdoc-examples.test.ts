/**
 * Every `@example` of every TSDoc comment under src/ is extracted and run, so no stale example can
 * land. Examples are self-contained (their own imports, from the package's entry points or node
 * built-ins) and state their results with node:assert.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const outDir = join(root, 'test', '.examples')
/**
 * What an example may import: the package's entry points (aliased to src/ by the vitest config), node
 * built-ins, and fast-check (a dependency: the conformance commands are fast-check commands).
 */
const ENTRY_POINTS = /^(kms-key-import(\/testing|\/http|\/conformance)?|fast-check|node:[a-z_/]+)$/
/** Generated data, not documentation: too large to scan, and it has no examples. */
const skipped = new Set(['src/testing/fixture-keys.ts'])

/** An `@example` block: the line of its tag (1-based) and its code. */
export interface TsdocExample {
  readonly line: number
  readonly code: string
}

/**
 * The `@example` blocks of a source file: in each `/** … *\/` comment, the lines after `@example`
 * up to the next block tag or the end of the comment, without their leading ` * `. A ```ts fence
 * around the code is allowed and stripped; inside a fence, a line starting with `@` is code.
 */
export const tsdocExamples = (source: string): TsdocExample[] => {
  const examples: TsdocExample[] = []
  const lines = source.split('\n')
  let inComment = false
  let current: { line: number; code: string[]; fenced: boolean } | undefined
  const finish = (): void => {
    if (current === undefined) return
    const code = current.code.filter((l) => !/^```(ts|typescript)?\s*$/.test(l.trim()))
    while (code.length > 0 && (code[code.length - 1] ?? '').trim() === '') code.pop()
    while (code.length > 0 && (code[0] ?? '').trim() === '') code.shift()
    examples.push({ line: current.line, code: code.join('\n') })
    current = undefined
  }
  lines.forEach((raw, i) => {
    if (!inComment) {
      if (!/^\s*\/\*\*/.test(raw) || /\*\/\s*$/.test(raw.replace(/^\s*\/\*\*/, ''))) return
      inComment = true
      return
    }
    const closes = /\*\/\s*$/.test(raw)
    const text = raw.replace(/\*\/\s*$/, '').replace(/^\s*\* ?/, '').replace(/^\s*$/, '')
    const fenced = current?.fenced ?? false
    if (!fenced && /^@\w+/.test(text)) {
      finish()
      if (text.startsWith('@example')) current = { line: i + 1, code: [], fenced: false }
    } else if (current !== undefined && !(closes && text.trim() === '')) {
      if (/^```/.test(text.trim())) current.fenced = !current.fenced
      current.code.push(text)
    }
    if (closes) {
      finish()
      inComment = false
    }
  })
  return examples
}

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []))
    .map((f) => relative(root, f).replaceAll('\\', '/'))
    .filter((f) => !skipped.has(f))
    .sort()

const examples = sources(join(root, 'src')).flatMap((file) =>
  tsdocExamples(readFileSync(join(root, file), 'utf8')).map((e) => ({
    name: `${file}:${e.line}`,
    path: join(outDir, `tsdoc-${file.replace(/^src\//, '').replaceAll('/', '_').replace(/\.ts$/, '')}-${e.line}.ts`),
    source: `${e.code}\nexport {}\n`,
    ...e,
  })))

/**
 * Type-checks the examples as the project's tsconfig.json would (strict, NodeNext, the package
 * names mapped to src/), from memory: only diagnostics of the examples themselves count.
 */
const typeErrors = (): string[] => {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })
  if (config === undefined) throw new Error('cannot read tsconfig.json')
  const virtual = new Map(examples.map((e) => [e.path, e.source]))
  const host = ts.createCompilerHost(config.options)
  const { getSourceFile, fileExists, readFile } = host
  host.getSourceFile = (name, language, ...rest) => {
    const text = virtual.get(name)
    return text === undefined ? getSourceFile.call(host, name, language, ...rest) : ts.createSourceFile(name, text, language)
  }
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name)
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name)
  const program = ts.createProgram([...virtual.keys()], { ...config.options, noEmit: true }, host)
  return ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && virtual.has(d.file.fileName))
    .map((d) => {
      const example = examples.find((e) => e.path === d.file?.fileName)
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0)
      return `${example?.name ?? '?'} (example line ${line + 1}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
    })
}

// Only this spec's files: test/docs/examples.test.ts writes its own beside them.
mkdirSync(outDir, { recursive: true })
for (const f of readdirSync(outDir)) if (f.startsWith('tsdoc-')) rmSync(join(outDir, f), { force: true })

describe('the @example blocks of src/', () => {
  it('finds examples to run', () => {
    expect(examples.length).toBeGreaterThan(0)
  })

  it('extracts an example up to the next tag, unfenced', () => {
    const source = ['/**', ' * Doc.', ' * @example', ' * ```ts', ' * const a = 1', ' * ```', ' * @since 0.1.0', ' */'].join('\n')
    expect(tsdocExamples(source)).toEqual([{ line: 3, code: 'const a = 1' }])
    expect(tsdocExamples('/**\n * @example\n * f()\n */')).toEqual([{ line: 2, code: 'f()' }])
  })

  // One tsc run over every example: seconds alone, much longer on a loaded 2-core machine.
  it('type-checks every example', () => {
    expect(typeErrors()).toEqual([])
  }, 180_000)

  it.each(examples.map((e) => [e.name, e] as const))('%s', async (_name, example) => {
    expect(example.code, 'an empty @example').not.toBe('')
    const imports = [...example.code.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1])
    expect(imports.filter((i) => !ENTRY_POINTS.test(i ?? '')), 'imports other than the entry points and node built-ins').toEqual([])
    const write = (): void => {
      mkdirSync(outDir, { recursive: true })
      writeFileSync(example.path, example.source)
    }
    write()
    try {
      await import(pathToFileURL(example.path).href)
    } catch (error) {
      // test/docs/examples.test.ts empties the folder when it loads, maybe in parallel with this
      // spec: a file that vanished is written and run again; any other failure is the example's
      if (existsSync(example.path)) throw error
      write()
      await import(`${pathToFileURL(example.path).href}?again`)
    }
  })
})
