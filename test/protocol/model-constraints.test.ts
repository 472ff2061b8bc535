/**
 * Every member of every served operation is checked as AWS's model says, through `handle` (the
 * wire), under every profile. The cases are derived from the vendored model file itself
 * (src/protocol/model/kms-2014-11-01.service-2.json), not from the generated module: for each
 * operation and each member its era has,
 * - a missing required member,
 * - a value outside its enum (the profile's values, in AWS's order),
 * - a length (string, blob, list) or range (integer) beyond the model's bounds,
 * - a value of the wrong JSON type
 * each get AWS's exception and message (docs/evidence.md §7).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createEmulator, operations, profiles, type Profile } from 'kms-key-import'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { acceptedValues } from '../../src/protocol/enums.js'

interface Ref { readonly shape: string }
interface Shape {
  readonly type: string
  readonly members?: Readonly<Record<string, Ref>>
  readonly required?: readonly string[]
  readonly member?: Ref
  readonly min?: number
  readonly max?: number
  readonly enum?: readonly string[]
  readonly sensitive?: boolean
}
const model = JSON.parse(readFileSync(new URL('../../src/protocol/model/kms-2014-11-01.service-2.json', import.meta.url), 'utf8')) as {
  readonly operations: Readonly<Record<string, { readonly input?: Ref }>>
  readonly shapes: Readonly<Record<string, Shape>>
}
const shapeOf = (name: string): Shape => model.shapes[name]!

/** Values of string shapes with a pattern, which the least string does not satisfy. */
const PATTERNED: Readonly<Record<string, string>> = { RegionType: 'eu-west-1' }

/** A value the shape accepts under every profile (the least one). */
const validValue = (profile: Profile, name: string): unknown => {
  const s = shapeOf(name)
  switch (s.type) {
    case 'string': return s.enum !== undefined ? acceptedValues(profile, name, s.enum)[0] : PATTERNED[name] ?? 'a'.repeat(Math.max(s.min ?? 1, 1))
    case 'blob': return Buffer.alloc(Math.max(s.min ?? 1, 1), 1).toString('base64')
    case 'integer': case 'long': return s.min ?? 1
    case 'boolean': return true
    case 'timestamp': return 1_700_000_000
    case 'list': return []
    case 'map': return {}
    default: return Object.fromEntries((s.required ?? []).map((m) => [m, validValue(profile, s.members![m]!.shape)]))
  }
}

const camel = (m: string): string => m[0]!.toLowerCase() + m.slice(1)
const validation = (text: string) => ({ __type: 'ValidationException', message: `1 validation error detected: ${text}` })
const serialization = (message: string) => ({ __type: 'SerializationException', message })

/** The wrong-type value for a shape and AWS's message for it. */
const WRONG_TYPE: Readonly<Record<string, readonly [unknown, string]>> = {
  string: [5, 'NUMBER_VALUE can not be converted to a String'],
  blob: [5, 'NUMBER_VALUE can not be converted to a Blob'],
  integer: ['1', 'STRING_VALUE can not be converted to an Integer'],
  long: ['1', 'STRING_VALUE can not be converted to an Integer'],
  boolean: ['true', 'STRING_VALUE can not be converted to a Boolean'],
  timestamp: ['2026-01-01', 'STRING_VALUE can not be converted to a Timestamp'],
  list: ['x', 'STRING_VALUE can not be converted to a List'],
  map: ['x', 'STRING_VALUE can not be converted to a Map'],
  structure: ['x', 'STRING_VALUE can not be converted to a Structure'],
}

interface Case { readonly title: string; readonly member: string; readonly value: unknown; readonly expected: object }

