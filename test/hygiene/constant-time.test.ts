/**
 * Comparison of secret material is constant-time.
 *
 * Timing cannot be measured reliably in a unit test, so this is checked two ways:
 * - behaviour: `secretsEqual` (the comparison of two secrets) is right for equal, different and
 *   different-length bytes;
 * - an audit of `src/`: the comparisons that involve material — two secrets (`secretsEqual`), and
 *   the same-material rule of ImportKeyMaterial, which compares a material's HMAC id with the ids
 *   the key holds (and with the client's KeyMaterialId) — go through `crypto.timingSafeEqual`;
 *   revealed secret bytes are never compared on the line that reveals them; no variable-time
 *   byte comparison (`Buffer.compare`, `.equals`, byte loops, `.every(... === ...)`) appears
 *   anywhere except on the reviewed list of public values below. A new one fails this test until
 *   it is reviewed and listed (or made constant-time).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Secret } from 'kms-key-import'
import { secretsEqual } from '../../src/model/secret.js'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))

const sources = (dir: string): { file: string; text: string }[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return e.name.endsWith('.ts') ? [{ file: relative(SRC, path).replaceAll('\\', '/'), text: readFileSync(path, 'utf8') }] : []
  })

/** Source lines without comments (TSDoc and `//`), with their file and number. */
const codeLines = (): { file: string; line: number; code: string }[] =>
  sources(SRC).flatMap(({ file, text }) =>
    text.split('\n').map((raw, i) => ({ file, line: i + 1, code: raw.replace(/\/\/.*$/, '') })).filter(({ code }) => !/^\s*(\*|\/\*\*)/.test(code)))

/** Variable-time byte comparisons. */
const VARIABLE_TIME = [
  /Buffer\.compare\(/,
  /\.equals\(/,
  /\.every\(\(\w+, ?\w+\) => \w+ [!=]== /,
  /\w+\[\w+\] ?[!=]== ?\w+\[\w+\]/, // element by element
  /for \(.*\) if \(\w+\[\w+\] ?[!=]==/, // a byte loop that stops at the first difference
]

/** The variable-time comparisons in src/, reviewed: each compares public values only. */
const REVIEWED: readonly { readonly file: string; readonly fragment: string; readonly why: string }[] = [
  { file: 'crypto/token.ts', fragment: 'token[i] !== MAGIC[i]', why: 'the public 4-byte magic of a token' },
  { file: 'crypto/ciphertext.ts', fragment: 'blob[i] !== magic[i]', why: 'the public 4-byte magic of a ciphertext blob (KKC1, or KKM1 for a multi-Region key)' },
  { file: 'crypto/rsa-padding.ts', fragment: 'db[i] !== 0', why: 'EMSA-PSS verification of a public signature' },
  { file: 'material/pkcs8.ts', fragment: 'given.every((b, i) => b === derived[i])', why: 'an EC public point against the one derived (public)' },
  { file: 'crypto/sm2pke.ts', fragment: 'reencoded.every((b, i) => b === der[i])', why: 'the DER framing of an SM2 ciphertext (public)' },
]

describe('constant-time comparison of material', () => {
  it('secretsEqual is true exactly for the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), fc.nat(), (a, b, at) => {
        expect(secretsEqual(Secret.of(a), Secret.of(b))).toBe(Buffer.from(a).equals(Buffer.from(b)))
        expect(secretsEqual(Secret.of(a), Secret.of(a))).toBe(true)
        if (a.length > 0) {
          const c = Uint8Array.from(a)
          c[at % a.length] = (c[at % a.length] ?? 0) ^ 1
          expect(secretsEqual(Secret.of(a), Secret.of(c))).toBe(false)
        }
      }),
    )
  })

  it('secretsEqual and the same-material rule compare with crypto.timingSafeEqual', () => {
    const secret = readFileSync(join(SRC, 'model/secret.ts'), 'utf8')
    const body = secret.slice(secret.indexOf('export const secretsEqual'))
    // compared by timingSafeEqual, and the revealed copies wiped before the answer is returned
    expect(body.slice(0, body.indexOf('\n}'))).toMatch(/const equal = nodeCrypto\(\)\.timingSafeEqual\(x, y\)\n\s*both\.fill\(0\)\n\s*return equal/)

    const imp = readFileSync(join(SRC, 'operations/import-key-material.ts'), 'utf8')
    // node:crypto's, through the accessor that loads it on first use
    expect(imp).toMatch(/import \{ nodeCrypto \} from '\.\.\/crypto\/builtins\.js'/)
    const same = /const (\w+) = \(a: string, b: string\): boolean => a\.length === b\.length && nodeCrypto\(\)\.timingSafeEqual\(Buffer\.from\(a\), Buffer\.from\(b\)\)/.exec(imp)
    expect(same, 'a constant-time comparison of material ids').not.toBeNull()
    const name = (same as RegExpExecArray)[1] as string
    // every comparison with the computed material id goes through it
    const uses = [...imp.matchAll(/[^\n]*\bid\b[^\n]*/g)].map((m) => m[0]).filter((l) => /[!=]==\s*id\b|\bid\s*[!=]==/.test(l))
    expect(uses, 'material ids compared with === / !==').toEqual([])
    expect(imp.match(new RegExp(`\\b${name}\\(`, 'g'))?.length ?? 0).toBeGreaterThanOrEqual(2)
  })

  it('revealed secret bytes are never compared where they are revealed', () => {
    const offending = codeLines().filter(({ code }) => code.includes('revealSecret(') && /[!=]==|\.every\(|\.equals\(|compare\(|indexOf\(/.test(code))
    expect(offending.map(({ file, line, code }) => `${file}:${line}: ${code.trim()}`)).toEqual([])
  })

  it('no variable-time byte comparison in src/ except the reviewed ones, all on public values', () => {
    const found = codeLines().filter(({ code }) => VARIABLE_TIME.some((re) => re.test(code)))
    const unreviewed = found.filter(({ file, code }) => !REVIEWED.some((r) => r.file === file && code.includes(r.fragment)))
    expect(unreviewed.map(({ file, line, code }) => `${file}:${line}: ${code.trim()}`)).toEqual([])
    // the reviewed list is current: each entry still matches something
    for (const r of REVIEWED) expect(found.some(({ file, code }) => file === r.file && code.includes(r.fragment)), `${r.file}: ${r.fragment}`).toBe(true)
  })
})
