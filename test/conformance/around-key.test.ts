/**
 * The operations around an imported key (aliases, …) in the conformance kit: no divergence
 * against the project's own endpoint, over HTTP and in-process, with every new operation
 * generated; and their AWS CLI lines are commands of AWS's model of KMS.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { classicProfile, createEmulator, profile20250605, type Clock, type Profile } from 'kms-key-import'
import {
  AROUND_KEY_OPERATIONS, RULE_AREAS, httpTarget, inProcessTarget, replaySteps, runConformance,
  type ConformanceReport, type Step, type StepOperation, type StepRecord, type Target, type Timeline,
} from 'kms-key-import/conformance'
import { serve } from 'kms-key-import/http'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { conformCommand } from '../../src/cli/conform.js'
import { answer, cliScriptOf } from './script.js'

/** A clock that reads whichever sequence's clock is current: one server serves every sequence. */
const switchableClock = (): Clock & { use(clock: Clock): void } => {
  let current: Clock = { now: () => Date.parse('2026-01-01T00:00:00Z') }
  return { now: () => current.now(), use: (clock) => { current = clock } }
}

/** The lifecycle steps the groups' runs mix in: keys that change state, get material, encrypt and decrypt. */
const AROUND: readonly StepOperation[] = [
  'CreateKey', 'DescribeKey', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion',
  'GetParametersForImport', 'ImportKeyMaterial', 'DeleteImportedKeyMaterial', 'Encrypt', 'Decrypt', 'Wait',
]

/** The rule areas of the groups around a key. */
const AROUND_AREAS = RULE_AREAS.slice(RULE_AREAS.indexOf('aliases'))

const groups: readonly (readonly [string, readonly StepOperation[]])[] = Object.entries(AROUND_KEY_OPERATIONS)

const inProcess = (profile: Profile) => (timeline: Timeline): Target =>
  inProcessTarget(createEmulator({ profile, clock: timeline.clock, crypto: createDeterministicProvider({ seed: 2 }) }))

const agreed = (report: ConformanceReport, name: string): number => report.scorecard.operations.find((r) => r.name === name)?.agree ?? 0

/**
 * The step kinds that share an operation with older ones, as a target saw them: their requests and
 * answers counted, so that a run is known to have sent them.
 */
const counting = (target: Target, kinds: Map<string, number>): Target => ({
  name: target.name,
  send: async (request) => {
    const res = await target.send(request)
    const body = JSON.parse(request.body) as Record<string, unknown>
    const answer = JSON.parse(res.body) as Record<string, unknown>
    const kind = (() => {
      switch (request.target) {
        case 'TrentService.ListAliases': return body.KeyId !== undefined ? undefined : body.Marker === undefined ? 'ListAliases without KeyId' : 'ListAliases without KeyId, a later page'
        case 'TrentService.PutKeyPolicy': return answer.__type === 'MalformedPolicyDocumentException' ? 'PutKeyPolicy refused as malformed' : undefined
        case 'TrentService.EnableKeyRotation': return body.RotationPeriodInDays === undefined ? undefined : `EnableKeyRotation with a period: ${typeof answer.__type === 'string' ? answer.__type : 'ok'}`
        case 'TrentService.GetKeyRotationStatus': return typeof answer.RotationPeriodInDays === 'number' && answer.RotationPeriodInDays !== 365 ? 'GetKeyRotationStatus of another period' : undefined
        default: return undefined
      }
    })()
    if (kind !== undefined) kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
    return res
  },
})

/** The step kinds of a group that must occur in its runs under a profile (the rotation period from 2025-06-05). */
const newKinds = (group: string, profile: Profile): string[] => {
  if (group === 'aliases') return ['ListAliases without KeyId']
  if (group !== 'policies') return []
  return ['PutKeyPolicy refused as malformed', ...(profile.features.rotationPeriods ? ['EnableKeyRotation with a period: ok', 'EnableKeyRotation with a period: ValidationException'] : [])]
}