/** The cases of one member of one operation under one profile. */
const casesOf = (profile: Profile, member: string, shapeName: string, required: boolean): readonly Case[] => {
  const s = shapeOf(shapeName)
  const at = camel(member)
  const out: Case[] = []
  if (required) out.push({ title: 'missing', member, value: undefined, expected: validation(`Value null at '${at}' failed to satisfy constraint: Member must not be null`) })
  if (s.type === 'string' && s.enum !== undefined) {
    const values = acceptedValues(profile, shapeName, s.enum)
    out.push({ title: 'out of enum', member, value: 'NOT_A_VALUE', expected: validation(`Value 'NOT_A_VALUE' at '${at}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`) })
  } else if (s.type === 'string' && s.max !== undefined) {
    const long = 'a'.repeat(s.max + 1)
    out.push({ title: 'too long', member, value: long, expected: validation(`Value${s.sensitive === true ? '' : ` '${long}'`} at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${s.max}`) })
  }
  if (s.type === 'string' && s.enum === undefined && s.min !== undefined && s.min > 1) {
    const short = 'a'.repeat(s.min - 1)
    out.push({ title: 'too short', member, value: short, expected: validation(`Value${s.sensitive === true ? '' : ` '${short}'`} at '${at}' failed to satisfy constraint: Member must have length greater than or equal to ${s.min}`) })
  }
  if (s.type === 'blob' && s.max !== undefined) {
    const n = s.max + 1
    const shown = s.sensitive === true ? '' : ` 'java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]'`
    out.push({ title: 'too long', member, value: Buffer.alloc(n).toString('base64'), expected: validation(`Value${shown} at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${s.max}`) })
  }
  if ((s.type === 'integer' || s.type === 'long') && s.max !== undefined) {
    out.push({ title: 'above range', member, value: s.max + 1, expected: validation(`Value '${s.max + 1}' at '${at}' failed to satisfy constraint: Member must have value less than or equal to ${s.max}`) })
  }
  if ((s.type === 'integer' || s.type === 'long') && s.min !== undefined) {
    out.push({ title: 'below range', member, value: s.min - 1, expected: validation(`Value '${s.min - 1}' at '${at}' failed to satisfy constraint: Member must have value greater than or equal to ${s.min}`) })
  }
  if (s.type === 'list' && s.max !== undefined) {
    const items = Array.from({ length: s.max + 1 }, () => validValue(profile, s.member!.shape))
    out.push({ title: 'too many items', member, value: items, expected: validation(`Value '[${items.map(String).join(', ')}]' at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${s.max}`) })
  }
  const [wrong, message] = WRONG_TYPE[s.type]!
  out.push({ title: 'wrong JSON type', member, value: wrong, expected: serialization(message) })
  return out
}

const served = Object.keys(operations)

describe.each(profiles.map((p) => [p.name, p] as const))('%s: every member of every served operation, as AWS\'s model says', (_, profile) => {
  const kms = createEmulator({ profile, crypto: createDeterministicProvider() })
  const absent = (op: string): readonly string[] => profile.absentMembers[op] ?? []

  it.each(served)('%s', async (op) => {
    const input = shapeOf(model.operations[op]!.input!.shape)
    const required = new Set(input.required ?? [])
    const members = Object.entries(input.members ?? {}).filter(([m]) => !absent(op).includes(m))
    const base = Object.fromEntries(members.filter(([m]) => required.has(m)).map(([m, ref]) => [m, validValue(profile, ref.shape)]))
    const cases = members.flatMap(([m, ref]) => casesOf(profile, m, ref.shape, required.has(m)))
    expect(cases.length).toBeGreaterThan(0)
    for (const c of cases) {
      const body = { ...base, [c.member]: c.value }
      if (c.value === undefined) delete body[c.member]
      const res = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(body) })
      expect({ status: res.status, body: JSON.parse(res.body) as unknown }, `${op}.${c.member}: ${c.title}`).toEqual({ status: 400, body: c.expected })
    }
  })

  it('drops a member its era lacks as an unknown member (any value)', async () => {
    for (const [op, members] of Object.entries(profile.absentMembers)) {
      const input = shapeOf(model.operations[op]!.input!.shape)
      const base = Object.fromEntries((input.required ?? []).map((m) => [m, validValue(profile, input.members![m]!.shape)]))
      for (const m of members) {
        const withIt = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify({ ...base, [m]: 42 }) })
        const without = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(base) })
        expect(JSON.parse(withIt.body), `${op}.${m}`).toEqual(JSON.parse(without.body))
      }
    }
  })
})
