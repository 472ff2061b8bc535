/**
 * A scanner for secret bytes in text: finds a secret whatever encoding put it there.
 *
 * Rather than search the text for every encoding of every secret, the scanner decodes every run of
 * the text that could carry bytes — hex (also with `:` or space separators, as `<Buffer 0a 1b …>`),
 * standard and URL-safe base64 (at each of the four character alignments, so a secret at any
 * byte offset of a larger blob is found), decimal byte lists (`Array.from`, `util.inspect` of a
 * `Uint8Array`, `{"0":12,"1":34}` of `JSON.stringify`), and the text's own characters as latin1
 * and UTF-8 — and looks for each secret's probes in the decoded bytes with `Buffer.indexOf`.
 *
 * A secret's probes: the whole secret, and for secrets longer than 16 bytes its first and last 16
 * bytes too, so that part of a secret is found as well as all of it. Structured secrets (PKCS#8
 * private keys, whose first bytes are ASN.1 headers every key shares, and whose modulus is public)
 * are registered as the whole DER plus their private components (d, p, q, dp, dq, qi).
 */
import { createPrivateKey } from 'node:crypto'

/** A secret to look for. */
export interface SecretBytes {
  /** What it is, for reports. */
  readonly label: string
  readonly bytes: Uint8Array
  /** Look for the whole secret only (not its first and last 16 bytes). */
  readonly wholeOnly?: boolean
}

/** A secret found in some output. */
export interface Leak {
  readonly secret: string
  readonly output: string
  /** The encoding the scanner decoded it from. */
  readonly via: string
}

/**
 * The secrets of a PKCS#8 private key: the DER itself, and its private components (for RSA: d, p,
 * q, dp, dq, qi; for EC: d), each at least 16 bytes.
 * @param label - names the key
 * @param pkcs8 - the DER
 * @returns the secrets
 */
export const privateKeySecrets = (label: string, pkcs8: Uint8Array): SecretBytes[] => {
  const jwk = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }) as Record<string, unknown>
  const out: SecretBytes[] = [{ label: `${label} (PKCS#8)`, bytes: pkcs8, wholeOnly: true }]
  for (const c of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
    const v = jwk[c]
    if (typeof v !== 'string') continue
    const bytes = new Uint8Array(Buffer.from(v, 'base64url'))
    if (bytes.length >= 16) out.push({ label: `${label} (${c})`, bytes })
  }
  return out
}

const probesOf = (s: SecretBytes): Buffer[] => {
  const b = Buffer.from(s.bytes)
  return s.wholeOnly === true || b.length <= 16 ? [b] : [b, b.subarray(0, 16), b.subarray(b.length - 16)]
}

const HEX = /[0-9a-fA-F]{32,}/g
const HEX_SEPARATED = /(?:[0-9a-fA-F]{2}[ :,-]){15,}[0-9a-fA-F]{2}/g
const BASE64 = /[A-Za-z0-9+/]{21,}/g
const BASE64URL = /[A-Za-z0-9_-]{21,}/g
const DECIMALS = /\d{1,3}(?:\s*,\s*\d{1,3}){15,}/g
const JSON_INDEXED = /(?:"\d+"\s*:\s*\d{1,3}\s*,?\s*){16,}/g

/** Every byte sequence a text could be carrying. */
const decodings = (text: string): { via: string; bytes: Buffer }[] => {
  const out: { via: string; bytes: Buffer }[] = [
    { via: 'latin1 characters', bytes: Buffer.from(text, 'latin1') },
    { via: 'UTF-8 characters', bytes: Buffer.from(text, 'utf8') },
  ]
  for (const m of text.matchAll(HEX)) {
    out.push({ via: 'hex', bytes: Buffer.from(m[0].length % 2 === 0 ? m[0] : m[0].slice(0, -1), 'hex') })
    out.push({ via: 'hex (odd offset)', bytes: Buffer.from(m[0].slice(1, m[0].length - ((m[0].length - 1) % 2)), 'hex') })
  }
  for (const m of text.matchAll(HEX_SEPARATED)) out.push({ via: 'separated hex', bytes: Buffer.from(m[0].replace(/[ :,-]/g, ''), 'hex') })
  for (const [re, enc] of [[BASE64, 'base64'], [BASE64URL, 'base64url']] as const) {
    for (const m of text.matchAll(re)) {
      for (let k = 0; k < 4; k++) out.push({ via: `${enc} (+${k})`, bytes: Buffer.from(m[0].slice(k), enc) })
    }
  }
  for (const m of text.matchAll(DECIMALS)) {
    const nums = m[0].split(/\s*,\s*/).map(Number)
    if (nums.every((n) => n <= 255)) out.push({ via: 'decimal list', bytes: Buffer.from(nums) })
  }
  for (const m of text.matchAll(JSON_INDEXED)) {
    const nums = [...m[0].matchAll(/:\s*(\d{1,3})/g)].map((x) => Number(x[1]))
    if (nums.every((n) => n <= 255)) out.push({ via: 'JSON-indexed bytes', bytes: Buffer.from(nums) })
  }
  return out
}

/** Probes indexed by their first four bytes, so a scan costs one hash lookup per decoded byte. */
interface ProbeIndex {
  readonly byPrefix: ReadonlyMap<number, readonly { readonly label: string; readonly probe: Buffer }[]>
  /** Probes shorter than four bytes (never: secrets are at least 16 bytes). */
  readonly short: readonly { readonly label: string; readonly probe: Buffer }[]
}

const indexProbes = (secrets: readonly SecretBytes[]): ProbeIndex => {
  const byPrefix = new Map<number, { label: string; probe: Buffer }[]>()
  const short: { label: string; probe: Buffer }[] = []
  for (const s of secrets) {
    for (const probe of probesOf(s)) {
      if (probe.length < 4) {
        short.push({ label: s.label, probe })
        continue
      }
      const k = probe.readUInt32BE(0)
      byPrefix.set(k, [...(byPrefix.get(k) ?? []), { label: s.label, probe }])
    }
  }
  return { byPrefix, short }
}

const scan = (bytes: Buffer, index: ProbeIndex): Set<string> => {
  const found = new Set<string>()
  for (const p of index.short) if (bytes.indexOf(p.probe) !== -1) found.add(p.label)
  for (let i = 0; i + 4 <= bytes.length; i++) {
    const candidates = index.byPrefix.get(bytes.readUInt32BE(i))
    if (candidates === undefined) continue
    for (const c of candidates) {
      if (i + c.probe.length <= bytes.length && bytes.compare(c.probe, 0, c.probe.length, i, i + c.probe.length) === 0) found.add(c.label)
    }
  }
  return found
}

/**
 * Looks for every secret in every output.
 * @param outputs - named texts
 * @param secrets - the secrets
 * @returns every secret found, where, and how encoded (empty when nothing leaked)
 */
export const findLeaks = (outputs: ReadonlyMap<string, string> | Iterable<readonly [string, string]>, secrets: readonly SecretBytes[]): Leak[] => {
  const index = indexProbes(secrets)
  const leaks: Leak[] = []
  for (const [name, text] of outputs) {
    for (const { via, bytes } of decodings(text)) {
      for (const label of scan(bytes, index)) leaks.push({ secret: label, output: name, via })
    }
  }
  return leaks
}
