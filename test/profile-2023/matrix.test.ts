/**
 * GetParametersForImport over every combination of key spec × wrapping key spec × wrapping
 * algorithm × partition, for the `classic`, `2023-10-10` and `2025-06-05` profiles.
 *
 * Three sources must agree on every row:
 * 1. the profile's own tables (enums, key-spec importability, `wrappingRefusal` and the rule list),
 * 2. the independent, hand-written expectation list (`expectations.ts`, from docs/evidence.md §1/§3/§5/§6),
 * 3. the emulator, driven through `handle` on the wire.
 * The list gives the outcome, the rules that refuse it, which one is named and its exact message
 * (all written by hand); the emulator must answer exactly that. A wrong table, a changed message or
 * a changed precedence cannot pass.
 *
 * The deterministic provider has no SM2 wrapping keys (it answers KMSInternalException), so rows
 * with WrappingKeySpec SM2 run on an emulator with the node:crypto provider (SM2 keygen is fast).
 */
import { createPublicKey } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AsnConvert } from '@peculiar/asn1-schema'
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509'
import { ECParameters } from '@peculiar/asn1-ecc'
import {
  profiles, renderMessage, wrappingRefusal, type Profile as ProfileData, type WrappingRule,
} from 'kms-key-import'
import {
  ALGORITHMS, KEY_SPECS, PROFILES, REGIONS, WRAPPING_KEY_SPECS, enumMessage, expectation, noKeyMessage, ruleMessage,
  type AlgorithmName, type Expectation, type KeySpecName, type Partition, type Profile, type Reason, type WrappingKeySpecName,
} from './expectations.js'
import { DAY_MS, T0, expectError, type JsonObject, type Kms } from '../support/kms.js'
import { createExternal, newKms } from './support.js'

/** Which reason of the expectation list each of the profile's wrapping rules stands for. */
const REASON_OF_RULE: Readonly<Record<string, Reason>> = {
  'pkcs1-retired': 'pkcs1',
  'sm2-spec-china-only': 'sm2-out',
  'sm2pke-china-only': 'sm2-out',
  'rsa-aes-not-in-china': 'aes-cn',
  'sm2pke-needs-sm2-key': 'sm2-pair',
  'sm2-key-needs-sm2pke': 'sm2-pair',
  'rsa-private-key-needs-rsa-aes': 'rsa-oaep',
  'p521-exceeds-oaep-2048': 'p521',
}

const profileData = (name: Profile): ProfileData => {
  const p = profiles.find((x) => x.name === name)
  if (p === undefined) throw new Error(`profile ${name} is not shipped`)
  return p
}

/** What the profile's tables say about one row. */
type TableOutcome =
  | { readonly kind: 'no-key'; readonly exception: 'ValidationException'; readonly message: string }
  | { readonly kind: 'enum'; readonly members: readonly string[]; readonly message: string }
  | { readonly kind: 'rule'; readonly first: WrappingRule; readonly all: readonly WrappingRule[]; readonly message: string }
  | { readonly kind: 'accepted' }

const tableOutcome = (p: ProfileData, partition: Partition, region: string, keySpec: KeySpecName, w: WrappingKeySpecName, a: AlgorithmName): TableOutcome => {
  const rule = p.keySpecs[keySpec]
  if (rule === undefined || (rule.partitions !== undefined && !rule.partitions.includes(partition))) {
    return { kind: 'no-key', exception: 'ValidationException', message: renderMessage(p.messages.keySpecNotInRegion, { keySpec }) }
  }
  if (!rule.importable) {
    return { kind: 'no-key', exception: 'ValidationException', message: renderMessage(p.messages.keySpecNotForOrigin, { keySpec, origin: 'EXTERNAL' }) }
  }
  const violations: string[] = []
  const members: string[] = []
  if (!p.enums.wrappingAlgorithm.includes(a)) {
    members.push('wrappingAlgorithm')
    violations.push(`Value '${a}' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [${p.enums.wrappingAlgorithm.join(', ')}]`)
  }
  if (!p.enums.wrappingKeySpec.includes(w)) {
    members.push('wrappingKeySpec')
    violations.push(`Value '${w}' at 'wrappingKeySpec' failed to satisfy constraint: Member must satisfy enum value set: [${p.enums.wrappingKeySpec.join(', ')}]`)
  }
  if (violations.length > 0) {
    const n = violations.length
    return { kind: 'enum', members, message: `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}` }
  }
  const combination = { algorithm: a, wrappingKeySpec: w, keySpec, partition }
  const first = wrappingRefusal(p, combination)
  if (first === undefined) return { kind: 'accepted' }
  // every rule that refuses the combination, judged by the library's own matcher one rule at a time
  const all = p.wrappingRules.filter((r) => wrappingRefusal({ ...p, wrappingRules: [r] }, combination) !== undefined)
  return { kind: 'rule', first, all, message: renderMessage(first.message, { algorithm: a, wrappingKeySpec: w, keySpec, region }) }
}