describe.each(groups)('the conformance kit on %s', (group, operations) => {
  const weights = Object.fromEntries(operations.map((o) => [o, 4]))
  for (const profile of [classicProfile, profile20250605] as Profile[]) {
    it(`finds no divergence against the project endpoint over HTTP, every operation of the group run (profile ${profile.name})`, async () => {
      const clock = switchableClock()
      const server = await serve({ port: 0, quiet: true, profile, clock, crypto: createDeterministicProvider({ seed: 3 }) })
      try {
        const kinds = new Map<string, number>()
        const target = counting(httpTarget({ endpoint: server.url }), kinds)
        const report = await runConformance({ profile, runs: 15, steps: 25, seed: 11, operations: [...AROUND, ...operations], weights, target: (timeline) => {
          clock.use(timeline.clock)
          return target
        } })
        expect(report.divergences).toEqual([])
        for (const op of operations) expect(agreed(report, op), op).toBeGreaterThan(0)
        for (const kind of newKinds(group, profile)) expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(0)
        // the rotation period is generated only where the profile has the member
        if (!profile.features.rotationPeriods) expect([...kinds.keys()].filter((k) => k.startsWith('EnableKeyRotation'))).toEqual([])
      } finally {
        await server.close()
      }
    })
  }

  it('finds no divergence in-process, every operation of the group run (profile 2025-06-05)', async () => {
    const kinds = new Map<string, number>()
    const report = await runConformance({
      profile: profile20250605, runs: 15, steps: 25, seed: 21, operations: [...AROUND, ...operations], weights, target: (timeline) => counting(inProcess(profile20250605)(timeline), kinds),
    })
    expect(report.divergences).toEqual([])
    for (const op of operations) expect(agreed(report, op), op).toBeGreaterThan(0)
    for (const kind of newKinds(group, profile20250605)) expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(0)
  })
})

describe('the conformance kit on ListAliases without KeyId', () => {
  it('compares only the run\'s own aliases of an endpoint that holds more than a page of others', async () => {
    const clock = switchableClock()
    const server = await serve({ port: 0, quiet: true, clock, crypto: createDeterministicProvider({ seed: 5 }) })
    try {
      // 60 aliases the run did not make, named to sort before the run's own: its own are on the second page
      const plain = httpTarget({ endpoint: server.url })
      const call = async (operation: string, body: object): Promise<Record<string, unknown>> =>
        JSON.parse((await plain.send({ target: `TrentService.${operation}`, body: JSON.stringify(body), region: 'us-east-1' })).body) as Record<string, unknown>
      const { KeyMetadata } = await call('CreateKey', {}) as { KeyMetadata: { KeyId: string } }
      for (let n = 0; n < 60; n++) await call('CreateAlias', { AliasName: `alias/a-foreign-${String(n).padStart(2, '0')}`, TargetKeyId: KeyMetadata.KeyId })
      const kinds = new Map<string, number>()
      const target = counting(plain, kinds)
      const report = await runConformance({
        profile: classicProfile, runs: 8, steps: 20, seed: 13, operations: [...AROUND_KEY_OPERATIONS.aliases, 'DescribeKey'], weights: { CreateAlias: 3, ListAliases: 3 },
        target: (timeline) => {
          clock.use(timeline.clock)
          return target
        },
      })
      expect(report.divergences).toEqual([])
      expect(kinds.get('ListAliases without KeyId') ?? 0).toBeGreaterThan(0)
      expect(kinds.get('ListAliases without KeyId, a later page') ?? 0).toBeGreaterThan(0)
    } finally {
      await server.close()
    }
  })
})

