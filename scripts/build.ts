/**
 * `npm run build`: the package as it is published, in dist/ (or in the directory after `--outdir`,
 * which test/package/exports.test.ts uses to build a copy of its own).
 *
 * - **JavaScript: bundled by esbuild.** Every entry point that package.json names — the `import`
 *   target of each of `exports` and the `bin` — is built from its source under src/ (dist/X.js
 *   from src/X.ts), as ES modules with code splitting: what several entries share lives in chunks
 *   (dist/chunks/), so an application importing `kms-key-import` and `kms-key-import/testing` has
 *   one instance of each module. Dependencies stay imports of the installed packages
 *   (`packages: 'external'`); the libraries only some profiles need are still loaded on first use
 *   (src/crypto/libraries.ts). Source maps beside each file, with the sources inlined.
 *   Why: loading ≈150 compiled files one by one cost more than everything they do at import
 *   (docs/performance.md, "lean start").
 * - **Types: tsc** (`--emitDeclarationOnly`), one .d.ts per source file, as before: `exports`
 *   points each entry's `types` at them.
 *
 * The output directory is emptied first, so no file of an older build is published.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

interface PackageJson {
  readonly exports: Record<string, string | { readonly import?: string }>
  readonly bin: Record<string, string>
}

/** The source of each JavaScript file package.json points at: ./dist/X.js ← src/X.ts. */
const entryPoints = (pkg: PackageJson): readonly string[] => {
  const targets = [
    ...Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : e.import === undefined ? [] : [e.import])),
    ...Object.values(pkg.bin),
  ].filter((t) => t.startsWith('./dist/') && t.endsWith('.js'))
  return [...new Set(targets)].map((t) => join(root, 'src', `${t.slice('./dist/'.length, -'.js'.length)}.ts`))
}

const main = async (argv: readonly string[]): Promise<void> => {
  const at = argv.indexOf('--outdir')
  const outdir = resolve(root, at === -1 ? 'dist' : (argv[at + 1] ?? 'dist'))
  rmSync(outdir, { recursive: true, force: true })

  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const types = spawnSync(process.execPath, [tsc, '-p', join(root, 'src/tsconfig.json'), '--emitDeclarationOnly', '--outDir', outdir], { stdio: 'inherit' })
  if (types.status !== 0) throw new Error(`tsc --emitDeclarationOnly failed (${String(types.status ?? types.signal)})`)

  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson
  await build({
    entryPoints: [...entryPoints(pkg)],
    outdir,
    outbase: join(root, 'src'),
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    sourcemap: true,
    tsconfig: join(root, 'src/tsconfig.json'),
    logLevel: 'warning',
  })
}

await main(process.argv.slice(2))