/** Asserts that the table and the hand-written list predict the same outcome. */
const expectTableAgreesWithList = (table: TableOutcome, list: Expectation): void => {
  expect(table.kind, 'outcome kind: profile table vs expectation list').toBe(list.kind)
  if (table.kind === 'enum' && list.kind === 'enum') {
    expect([...table.members].sort(), 'enum members: table vs list').toEqual([...list.members].sort())
  }
  if (table.kind === 'rule' && list.kind === 'rule') {
    expect(table.first.exception, 'exception: table vs list').toBe(list.exception)
    for (const r of table.all) expect(REASON_OF_RULE[r.id], `table rule '${r.id}' has no counterpart in the expectation list`).toBeDefined()
    const tableReasons = [...new Set(table.all.map((r) => REASON_OF_RULE[r.id]))].sort()
    expect(tableReasons, 'refusing rules: table vs list').toEqual([...list.reasons].sort())
  }
}

const RSA_SPKI_BYTES: Readonly<Record<string, number>> = { RSA_2048: 294, RSA_3072: 422, RSA_4096: 550 }

interface Row {
  readonly name: string
  readonly keySpec: KeySpecName
  readonly w: WrappingKeySpecName
  readonly a: AlgorithmName
}

const rows: readonly Row[] = KEY_SPECS.flatMap((keySpec) =>
  WRAPPING_KEY_SPECS.flatMap((w) => ALGORITHMS.map((a) => ({ name: `${keySpec} · ${w} · ${a}`, keySpec, w, a }))),
)