describe('the conformance kit on rotation periods (profile 2025-06-05)', () => {
  // one key that rotates (AWS_KMS), so that every rotation step names it: periods are set, refused
  // and read back by GetKeyRotationStatus (RotationPeriodInDays, NextRotationDate as a date)
  const options = {
    profile: profile20250605, runs: 10, steps: 15, initialKeys: ['AWS_KMS'] as const,
    operations: ['EnableKeyRotation', 'DisableKeyRotation', 'GetKeyRotationStatus', 'Wait'] as const,
    weights: { EnableKeyRotation: 3, GetKeyRotationStatus: 3 },
  }
  const readBack = (kinds: ReadonlyMap<string, number>): void => {
    for (const kind of ['EnableKeyRotation with a period: ok', 'EnableKeyRotation with a period: ValidationException', 'GetKeyRotationStatus of another period']) {
      expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(0)
    }
  }

  it('finds no divergence against the project endpoint over HTTP, the periods read back', async () => {
    const clock = switchableClock()
    const server = await serve({ port: 0, quiet: true, profile: profile20250605, clock, crypto: createDeterministicProvider({ seed: 3 }) })
    try {
      const kinds = new Map<string, number>()
      const target = counting(httpTarget({ endpoint: server.url }), kinds)
      const report = await runConformance({ ...options, seed: 12, target: (timeline) => {
        clock.use(timeline.clock)
        return target
      } })
      expect(report.divergences).toEqual([])
      readBack(kinds)
    } finally {
      await server.close()
    }
  })

  it('finds no divergence in-process, the periods read back', async () => {
    const kinds = new Map<string, number>()
    const report = await runConformance({ ...options, seed: 22, target: (timeline) => counting(inProcess(profile20250605)(timeline), kinds) })
    expect(report.divergences).toEqual([])
    readBack(kinds)
  })
})

describe('the conformance kit with every operation (defaults)', () => {
  it('finds no divergence in-process (profile 2025-06-05), the areas around a key in the scorecard', async () => {
    const report = await runConformance({ profile: profile20250605, runs: 12, steps: 40, seed: 31, target: inProcess(profile20250605) })
    expect(report.divergences).toEqual([])
    // every area around a key is listed and reached (each operation is, in its group's runs above)
    for (const area of AROUND_AREAS) expect(report.scorecard.areas.find((a) => a.name === area)?.agree, area).toBeGreaterThan(0)
  })

  it('lists no area around a key in the scorecard of a run of the lifecycle alone', async () => {
    const report = await runConformance({ profile: classicProfile, runs: 1, steps: 5, seed: 1, operations: ['CreateKey', 'Encrypt'], target: inProcess(classicProfile) })
    for (const area of AROUND_AREAS) expect(report.scorecard.areas.map((a) => a.name)).not.toContain(area)
  })
})

/** AWS's model of KMS: each CLI command is an operation (kebab-case), each option a member of its input. */
interface ServiceModel {
  readonly operations: Record<string, { readonly input?: { readonly shape: string } }>
  readonly shapes: Record<string, { readonly members?: Record<string, unknown>; readonly required?: readonly string[] }>
}
const model = JSON.parse(readFileSync(new URL('../../src/protocol/model/kms-2014-11-01.service-2.json', import.meta.url), 'utf8')) as ServiceModel
const kebab = (name: string): string => name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()
/** The AWS CLI's own options (not members of the operation's input). */
const GLOBAL_OPTIONS = new Set(['query', 'output', 'region', 'endpoint-url'])

/**
 * The problems of each `$KMS …` line of a script: an unknown command, an option that is not a
 * member of the operation's input, a required member missing.
 */
const cliProblems = (script: string): string[] => script.split('\n').flatMap((line) => {
  const m = /\$KMS ([a-z-]+)(.*)$/.exec(line)
  if (m === null) return []
  const [, command = '', rest = ''] = m
  const operation = Object.keys(model.operations).find((o) => kebab(o) === command)
  if (operation === undefined) return [`unknown command ${command}: ${line}`]
  const shape = model.shapes[model.operations[operation]?.input?.shape ?? '']
  const members = new Map(Object.keys(shape?.members ?? {}).map((n) => [kebab(n), n]))
  const given = [...rest.matchAll(/ --([a-z-]+)/g)].map((o) => o[1] ?? '')
  return [
    ...given.filter((o) => !members.has(o) && !GLOBAL_OPTIONS.has(o)).map((o) => `${command}: --${o} is not a member of ${operation}: ${line}`),
    ...(shape?.required ?? []).filter((r) => !given.includes(kebab(r))).map((r) => `${command}: the required --${kebab(r)} is missing: ${line}`),
  ]
})

