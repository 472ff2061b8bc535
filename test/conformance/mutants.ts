/**
 * Mutant targets: the emulator with one rule broken each — by a profile whose data says otherwise,
 * or by a wrapper that rewrites requests or answers the way a faulty emulator would. The kit must
 * detect every one and shrink its counterexample to a short script.
 */
import { createHmac } from 'node:crypto'
import { classicProfile, createEmulator, profile20231010, profile20250605, type Profile } from 'kms-key-import'
import { AROUND_KEY_OPERATIONS, MULTI_REGION_OPERATIONS, inProcessTarget, materialFor, type ConformanceOptions, type StepArbitraryOptions, type StepOperation, type Target, type TargetRequest, type TargetResponse, type Timeline } from 'kms-key-import/conformance'
import { createDeterministicProvider, fixtureRsaKeyPairs } from 'kms-key-import/testing'

/** A mutant: what it breaks, how to build it, and what its shrunk counterexample must look like. */
export interface Mutant {
  readonly name: string
  /** The profile both the reference and the mutant's emulator start from. */
  readonly profile: Profile
  /** The mutant's target for one sequence. */
  readonly target: (timeline: Timeline) => Target
  /** The operation its first divergence is reported at. */
  readonly divergesAt: readonly StepOperation[]
  /** Most steps of its shrunk counterexample after the starting keys. */
  readonly maxSteps: number
  /** Steps drawn more often, so that the few sequences that reach the rule are found within the runs. */
  readonly weights?: StepArbitraryOptions['weights']
  /** Only steps of these operations (default the lifecycle's: LIFECYCLE_OPERATIONS). */
  readonly operations?: StepArbitraryOptions['operations']
  /** Most sequences replayed to shrink (default the kit's 300): fewer where each replay signs and verifies, so that the test stays fast. */
  readonly maxShrinkRuns?: number
  /** The starting keys (default the kit's). */
  readonly initialKeys?: ConformanceOptions['initialKeys']
}

const DAY = 86_400_000

/** The emulator the mutant wraps (a different seed from the reference's: ids differ, as on any other system). */
const emulatorTarget = (timeline: Timeline, profile: Profile): Target =>
  inProcessTarget(createEmulator({ profile, clock: timeline.clock, crypto: createDeterministicProvider({ seed: 77 }) }), 'mutant')

type Handler = (request: TargetRequest, body: Record<string, unknown>, inner: Target) => Promise<TargetResponse | undefined>

/** Wraps the emulator: `handler` answers instead of it when it returns a response. */
const wrapped = (profile: Profile, operation: string, handler: Handler) => (timeline: Timeline): Target => {
  const inner = emulatorTarget(timeline, profile)
  return {
    name: 'mutant',
    send: async (request) => {
      if (request.target !== `TrentService.${operation}`) return inner.send(request)
      return (await handler(request, JSON.parse(request.body) as Record<string, unknown>, inner)) ?? inner.send(request)
    },
  }
}

const call = async (inner: Target, region: string, operation: string, body: Record<string, unknown>): Promise<Record<string, unknown>> =>
  JSON.parse((await inner.send({ target: `TrentService.${operation}`, body: JSON.stringify(body), region })).body) as Record<string, unknown>

