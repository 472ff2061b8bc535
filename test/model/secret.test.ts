/**
 * Secrets (src/model/secret.ts): secret bytes never print, and the holder keeps its own copy.
 */
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Secret } from 'kms-key-import'
import { revealSecret, secretsEqual } from '../../src/model/secret.js'

describe('Secret', () => {
  it('never shows its bytes: JSON, String, template literal and util.inspect all print the placeholder', () => {
    const s = Secret.of(new TextEncoder().encode('top secret material'))
    expect(JSON.stringify({ s })).toBe('{"s":"[Secret: redacted]"}')
    expect(String(s)).toBe('[Secret: redacted]')
    expect(`${s}`).toBe('[Secret: redacted]')
    expect(inspect({ s }, { depth: 5, showHidden: true })).not.toContain('top secret')
    expect(Object.keys(s)).toEqual(['length'])
    expect(s.length).toBe(19)
  })

  it('keeps a copy: changing the source or the revealed bytes does not reach it', () => {
    const bytes = new Uint8Array([1, 2, 3])
    const s = Secret.of(bytes)
    bytes[0] = 9
    const revealed = revealSecret(s)
    revealed[1] = 9
    expect(revealSecret(s)).toEqual(new Uint8Array([1, 2, 3]))
    expect(Object.isFrozen(s)).toBe(true)
  })

  it('compares by content', () => {
    expect(secretsEqual(Secret.of(new Uint8Array([1, 2])), Secret.of(new Uint8Array([1, 2])))).toBe(true)
    expect(secretsEqual(Secret.of(new Uint8Array([1, 2])), Secret.of(new Uint8Array([1, 3])))).toBe(false)
    expect(secretsEqual(Secret.of(new Uint8Array([1, 2])), Secret.of(new Uint8Array([1, 2, 0])))).toBe(false)
  })
})