const scriptOf = async (profile: Profile, steps: readonly Step[]): Promise<{ records: readonly StepRecord[]; text: string }> => {
  const records = await replaySteps({ profile, target: inProcess(profile) }, steps)
  expect(records.flatMap((r) => r.differences)).toEqual([])
  const text = cliScriptOf(records, { region: 'us-east-1', profile: profile.name, timing: 'manual', endpoint: 'http://localhost:4566' })
  return { records, text }
}

describe('the AWS CLI lines of the operations around a key', () => {
  it('checks lines against the model (a wrong option, a missing required member, an unknown command)', () => {
    expect(cliProblems('$KMS create-alias --alias-name x --target-key-id "$KEY0"')).toEqual([])
    expect(cliProblems('$KMS create-alias --alias-name x --key-id "$KEY0"')).toHaveLength(2)
    expect(cliProblems('$KMS make-alias --alias-name x')).toHaveLength(1)
  })

  it('writes aliases: create, update, delete, list, and an alias name as KeyId', async () => {
    const { records, text } = await scriptOf(classicProfile, [
      { op: 'CreateKey', origin: 'AWS_KMS' }, { op: 'CreateKey', origin: 'AWS_KMS' },
      { op: 'CreateAlias', alias: 0, key: 0 }, { op: 'CreateAlias', alias: 0, key: 1 }, { op: 'UpdateAlias', alias: 0, key: 1 },
      { op: 'ListAliases', key: 1 }, { op: 'DescribeKey', viaAlias: 0 }, { op: 'Encrypt', viaAlias: 0 }, { op: 'Decrypt', ciphertext: 0 },
      { op: 'DeleteAlias', alias: 0 }, { op: 'Encrypt', viaAlias: 0 },
    ])
    expect(records.slice(2).map(answer)).toEqual(['ok', 'AlreadyExistsException', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'NotFoundException'])
    // the alias is the run's, named as the reference names it: its ARN's account and the session's nonce normalised
    expect(records[5]?.actual.outcome?.members).toEqual({
      Aliases: [{ AliasName: 'alias/conform-a', AliasArn: 'arn:aws:kms:us-east-1:<account>:alias/conform-a', TargetKeyId: 'key#1', CreationDate: 0, LastUpdatedDate: 0 }],
      Truncated: false,
    })
    expect(records[3]?.actual.outcome?.error?.message).toBe('An alias with the name arn:aws:kms:us-east-1:<account>:alias/conform-a already exists')
    expect(records[6]?.actual.outcome?.members.KeyMetadata).toMatchObject({ KeyId: 'key#1' })
    expect(cliProblems(text)).toEqual([])
    expect(text).toContain('ALIAS="alias/conform-$(date +%s)-"')
    expect(text).toContain('$KMS create-alias --alias-name "${ALIAS}a" --target-key-id "$KEY0"')
    expect(text).toContain('$KMS update-alias --alias-name "${ALIAS}a" --target-key-id "$KEY1"')
    expect(text).toContain('$KMS delete-alias --alias-name "${ALIAS}a"')
    expect(text).toContain('$KMS list-aliases --key-id "$KEY1"')
    expect(text).toContain('$KMS describe-key --key-id "${ALIAS}a"')
    expect(text).toContain(`CIPHERTEXT0=$($KMS encrypt --key-id "\${ALIAS}a" --plaintext fileb://<(printf %s pt-0) --query CiphertextBlob --output text)`)
  })
})