const arnOf = async (inner: Target, region: string, keyId: unknown): Promise<unknown> =>
  ((await call(inner, region, 'DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, unknown> | undefined)?.Arn

/** Answers success (`{"KeyId": arn}`) where the emulator answers `exception`. */
const acceptsDespite = (exception: string): Handler => async (request, body, inner) => {
  const res = await inner.send(request)
  if ((JSON.parse(res.body) as { __type?: string }).__type !== exception) return res
  return { status: 200, body: JSON.stringify({ KeyId: await arnOf(inner, request.region, body.KeyId) }) }
}

/** The token decides the key: ImportKeyMaterial goes to the key whose GetParametersForImport issued the token. */
const tokenNotBound = (timeline: Timeline): Target => {
  const inner = emulatorTarget(timeline, classicProfile)
  const owners = new Map<string, unknown>()
  return {
    name: 'mutant',
    send: async (request) => {
      const body = JSON.parse(request.body) as Record<string, unknown>
      if (request.target === 'TrentService.ImportKeyMaterial' && owners.has(String(body.ImportToken))) {
        return inner.send({ ...request, body: JSON.stringify({ ...body, KeyId: owners.get(String(body.ImportToken)) }) })
      }
      const res = await inner.send(request)
      if (request.target === 'TrentService.GetParametersForImport' && res.status === 200) owners.set(String((JSON.parse(res.body) as { ImportToken: string }).ImportToken), body.KeyId)
      return res
    },
  }
}

/** Rewrites a successful answer's JSON body. */
const rewriteSuccess = (rewrite: (body: Record<string, unknown>, request: Record<string, unknown>) => Record<string, unknown>): Handler => async (request, body, inner) => {
  const res = await inner.send(request)
  return res.status === 200 ? { ...res, body: JSON.stringify(rewrite(JSON.parse(res.body) as Record<string, unknown>, body)) } : res
}

/** A public key no material of a run has (a fixture RSA pair the runs never import). */
const strangerPublicKey = (): string => Buffer.from((fixtureRsaKeyPairs('RSA_2048')[5] as { publicKey: Uint8Array }).publicKey).toString('base64')

/** The steps that import material and use it: a run reaches Sign, Verify and the MACs through them. */
const USING = ['GetParametersForImport', 'ImportKeyMaterial', 'GetPublicKey', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac'] as const
const USING_WEIGHTS = { GetParametersForImport: 3, ImportKeyMaterial: 4, Sign: 3, Verify: 3, GenerateMac: 3, VerifyMac: 3 } as const
const ECC_KEY = { op: 'CreateKey', origin: 'EXTERNAL', spec: 'ECC_NIST_P256' } as const
const RSA_KEY = { op: 'CreateKey', origin: 'EXTERNAL', spec: 'RSA_2048' } as const
const HMAC_KEY = { op: 'CreateKey', origin: 'EXTERNAL', spec: 'HMAC_256' } as const

/** PutKeyPolicy's document parsed (undefined where it is not JSON). */
const documentOf = (body: Record<string, unknown>): unknown => {
  try {
    return JSON.parse(String(body.Policy)) as unknown
  } catch {
    return undefined
  }
}

/** Whether a document is a JSON object with a Statement, as the emulator accepts. */
const wellFormed = (document: unknown): boolean => typeof document === 'object' && document !== null && 'Statement' in document

/** A profile with one field changed. */
const withLimits = (limits: Partial<Profile['limits']>): Profile => ({ ...classicProfile, limits: { ...classicProfile.limits, ...limits } })

/**
 * Material past its ValidTo stays usable: the mutant imports it as never expiring, and shows the
 * ValidTo it was asked for in DescribeKey, as an emulator that records ValidTo and never enforces it.
 */
const expiryNotEnforced = (timeline: Timeline): Target => {
  const inner = emulatorTarget(timeline, classicProfile)
  const validTo = new Map<string, unknown>() // key id → ValidTo asked for
  return {
    name: 'mutant',
    send: async (request) => {
      const body = JSON.parse(request.body) as Record<string, unknown>
      const key = String(body.KeyId)
      const operation = request.target.replace('TrentService.', '')
      const ahead = typeof body.ValidTo === 'number' ? body.ValidTo * 1000 - timeline.clock.now() : 0
      if (operation === 'ImportKeyMaterial' && ahead > 0 && ahead <= 365 * DAY) {
        const { ValidTo, ...rest } = body
        const res = await inner.send({ ...request, body: JSON.stringify({ ...rest, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }) })
        if (res.status === 200) validTo.set(key, ValidTo)
        return res
      }
      const res = await inner.send(request)
      if ((operation === 'ImportKeyMaterial' || operation === 'DeleteImportedKeyMaterial') && res.status === 200) validTo.delete(key)
      const shown = validTo.get(key)
      if (operation !== 'DescribeKey' || res.status !== 200 || shown === undefined) return res
      const meta = (JSON.parse(res.body) as { KeyMetadata: Record<string, unknown> }).KeyMetadata
      return { ...res, body: JSON.stringify({ KeyMetadata: { ...meta, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: shown } }) }
    },
  }
}

/** An import token is good for one import only: the mutant refuses a token it has seen imported with. */
const tokenSingleUse = (timeline: Timeline): Target => {
  const inner = emulatorTarget(timeline, classicProfile)
  const used = new Set<string>()
  return {
    name: 'mutant',
    send: async (request) => {
      const body = JSON.parse(request.body) as Record<string, unknown>
      if (request.target !== 'TrentService.ImportKeyMaterial') return inner.send(request)
      if (used.has(String(body.ImportToken))) return { status: 400, body: JSON.stringify({ __type: 'InvalidImportTokenException', message: 'Import token is invalid or is associated with a different KMS key.' }) }
      const res = await inner.send(request)
      if (res.status === 200) used.add(String(body.ImportToken))
      return res
    },
  }
}

/** DescribeKey of a key whose expiring material was deleted still shows that material's ValidTo and ExpirationModel. */
const deleteKeepsExpiry = (timeline: Timeline): Target => {
  const inner = emulatorTarget(timeline, classicProfile)
  const kept = new Map<string, unknown>() // key id → ValidTo of the deleted material
  return {
    name: 'mutant',
    send: async (request) => {
      const body = JSON.parse(request.body) as Record<string, unknown>
      const key = String(body.KeyId)
      if (request.target === 'TrentService.DeleteImportedKeyMaterial') {
        const before = (await call(inner, request.region, 'DescribeKey', { KeyId: key })).KeyMetadata as Record<string, unknown> | undefined
        const res = await inner.send(request)
        if (res.status === 200 && before?.ValidTo !== undefined) kept.set(key, before.ValidTo)
        return res
      }
      const res = await inner.send(request)
      if (request.target === 'TrentService.ImportKeyMaterial' && res.status === 200) kept.delete(key)
      if (request.target !== 'TrentService.DescribeKey' || res.status !== 200 || !kept.has(key)) return res
      const meta = (JSON.parse(res.body) as { KeyMetadata: Record<string, unknown> }).KeyMetadata
      return meta.KeyState !== 'PendingImport' ? res : { ...res, body: JSON.stringify({ KeyMetadata: { ...meta, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: kept.get(key) } }) }
    },
  }
}

/** The mutants, at least ten, one rule broken each. */
export const mutants: readonly Mutant[] = [
  { name: 'token not bound to its key', profile: classicProfile, target: tokenNotBound, divergesAt: ['ImportKeyMaterial'], maxSteps: 2 },
  {
    name: 'expired import token accepted', profile: classicProfile,
    target: wrapped(classicProfile, 'ImportKeyMaterial', acceptsDespite('ExpiredImportTokenException')), divergesAt: ['ImportKeyMaterial'], maxSteps: 3,
  },
  {
    name: 'ValidTo ignored (material imported as never expiring)', profile: classicProfile,
    target: wrapped(classicProfile, 'ImportKeyMaterial', async (request, body, inner) => {
      if (body.ValidTo === undefined) return undefined
      const { ValidTo: _dropped, ...rest } = body
      return inner.send({ ...request, body: JSON.stringify({ ...rest, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }) })
    }),
    divergesAt: ['ImportKeyMaterial'], maxSteps: 2,
  },
  {
    name: 'material past its ValidTo still usable (ValidTo recorded, expiry never enforced)', profile: classicProfile,
    target: expiryNotEnforced, divergesAt: ['Wait', 'Encrypt', 'Decrypt', 'DescribeKey'], maxSteps: 3, weights: { ImportKeyMaterial: 8, Wait: 4 },
  },
  { name: 'an import token good for one import only', profile: classicProfile, target: tokenSingleUse, divergesAt: ['ImportKeyMaterial'], maxSteps: 3 },
  {
    name: 'DeleteImportedKeyMaterial leaves ValidTo and KEY_MATERIAL_EXPIRES in DescribeKey', profile: classicProfile,
    target: deleteKeepsExpiry, divergesAt: ['DeleteImportedKeyMaterial'], maxSteps: 4,
  },
  {
    name: 'reimport of different material accepted', profile: classicProfile,
    target: wrapped(classicProfile, 'ImportKeyMaterial', acceptsDespite('IncorrectKeyMaterialException')), divergesAt: ['ImportKeyMaterial'], maxSteps: 4,
  },
  {
    name: 'an error type changed (DisabledException answered as KMSInvalidStateException)', profile: classicProfile,
    target: wrapped(classicProfile, 'Encrypt', async (request, _body, inner) => {
      const res = await inner.send(request)
      return { ...res, body: res.body.replace('"DisabledException"', '"KMSInvalidStateException"') }
    }),
    divergesAt: ['Encrypt'], maxSteps: 2,
  },
  {
    name: 'an error message changed (EnableKey on a key pending import says "pending deletion")', profile: classicProfile,
    target: (timeline) => emulatorTarget(timeline, {
      ...classicProfile,
      stateTable: {
        ...classicProfile.stateTable,
        EnableKey: { ...classicProfile.stateTable.EnableKey, states: { ...classicProfile.stateTable.EnableKey.states, PendingImport: { allow: false, exception: 'KMSInvalidStateException', message: 'pendingDeletion' } } },
      },
    }),
    divergesAt: ['EnableKey'], maxSteps: 1,
  },
  {
    name: 'DeleteImportedKeyMaterial leaves the key Enabled', profile: classicProfile,
    target: wrapped(classicProfile, 'DeleteImportedKeyMaterial', async (request, body, inner) => {
      const meta = (await call(inner, request.region, 'DescribeKey', { KeyId: body.KeyId })).KeyMetadata as Record<string, unknown> | undefined
      return meta?.KeyState === 'Enabled' && meta.Origin === 'EXTERNAL' ? { status: 200, body: '{}' } : undefined
    }),
    divergesAt: ['DeleteImportedKeyMaterial'], maxSteps: 3,
  },
  {
    name: 'material wrapped with another algorithm than the token\'s answered IncorrectKeyMaterialException (not InvalidCiphertextException)', profile: classicProfile,
    target: wrapped(classicProfile, 'ImportKeyMaterial', async (request, _body, inner) => {
      const res = await inner.send(request)
      if ((JSON.parse(res.body) as { __type?: string }).__type !== 'InvalidCiphertextException') return res
      return { status: 400, body: JSON.stringify({ __type: 'IncorrectKeyMaterialException', message: 'The key material does not match the key.' }) }
    }),
    divergesAt: ['ImportKeyMaterial'], maxSteps: 2,
  },
  {
    name: 'material that does not unwrap with the token\'s algorithm accepted (as if any algorithm would do)', profile: profile20231010,
    target: wrapped(profile20231010, 'ImportKeyMaterial', acceptsDespite('InvalidCiphertextException')), divergesAt: ['ImportKeyMaterial'], maxSteps: 2,
  },
  {
    name: 'a state-table cell flipped (Encrypt allowed on a Disabled key)', profile: classicProfile,
    target: (timeline) => emulatorTarget(timeline, {
      ...classicProfile,
      stateTable: { ...classicProfile.stateTable, Encrypt: { ...classicProfile.stateTable.Encrypt, states: { ...classicProfile.stateTable.Encrypt.states, Disabled: { allow: true } } } },
    }),
    divergesAt: ['Encrypt'], maxSteps: 2,
  },
  {
    name: 'CancelKeyDeletion leaves the key Enabled instead of Disabled', profile: classicProfile,
    target: wrapped(classicProfile, 'CancelKeyDeletion', async (request, body, inner) => {
      const res = await inner.send(request)
      if (res.status === 200) await call(inner, request.region, 'EnableKey', { KeyId: body.KeyId })
      return res
    }),
    divergesAt: ['CancelKeyDeletion'], maxSteps: 2,
  },
  {
    name: 'the deletion waiting period one day long', profile: classicProfile,
    target: wrapped(classicProfile, 'ScheduleKeyDeletion', async (request, body, inner) => {
      const days = body.PendingWindowInDays
      return typeof days === 'number' && days >= 7 && days < 30 ? inner.send({ ...request, body: JSON.stringify({ ...body, PendingWindowInDays: days + 1 }) }) : undefined
    }),
    divergesAt: ['ScheduleKeyDeletion'], maxSteps: 1,
  },
  {
    name: 'import parameters valid for 12 hours instead of 24', profile: classicProfile,
    target: (timeline) => emulatorTarget(timeline, withLimits({ importParametersValidityMs: DAY / 2 })), divergesAt: ['GetParametersForImport'], maxSteps: 1,
  },
  {
    name: 'ValidTo allowed only 30 days ahead instead of 365', profile: classicProfile,
    target: (timeline) => emulatorTarget(timeline, withLimits({ maxValidToMs: 30 * DAY })), divergesAt: ['ImportKeyMaterial'], maxSteps: 2,
  },
  {
    name: 'DeleteImportedKeyMaterial ignores KeyMaterialId (2025-06-05)', profile: profile20250605,
    target: wrapped(profile20250605, 'DeleteImportedKeyMaterial', async (request, body, inner) => {
      if (body.KeyMaterialId === undefined) return undefined
      return inner.send({ ...request, body: JSON.stringify({ KeyId: body.KeyId }) })
    }),
    divergesAt: ['DeleteImportedKeyMaterial'], maxSteps: 3,
  },
  {
    name: 'Verify accepts a signature of another message (2023-10-10)', profile: profile20231010,
    target: wrapped(profile20231010, 'Verify', async (request, body, inner) => {
      const res = await inner.send(request)
      if ((JSON.parse(res.body) as { __type?: string }).__type !== 'KMSInvalidSignatureException') return res
      return { status: 200, body: JSON.stringify({ KeyId: await arnOf(inner, request.region, body.KeyId), SignatureValid: true, SigningAlgorithm: body.SigningAlgorithm }) }
    }),
    divergesAt: ['Verify'], maxSteps: 4, operations: ['GetParametersForImport', 'ImportKeyMaterial', 'Sign', 'Verify'], weights: USING_WEIGHTS, initialKeys: [ECC_KEY], maxShrinkRuns: 60,
  },
  {
    name: 'GenerateMac answers on a key pending import (2023-10-10)', profile: profile20231010,
    target: wrapped(profile20231010, 'GenerateMac', async (request, body, inner) => {
      const meta = (await call(inner, request.region, 'DescribeKey', { KeyId: body.KeyId })).KeyMetadata as Record<string, unknown> | undefined
      if (meta?.KeyState !== 'PendingImport' || meta.KeySpec !== 'HMAC_256') return undefined
      return { status: 200, body: JSON.stringify({ KeyId: meta.Arn, Mac: Buffer.alloc(32).toString('base64'), MacAlgorithm: body.MacAlgorithm }) }
    }),
    divergesAt: ['GenerateMac'], maxSteps: 1, operations: USING, weights: USING_WEIGHTS,
  },
  {
    name: 'GenerateMac computes the MAC of the message with a newline appended (2025-06-05)', profile: profile20250605,
    target: wrapped(profile20250605, 'GenerateMac', rewriteSuccess((answer, body) => ({
      ...answer,
      // the MAC of another message (under material A, whatever the key holds: wrong either way)
      Mac: createHmac('sha256', Buffer.from(materialFor(profile20250605, 'us-east-1', 'HMAC_256', 'A'))).update(Buffer.concat([Buffer.from(String(body.Message), 'base64'), Buffer.from('\n')])).digest('base64'),
    }))),
    divergesAt: ['GenerateMac'], maxSteps: 3, operations: USING, weights: USING_WEIGHTS, initialKeys: [HMAC_KEY, 'EXTERNAL'],
  },
  {
    name: 'GetPublicKey answers a public key that is not the imported material\'s (2023-10-10)', profile: profile20231010,
    target: wrapped(profile20231010, 'GetPublicKey', rewriteSuccess((answer) => ({ ...answer, PublicKey: strangerPublicKey() }))),
    divergesAt: ['GetPublicKey'], maxSteps: 3, operations: USING, weights: USING_WEIGHTS, initialKeys: [ECC_KEY, RSA_KEY],
  },
  {
    name: 'UpdateAlias answers success but leaves the alias on its old key', profile: classicProfile,
    target: wrapped(classicProfile, 'UpdateAlias', async (request, body, inner) => {
      const res = await inner.send({ ...request, target: 'TrentService.DescribeKey', body: JSON.stringify({ KeyId: body.AliasName }) })
      return res.status === 200 ? { status: 200, body: '{}' } : undefined
    }),
    divergesAt: ['ListAliases', 'DescribeKey', 'Encrypt', 'Decrypt'], maxSteps: 3,
    operations: [...AROUND_KEY_OPERATIONS.aliases, 'DescribeKey', 'Encrypt', 'Decrypt'], weights: { CreateAlias: 3, UpdateAlias: 3 },
  },
  {
    name: 'UntagResource answers success but keeps the tag', profile: classicProfile,
    // the request goes on with a tag key the run never sets: the same answer, and the tag stays
    target: wrapped(classicProfile, 'UntagResource', async (request, body, inner) =>
      inner.send({ ...request, body: JSON.stringify({ ...body, TagKeys: (body.TagKeys as string[]).map((k) => (k.startsWith('aws:') ? k : 'conform-unused')) }) })),
    divergesAt: ['ListResourceTags'], maxSteps: 3,
    operations: [...AROUND_KEY_OPERATIONS.tags], weights: { TagResource: 3, UntagResource: 3, ListResourceTags: 3 },
  },
  {
    name: 'GenerateDataKey answers a Plaintext that is not the data key of its CiphertextBlob', profile: classicProfile,
    target: wrapped(classicProfile, 'GenerateDataKey', rewriteSuccess((answer) => ({ ...answer, Plaintext: Buffer.alloc(Buffer.from(String(answer.Plaintext), 'base64').length).toString('base64') }))),
    divergesAt: ['Decrypt'], maxSteps: 2,
    operations: [...AROUND_KEY_OPERATIONS['data-keys'], 'Decrypt'], weights: { GenerateDataKey: 3, Decrypt: 3 },
  },
  {
    name: 'PutKeyPolicy answers success but keeps the policy it had', profile: classicProfile,
    // (a malformed document is refused as the emulator refuses it)
    target: wrapped(classicProfile, 'PutKeyPolicy', async (request, body, inner) => {
      if (!wellFormed(documentOf(body))) return undefined
      const res = await inner.send({ ...request, target: 'TrentService.DescribeKey', body: JSON.stringify({ KeyId: body.KeyId }) })
      return res.status === 200 ? { status: 200, body: '{}' } : undefined
    }),
    divergesAt: ['GetKeyPolicy'], maxSteps: 2,
    operations: [...AROUND_KEY_OPERATIONS.policies], weights: { GetKeyPolicy: 3, PutKeyPolicy: 3 },
  },
  {
    name: 'EnableKeyRotation accepts a RotationPeriodInDays out of range, as the nearest bound (2025-06-05)', profile: profile20250605,
    target: wrapped(profile20250605, 'EnableKeyRotation', async (request, body, inner) => {
      const days = body.RotationPeriodInDays
      if (typeof days !== 'number' || (days >= 90 && days <= 2560)) return undefined
      return inner.send({ ...request, body: JSON.stringify({ ...body, RotationPeriodInDays: Math.min(2560, Math.max(90, days)) }) })
    }),
    divergesAt: ['EnableKeyRotation'], maxSteps: 1,
    operations: [...AROUND_KEY_OPERATIONS.policies], weights: { EnableKeyRotation: 3 },
  },
  {
    name: 'ListAliases without KeyId answers no alias (as if the account had none)', profile: classicProfile,
    target: wrapped(classicProfile, 'ListAliases', async (_request, body) => (body.KeyId === undefined ? { status: 200, body: JSON.stringify({ Aliases: [], Truncated: false }) } : undefined)),
    divergesAt: ['ListAliases'], maxSteps: 2,
    operations: [...AROUND_KEY_OPERATIONS.aliases], weights: { CreateAlias: 3, ListAliases: 3 },
  },
  {
    name: 'PutKeyPolicy accepts a document without a Statement (and keeps the policy it had)', profile: classicProfile,
    target: wrapped(classicProfile, 'PutKeyPolicy', async (request, body, inner) => {
      const document = documentOf(body)
      if (typeof document !== 'object' || document === null || wellFormed(document)) return undefined
      const res = await inner.send({ ...request, target: 'TrentService.DescribeKey', body: JSON.stringify({ KeyId: body.KeyId }) })
      return res.status === 200 ? { status: 200, body: '{}' } : undefined
    }),
    divergesAt: ['PutKeyPolicy'], maxSteps: 1,
    operations: [...AROUND_KEY_OPERATIONS.policies], weights: { PutKeyPolicy: 3 },
  },
  {
    name: 'a replica accepts key material other than its primary\'s (multi-Region)', profile: classicProfile,
    // where the emulator refuses other material in a replica, the mutant answers success (and imports nothing)
    target: wrapped(classicProfile, 'ImportKeyMaterial', async (request, body, inner) => {
      const res = await inner.send(request)
      if ((JSON.parse(res.body) as { __type?: string }).__type !== 'IncorrectKeyMaterialException') return res
      const meta = (await call(inner, request.region, 'DescribeKey', { KeyId: body.KeyId })).KeyMetadata as Record<string, unknown> | undefined
      const type = (meta?.MultiRegionConfiguration as Record<string, unknown> | undefined)?.MultiRegionKeyType
      return type === 'REPLICA' ? { status: 200, body: JSON.stringify({ KeyId: meta?.Arn }) } : res
    }),
    // a Wait past Creating, parameters of the replica, the import of other material (a token named by its place, so one more step may stay)
    divergesAt: ['ImportKeyMaterial'], maxSteps: 4,
    operations: ['GetParametersForImport', 'ImportKeyMaterial', 'Wait', ...MULTI_REGION_OPERATIONS], weights: { GetParametersForImport: 3, ImportKeyMaterial: 3 },
  },
]
