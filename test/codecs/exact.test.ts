/**
 * Every request codec decodes exactly the members it declares: an unknown member — including one
 * that a later era declares, such as ImportType under `classic` — is ignored (RULES.md §1, §4) and
 * absent from the decoded request, so no operation can read it unvalidated.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as kms from 'kms-key-import'
import type { Profile } from 'kms-key-import'
import { profiles } from '../../src/profiles/index.js'

/** Every `…Request` codec builder the package exports. */
type Builder = (p: Profile) => { decode: (u: unknown) => { _tag: string; right?: unknown } }
const builders = (Object.entries(kms) as [string, unknown][])
  .filter((e): e is [string, Builder] => e[0].endsWith('Request') && typeof e[1] === 'function')

/** A member name no codec declares (and none of the prototype's). */
const unknownName = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !/^[A-Z]/.test(k) && !(k in Object.prototype))

describe('request codecs are exact', () => {
  it('the package exports the eighteen of them', () => {
    expect(builders.map(([name]) => name).sort()).toHaveLength(18)
  })

  it.each(profiles.map((p) => [p.name, p] as const))('%s: an unknown member never reaches a decoded request', (_, profile) => {
    fc.assert(fc.property(fc.constantFrom(...builders), unknownName, fc.jsonValue(), ([, build], name, value) => {
      // a request that decodes (every member optional but KeyId, which any string satisfies here),
      // plus the unknown member
      const request = { KeyId: 'alias/example', [name]: value }
      const decoded = build(profile).decode(request)
      if (decoded._tag === 'Right') expect(Object.keys(decoded.right as object)).not.toContain(name)
    }))
  })

  it('classic and 2023-10-10 drop the 2025 members ImportType, KeyMaterialId and KeyMaterialDescription', () => {
    const request = {
      KeyId: 'alias/example', ImportToken: 'AAAA', EncryptedKeyMaterial: 'AAAA', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      ImportType: 'NOT_A_VALUE', KeyMaterialId: 42, KeyMaterialDescription: ['x'],
    }
    for (const name of ['classic', '2023-10-10'] as const) {
      const profile = profiles.find((p) => p.name === name) as Profile
      const decoded = kms.ImportKeyMaterialRequest(profile).decode(request)
      expect(decoded._tag === 'Right' && Object.keys(decoded.right).sort()).toEqual(['EncryptedKeyMaterial', 'ExpirationModel', 'ImportToken', 'KeyId'])
    }
    const latest = profiles.find((p) => p.name === '2025-06-05') as Profile
    expect(kms.ImportKeyMaterialRequest(latest).decode(request)._tag).toBe('Left') // declared there, and invalid
  })
})