describe('the AWS CLI lines of tags and descriptions', () => {
  it('writes TagResource, UntagResource, ListResourceTags and UpdateKeyDescription', async () => {
    const { records, text } = await scriptOf(classicProfile, [
      { op: 'CreateKey', origin: 'EXTERNAL' },
      { op: 'TagResource', key: 0, tag: 1, value: 0 }, { op: 'TagResource', key: 0, tag: 0, value: 1 }, { op: 'TagResource', key: 0, tag: 2, value: 0 },
      { op: 'UntagResource', key: 0, tag: 1 }, { op: 'TagResource', key: 0, tag: 1, value: 1 }, { op: 'ListResourceTags', key: 0 },
      { op: 'UpdateKeyDescription', key: 0, description: 0 }, { op: 'UpdateKeyDescription', key: 0, description: 1 },
    ])
    expect(records.slice(1).map(answer)).toEqual(['ok', 'ok', 'TagException', 'ok', 'ok', 'ok', 'ok', 'ok'])
    // tags compared in the order of their keys
    expect(records[6]?.actual.outcome?.members.Tags).toEqual([{ TagKey: 'conform-a', TagValue: '2' }, { TagKey: 'conform-b', TagValue: '2' }])
    expect(records[7]?.actual.keys[0]?.Description).toBe('conformance key')
    expect(cliProblems(text)).toEqual([])
    expect(text).toContain(`$KMS tag-resource --key-id "$KEY0" --tags '[{"TagKey":"conform-b","TagValue":"1"}]'`)
    expect(text).toContain(`$KMS tag-resource --key-id "$KEY0" --tags '[{"TagKey":"aws:conform","TagValue":"1"}]'`)
    expect(text).toContain('$KMS untag-resource --key-id "$KEY0" --tag-keys conform-b')
    expect(text).toContain('$KMS list-resource-tags --key-id "$KEY0"')
    expect(text).toContain(`$KMS update-key-description --key-id "$KEY0" --description 'conformance key'`)
    expect(text).toContain(`$KMS update-key-description --key-id "$KEY0" --description ''`)
  })
})

describe('the AWS CLI lines of data keys', () => {
  it('writes GenerateDataKey, GenerateDataKeyWithoutPlaintext, ReEncrypt and GenerateRandom, their ciphertexts named for Decrypt', async () => {
    const { records, text } = await scriptOf(profile20250605, [
      { op: 'CreateKey', origin: 'AWS_KMS' }, { op: 'CreateKey', origin: 'AWS_KMS' },
      { op: 'GenerateDataKey', key: 0, size: 0 }, { op: 'GenerateDataKeyWithoutPlaintext', key: 1, size: 3 }, { op: 'GenerateDataKey', key: 0, size: 7 },
      { op: 'ReEncrypt', ciphertext: 0, key: 1 }, { op: 'Decrypt', ciphertext: 2 }, { op: 'Decrypt', ciphertext: 1 }, { op: 'DisableKey', key: 1 }, { op: 'ReEncrypt', ciphertext: 1, key: 0 },
      { op: 'GenerateRandom', bytes: 32 }, { op: 'GenerateRandom', bytes: 0 },
    ])
    expect(records.slice(2).map(answer)).toEqual(['ok', 'ok', 'ValidationException', 'ok', 'ok', 'ok', 'ok', 'DisabledException', 'ok', 'ValidationException'])
    // random bytes by length; a data key decrypted is the one generated, on each side
    expect(records[2]?.actual.outcome?.members).toMatchObject({ Plaintext: '<32 bytes>', CiphertextBlob: '<ciphertext>', KeyId: 'arn:key#0' })
    expect(records[6]?.actual.outcome?.members).toMatchObject({ Plaintext: '<the data key (32 bytes)>', KeyId: 'arn:key#1' })
    expect(records[7]?.actual.outcome?.members).toMatchObject({ Plaintext: '<32 bytes>', KeyId: 'arn:key#1' })
    expect(records[10]?.actual.outcome?.members).toEqual({ Plaintext: '<32 bytes>' })
    expect(cliProblems(text)).toEqual([])
    expect(text).toContain('CIPHERTEXT0=$($KMS generate-data-key --key-id "$KEY0" --key-spec AES_256 --query CiphertextBlob --output text)')
    expect(text).toContain('CIPHERTEXT1=$($KMS generate-data-key-without-plaintext --key-id "$KEY1" --number-of-bytes 32 --query CiphertextBlob --output text)')
    expect(text).toContain('\n$KMS generate-data-key --key-id "$KEY0"\n')
    expect(text).toContain('CIPHERTEXT2=$($KMS re-encrypt --ciphertext-blob fileb://<(echo "$CIPHERTEXT0" | base64 -d) --destination-key-id "$KEY1" --query CiphertextBlob --output text)')
    expect(text).toContain('$KMS decrypt --ciphertext-blob fileb://<(echo "$CIPHERTEXT2" | base64 -d)')
    expect(text).toContain('$KMS generate-random --number-of-bytes 32')
  })
})