describe.each(PROFILES.flatMap((profile) => (Object.keys(REGIONS) as Partition[]).map((partition) => ({ profile, partition, region: REGIONS[partition] }))))(
  'profile $profile in $region: GetParametersForImport',
  ({ profile, partition, region }) => {
    const p = profileData(profile)
    // RSA wrapping keys come from fixtures (deterministic); SM2 wrapping keys need node:crypto
    let det: Kms
    let node: Kms
    const keys = new Map<string, string>() // `${provider}/${keySpec}` → ARN
    const before = new Map<string, unknown>()

    beforeAll(async () => {
      det = newKms({ profile, region, seed: 11 })
      node = newKms({ profile, region, provider: 'node' })
      for (const [label, kms] of [['det', det], ['node', node]] as const) {
        for (const keySpec of KEY_SPECS) {
          const reply = await createExternal(kms, keySpec)
          if (reply.status === 200) {
            const meta = reply.body.KeyMetadata as JsonObject
            keys.set(`${label}/${keySpec}`, meta.Arn as string)
            before.set(meta.Arn as string, (await kms.call('DescribeKey', { KeyId: meta.Arn })).body)
          }
        }
      }
    })

    afterAll(() => {
      det.emulator.close()
      node.emulator.close()
    })

    it.each(KEY_SPECS.map((keySpec) => ({ keySpec })))('CreateKey EXTERNAL $keySpec: as the table and the list say', async ({ keySpec }) => {
      const table = tableOutcome(p, partition, region, keySpec, 'RSA_2048', 'RSAES_OAEP_SHA_256')
      const listSaysNoKey = expectation(profile, partition, keySpec, 'RSA_2048', 'RSAES_OAEP_SHA_256').kind === 'no-key'
      expect(table.kind === 'no-key', 'key creatable: table vs list').toBe(listSaysNoKey)
      const reply = await createExternal(det, keySpec)
      if (listSaysNoKey) expectError(reply, 'ValidationException', noKeyMessage(partition, keySpec))
      else expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    })

    it.each(rows)('$name', async ({ keySpec, w, a }) => {
      const list = expectation(profile, partition, keySpec, w, a)
      const table = tableOutcome(p, partition, region, keySpec, w, a)
      expectTableAgreesWithList(table, list)

      const kms = w === 'SM2' ? node : det
      const arn = keys.get(`${w === 'SM2' ? 'node' : 'det'}/${keySpec}`)
      if (table.kind === 'no-key') {
        expect(arn, 'the emulator created a key the table and the list say cannot exist').toBeUndefined()
        return
      }
      expect(arn, 'the emulator refused a key the table and the list say can exist').toBeDefined()
      const reply = await kms.call('GetParametersForImport', { KeyId: arn, WrappingAlgorithm: a, WrappingKeySpec: w })
      if (list.kind === 'enum') {
        expectError(reply, 'ValidationException', enumMessage(profile, list.members, w, a))
        return
      }
      if (list.kind === 'rule') {
        expectError(reply, 'ValidationException', ruleMessage(list.reasons, keySpec, w, a))
        return
      }
      expect(reply.status, JSON.stringify(reply.body)).toBe(200)
      expect(Object.keys(reply.body).sort()).toEqual(['ImportToken', 'KeyId', 'ParametersValidTo', 'PublicKey'])
      expect(reply.body.KeyId).toBe(arn)
      expect(reply.body.ParametersValidTo).toBe((T0 + DAY_MS) / 1000)
      const token = Buffer.from(reply.body.ImportToken as string, 'base64')
      expect(token.length).toBeGreaterThanOrEqual(1)
      expect(token.length).toBeLessThanOrEqual(6144)
      const der = Buffer.from(reply.body.PublicKey as string, 'base64')
      const pub = createPublicKey({ key: der, format: 'der', type: 'spki' })
      if (w === 'SM2') {
        // node reports no key type for SM2: read the SPKI itself (id-ecPublicKey, named curve SM2)
        const info = AsnConvert.parse(der, SubjectPublicKeyInfo)
        expect(info.algorithm.algorithm).toBe('1.2.840.10045.2.1')
        const params = info.algorithm.parameters
        expect(params === undefined || params === null ? undefined : AsnConvert.parse(params, ECParameters).namedCurve).toBe('1.2.156.10197.1.301')
        expect(der.length).toBe(91)
      } else {
        expect(der.length).toBe(RSA_SPKI_BYTES[w])
        expect(pub.asymmetricKeyType).toBe('rsa')
        expect(pub.asymmetricKeyDetails?.modulusLength).toBe(Number(w.slice(4)))
      }
    })

    it('GetParametersForImport never changed any key (DescribeKey before = after)', async () => {
      for (const [label, kms] of [['det', det], ['node', node]] as const) {
        for (const keySpec of KEY_SPECS) {
          const arn = keys.get(`${label}/${keySpec}`)
          if (arn === undefined) continue
          expect((await kms.call('DescribeKey', { KeyId: arn })).body).toEqual(before.get(arn))
        }
      }
    })
  },
)

describe('the expectation list itself', () => {
  it('names every reason of docs/evidence.md §3.6 somewhere, and the 2023-10-10 table has a rule for each', () => {
    const used = new Set<string>()
    for (const profile of PROFILES) {
      for (const partition of Object.keys(REGIONS) as Partition[]) {
        for (const keySpec of KEY_SPECS) {
          for (const w of WRAPPING_KEY_SPECS) {
            for (const a of ALGORITHMS) {
              const e = expectation(profile, partition, keySpec, w, a)
              if (e.kind === 'rule') for (const r of e.reasons) used.add(r)
            }
          }
        }
      }
    }
    const all: readonly Reason[] = ['pkcs1', 'sm2-out', 'aes-cn', 'sm2-pair', 'rsa-oaep', 'p521']
    expect([...used].sort()).toEqual([...all].sort())
    expect([...new Set(profileData('2023-10-10').wrappingRules.map((r) => REASON_OF_RULE[r.id]))].sort()).toEqual([...all].sort())
  })

  it('classic has no wrapping rules: everything it refuses at GetParametersForImport, it refuses by enum', () => {
    expect(profileData('classic').wrappingRules).toEqual([])
  })
})
