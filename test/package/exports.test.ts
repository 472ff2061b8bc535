/**
 * The package as a user installs it: `npm run build`'s output (scripts/build.ts: entries bundled
 * by esbuild, .d.ts files by tsc), built afresh into a scratch `node_modules/kms-key-import` whose
 * dependencies are this repository's, then used only through its package.json:
 *
 * - `npm pack` ships every file `exports` and `bin` name, with its source map, and nothing else;
 * - each export imports in a plain node process and offers exactly the names of its source entry;
 * - each export is also `require`d by a CommonJS module (node's require of ES modules, Node ≥ 20.19,
 *   the package's engines) with the same names: `exports` names a `default` beside `import`;
 * - entries share one instance of each module (code splitting, not one copy per entry);
 * - the main entry loads only fp-ts, io-ts and immutable when imported: the optional libraries
 *   (src/crypto/libraries.ts) and node's `node:crypto` and `node:module` (src/crypto/builtins.ts)
 *   load on first use, so the import loads no built-in module those three do not load themselves;
 * - a TypeScript consumer (NodeNext, with the project's own skipLibCheck) type-checks against the
 *   declarations that `exports` points at, from an ES module and from CommonJS (`import … = require`);
 * - the bin prints `--version`;
 * - the README and the docs it ships link only to docs it ships (rules, evidence, decisions), so
 *   an installed copy's links to them are not dead.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  readonly version: string
  readonly exports: Record<string, string | { readonly types: string, readonly import: string }>
  readonly bin: Record<string, string>
  readonly files: readonly string[]
}
/** The entry points: subpath of the package → its source (what vitest's aliases import). */
const ENTRIES = {
  'kms-key-import': () => import('kms-key-import'),
  'kms-key-import/testing': () => import('kms-key-import/testing'),
  'kms-key-import/http': () => import('kms-key-import/http'),
  'kms-key-import/conformance': () => import('kms-key-import/conformance'),
} as const
const code = Object.entries(pkg.exports).flatMap(([k, v]) => (typeof v === 'string' ? [] : [{ subpath: k, ...v }]))

let scratch: string
let installed: string
const node = async (args: readonly string[]): Promise<string> =>
  (await run(process.execPath, [...args], { cwd: scratch, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } })).stdout

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'kki-package-'))
  installed = join(scratch, 'node_modules', 'kms-key-import')
  mkdirSync(installed, { recursive: true })
  // the dependencies, as npm would install them beside the package
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name.startsWith('.') || name === 'kms-key-import') continue
    symlinkSync(join(root, 'node_modules', name), join(scratch, 'node_modules', name), 'dir')
  }
  for (const f of ['package.json', 'README.md', 'LICENSE']) copyFileSync(join(root, f), join(installed, f))
  await run(process.execPath, ['--import', 'tsx', join(root, 'scripts/build.ts'), '--outdir', join(installed, 'dist')], { cwd: root })
}, 240_000)

afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true })
})