describe('the AWS CLI lines of key policies and rotation', () => {
  it('writes GetKeyPolicy, PutKeyPolicy with the account read from the key, ListKeyPolicies and the rotation operations', async () => {
    const { records, text } = await scriptOf(profile20250605, [
      { op: 'CreateKey', origin: 'AWS_KMS' }, { op: 'CreateKey', origin: 'EXTERNAL' },
      { op: 'GetKeyPolicy', key: 0, named: true }, { op: 'PutKeyPolicy', key: 0, policy: 1 }, { op: 'GetKeyPolicy', key: 0, named: false },
      { op: 'PutKeyPolicy', key: 1, policy: 0 }, { op: 'ListKeyPolicies', key: 1 },
      { op: 'EnableKeyRotation', key: 0 }, { op: 'GetKeyRotationStatus', key: 0 }, { op: 'EnableKeyRotation', key: 1 }, { op: 'DisableKeyRotation', key: 0 },
      { op: 'GetKeyRotationStatus', key: 0 },
    ])
    expect(records.slice(2).map(answer)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'UnsupportedOperationException', 'ok', 'ok'])
    // the document is compared parsed, with the account of its ARNs normalised
    expect(records[4]?.actual.outcome?.members.Policy).toEqual({
      Version: '2012-10-17', Id: 'conform-custom',
      Statement: [{ Sid: 'Conformance', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::<account>:root' }, Action: ['kms:*'], Resource: '*' }],
    })
    expect(records[8]?.actual.outcome?.members).toEqual({ KeyId: 'arn:key#0', KeyRotationEnabled: true, RotationPeriodInDays: 365, NextRotationDate: 365 * 86_400 })
    expect(cliProblems(text)).toEqual([])
    expect(text).toContain('$KMS get-key-policy --key-id "$KEY0" --policy-name default')
    expect(text).toContain('ACCOUNT=$($KMS describe-key --key-id "$KEY0" --query KeyMetadata.AWSAccountId --output text)')
    expect(text.match(/ACCOUNT=/g)).toHaveLength(1)
    expect(text).toContain(`$KMS put-key-policy --key-id "$KEY0" --policy-name default --policy '{"Version":"2012-10-17","Id":"conform-custom","Statement":[{"Sid":"Conformance","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::'"$ACCOUNT"':root"},"Action":["kms:*"],"Resource":"*"}]}'`)
    expect(text).toContain('$KMS list-key-policies --key-id "$KEY1"')
    expect(text).toContain('$KMS enable-key-rotation --key-id "$KEY0"')
    expect(text).toContain('$KMS disable-key-rotation --key-id "$KEY0"')
    expect(text).toContain('$KMS get-key-rotation-status --key-id "$KEY0"')
  })
})

describe('the AWS CLI lines of the rotation period, ListAliases without KeyId and a malformed key policy', () => {
  it('writes --rotation-period-in-days, list-aliases of the script\'s own aliases and put-key-policy of a malformed document', async () => {
    const { records, text } = await scriptOf(profile20250605, [
      { op: 'ListAliases', everyKey: true },
      { op: 'CreateKey', origin: 'AWS_KMS' }, { op: 'CreateKey', origin: 'EXTERNAL' },
      { op: 'CreateAlias', alias: 1, key: 0 }, { op: 'CreateAlias', alias: 0, key: 1 }, { op: 'ListAliases', everyKey: true },
      { op: 'EnableKeyRotation', key: 0, periodInDays: 180 }, { op: 'GetKeyRotationStatus', key: 0 },
      { op: 'EnableKeyRotation', key: 0, periodInDays: 89 }, { op: 'EnableKeyRotation', key: 1, periodInDays: 2561 }, { op: 'EnableKeyRotation', key: 1, periodInDays: 90 },
      { op: 'PutKeyPolicy', key: 0, malformed: 0 }, { op: 'PutKeyPolicy', key: 1, malformed: 1 },
    ])
    expect(records.map(answer)).toEqual([
      'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ValidationException', 'ValidationException', 'UnsupportedOperationException',
      'MalformedPolicyDocumentException', 'MalformedPolicyDocumentException',
    ])
    // every alias of the Region, of which the run's own, in the order of their names
    expect(records[0]?.actual.outcome?.members).toEqual({ Aliases: [], Truncated: false })
    expect(records[5]?.actual.outcome?.members.Aliases).toEqual([
      { AliasName: 'alias/conform-a', AliasArn: 'arn:aws:kms:us-east-1:<account>:alias/conform-a', TargetKeyId: 'key#1', CreationDate: 0, LastUpdatedDate: 0 },
      { AliasName: 'alias/conform-b', AliasArn: 'arn:aws:kms:us-east-1:<account>:alias/conform-b', TargetKeyId: 'key#0', CreationDate: 0, LastUpdatedDate: 0 },
    ])
    // the period read back, and the next rotation as seconds since the run's start
    expect(records[7]?.actual.outcome?.members).toEqual({ KeyId: 'arn:key#0', KeyRotationEnabled: true, RotationPeriodInDays: 180, NextRotationDate: 180 * 86_400 })
    expect(records[8]?.actual.outcome?.error?.message).toBe("1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90")
    // the refusal of a malformed document is compared by its exception: its message is CHOSEN, not AWS's
    for (const r of records.slice(11)) {
      expect(r.actual.messageCompared).toBe(false)
      expect(r.expected.outcome?.error).toEqual({ type: 'MalformedPolicyDocumentException' })
    }
    expect(records[8]?.actual.messageCompared).toBeUndefined()
    expect(cliProblems(text)).toEqual([])
    expect(text).toContain('ALIAS="alias/conform-$(date +%s)-"')
    expect(text).toContain(`$KMS list-aliases --query "Aliases[?starts_with(AliasName, '\${ALIAS}')]"`)
    expect(text).not.toMatch(/list-aliases --key-id/)
    expect(text).toContain('$KMS enable-key-rotation --key-id "$KEY0" --rotation-period-in-days 180')
    expect(text).toContain('$KMS enable-key-rotation --key-id "$KEY1" --rotation-period-in-days 2561')
    expect(text).toContain(`$KMS put-key-policy --key-id "$KEY0" --policy-name default --policy '{"Version": "2012-10-17", "Statement": ['`)
    expect(text).toContain(`$KMS put-key-policy --key-id "$KEY1" --policy-name default --policy '{"Version":"2012-10-17","Id":"conform-no-statement"}'`)
    // a malformed document names no account: the script reads none
    expect(text).not.toContain('ACCOUNT=')
  })
})

describe('kms-key-import conform --operations', () => {
  const run = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = ''
    let err = ''
    const code = await conformCommand(args, { out: (t) => { out += t }, err: (t) => { err += t }, credentials: async () => undefined })
    return { code, out, err }
  }

  it('runs the groups it names in real time against the project endpoint, and cleans up their aliases', async () => {
    const server = await serve({ port: 0, quiet: true, crypto: createDeterministicProvider({ seed: 4 }) })
    try {
      const res = await run(['--endpoint', server.url, '--runs', '40', '--steps', '30', '--seed', '3', '--quiet',
        '--operations', `${Object.keys(AROUND_KEY_OPERATIONS).join(',')},Encrypt,Decrypt,DescribeKey`])
      expect(res.code, res.out).toBe(0)
      for (const op of groups.flatMap(([, ops]) => ops)) expect(res.out, op).toMatch(new RegExp(`\\| ${op} \\| [1-9]`))
      expect(res.out).not.toContain('| ImportKeyMaterial |')
      // every alias of the run is gone once its sequence ended
      const target = httpTarget({ endpoint: server.url })
      const listed = JSON.parse((await target.send({ target: 'TrentService.ListAliases', body: '{}', region: 'us-east-1' })).body) as { Aliases: unknown[] }
      expect(listed.Aliases).toEqual([])
    } finally {
      await server.close()
    }
  }, 60_000)

  it('refuses an operation or group it does not know, with exit status 2', async () => {
    const res = await run(['--endpoint', 'http://127.0.0.1:9', '--operations', 'lifecycle,Grants'])
    expect(res.code).toBe(2)
    expect(res.err).toContain('--operations names an unknown operation or group: Grants')
  })
})