describe('the built package', () => {
  it('npm pack ships what package.json names, each script with its source map, and nothing outside files', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: installed, encoding: 'utf8' })
    const files = new Set((JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path))
    const named = [...code.flatMap((e) => [e.types, e.import]), ...Object.values(pkg.bin)].map((p) => p.replace(/^\.\//, ''))
    expect(named.filter((p) => !files.has(p))).toEqual([])
    const scripts = [...files].filter((f) => f.endsWith('.js'))
    expect(scripts.filter((f) => !files.has(`${f}.map`))).toEqual([])
    expect([...files].filter((f) => !['package.json', ...pkg.files].some((allowed) => f === allowed || f.startsWith(`${allowed}/`)))).toEqual([])
  })

  it.each(Object.keys(ENTRIES))('%s imports in node and offers the names of its source entry', async (entry) => {
    const source = await ENTRIES[entry as keyof typeof ENTRIES]()
    const out = await node(['--input-type=module', '-e', `const m = await import(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(m).sort()))`])
    expect(JSON.parse(out)).toEqual(Object.keys(source).sort())
  })

  it.each(Object.keys(ENTRIES))('%s is required by a CommonJS module and offers the names of its source entry', async (entry) => {
    const source = await ENTRIES[entry as keyof typeof ENTRIES]()
    // `node -e` runs CommonJS: require() of the ES module, as a .cjs file of an application would
    const out = await node(['-e', `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(entry)})).sort()))`])
    expect(JSON.parse(out)).toEqual(Object.keys(source).sort())
  })

  it('a CommonJS module and an ES module share one instance of each module', async () => {
    const out = await node(['-e', [
      "const { createEmulator } = require('kms-key-import'); const { createDeterministicProvider } = require('kms-key-import/testing')",
      "import('kms-key-import').then(async (esm) => {",
      "  const kms = createEmulator({ crypto: createDeterministicProvider() })",
      "  console.log(JSON.stringify([esm.createEmulator === createEmulator, (await kms.invoke('CreateKey', {}))._tag]))",
      '  kms.close()',
      '})',
    ].join('\n')])
    expect(JSON.parse(out)).toEqual([true, 'Right'])
  })

  it('entries share one instance of each module', async () => {
    const out = await node(['--input-type=module', '-e', [
      "const main = await import('kms-key-import'); const testing = await import('kms-key-import/testing'); const http = await import('kms-key-import/http')",
      'console.log(JSON.stringify([main.manualClock === testing.manualClock, main.createEmulator({ crypto: testing.createDeterministicProvider() }).profile === main.defaultProfile, typeof http.serve]))',
    ].join('\n')])
    expect(JSON.parse(out)).toEqual([true, true, 'function'])
  })

  it('the main entry loads only fp-ts, io-ts and immutable at import, no node built-in', () => {
    // the static imports of every file the main entry reaches (esbuild writes one per line)
    const packages = new Set<string>()
    const seen = new Set<string>()
    const visit = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      for (const [, spec = ''] of readFileSync(file, 'utf8').matchAll(/^(?:import\s*|[^\n]*?\bfrom\s*)"([^"]+)";?$/gm)) {
        if (spec.startsWith('.')) visit(join(dirname(file), spec))
        else packages.add(spec.startsWith('node:') ? 'node:' : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'))
      }
    }
    visit(join(installed, 'dist/index.js'))
    expect(seen.size).toBeGreaterThan(1)
    expect([...packages].sort()).toEqual(['fp-ts', 'immutable', 'io-ts'])
  })

  it('importing the main entry loads no built-in module that fp-ts, io-ts and immutable do not', async () => {
    const out = await node(['--input-type=module', '-e', [
      "await import('fp-ts/lib/Either.js'); await import('io-ts'); await import('immutable')",
      'const before = new Set(process.moduleLoadList)',
      "const kms = await import('kms-key-import')",
      'const added = process.moduleLoadList.filter((m) => !before.has(m))',
      // and node:crypto is there once a key is made
      "await kms.createEmulator().invoke('CreateKey', {})",
      "console.log(JSON.stringify([added, process.moduleLoadList.includes('NativeModule crypto')]))",
    ].join('\n')])
    expect(JSON.parse(out)).toEqual([[], true])
  })

  it('a TypeScript consumer type-checks against the shipped declarations', async () => {
    writeFileSync(join(scratch, 'consumer.mts'), [
      "import { createEmulator, type Emulator, type Model } from 'kms-key-import'",
      "import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'",
      "import { serve, type ServeOptions } from 'kms-key-import/http'",
      "import { inProcessTarget, type Target } from 'kms-key-import/conformance'",
      'const kms: Emulator = createEmulator({ crypto: createDeterministicProvider(), clock: manualClock(0) })',
      "const request: Model.CreateKeyRequest = { Origin: 'EXTERNAL' }",
      "export const created = kms.invoke('CreateKey', request)",
      'export const target: Target = inProcessTarget(kms)',
      'export const start: (o: ServeOptions) => unknown = serve',
      '',
    ].join('\n'))
    writeFileSync(join(scratch, 'consumer.cts'), [
      "import kms = require('kms-key-import')",
      "import testing = require('kms-key-import/testing')",
      "import conformance = require('kms-key-import/conformance')",
      'const emulator: kms.Emulator = kms.createEmulator({ crypto: testing.createDeterministicProvider(), clock: testing.manualClock(0) })',
      "export const created = emulator.invoke('CreateKey', { Origin: 'EXTERNAL' })",
      'export const target: conformance.Target = conformance.inProcessTarget(emulator)',
      '',
    ].join('\n'))
    const tsc = join(root, 'node_modules/typescript/bin/tsc')
    const result = await run(process.execPath, [tsc, '--noEmit', '--strict', '--exactOptionalPropertyTypes', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', 'consumer.mts', 'consumer.cts'], { cwd: scratch, encoding: 'utf8' })
      .then(() => '', (e: { stdout?: string }) => e.stdout ?? String(e))
    expect(result).toBe('')
  }, 120_000)

  it('the README and the shipped docs link only to docs the package ships', async () => {
    // packed from the repository itself: the docs are files of the repository, not of the build
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })
    const shipped = new Set((JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path))
    const markdown = [...shipped].filter((f) => f.endsWith('.md'))
    expect(markdown).toEqual(expect.arrayContaining(['README.md', 'docs/guide.md', 'docs/evidence.md', 'docs/decisions.md', 'docs/rules/README.md']))
    const dead: string[] = []
    for (const file of markdown) {
      for (const [, target] of readFileSync(join(root, file), 'utf8').matchAll(/\]\(([^)#\s]+\.md)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue
        const resolved = join(dirname(file), target!)
        if (!shipped.has(resolved)) dead.push(`${file} → ${target!}`)
      }
    }
    expect(dead).toEqual([])
  })

  it('the bin prints the package version', async () => {
    const [bin = ''] = Object.values(pkg.bin)
    expect(readFileSync(join(installed, bin), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node')
    expect(await node([join(installed, bin), '--version'])).toBe(`kms-key-import ${pkg.version}\n`)
  })
})
