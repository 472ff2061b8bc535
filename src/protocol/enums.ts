/**
 * Which values of an enum of AWS's model a profile accepts. The model is today's API; an era
 * accepts fewer values (`WrappingKeySpec` is only `RSA_2048` under `classic`), and some enums the
 * library serves only in part (signing algorithms it implements). The values come from the
 * profile's data; an enum listed nowhere here accepts the model's values.
 *
 * @module
 */
import { MacAlgorithmSpec } from '../crypto/mac.js'
import { MessageType, SigningAlgorithmSpec } from '../crypto/signing.js'
import type { Profile } from '../profiles/profile.js'
import type * as Model from './generated/kms-model.js'

/**
 * Enum shapes of the model whose values a profile narrows, with the values in the order AWS
 * prints them. Typed by the library's type of each enum, so a decoded value always is one.
 * @internal
 */
export const enumValues: {
  readonly [S in 'KeySpec' | 'CustomerMasterKeySpec' | 'KeyUsageType' | 'OriginType' | 'AlgorithmSpec' | 'WrappingKeySpec' | 'ExpirationModelType'
  | 'ImportType' | 'EncryptionAlgorithmSpec' | 'SigningAlgorithmSpec' | 'MessageType' | 'MacAlgorithmSpec']: (profile: Profile) => readonly Model.ModelEnums[S][]
} = {
  KeySpec: (p) => p.enums.keySpec,
  // the deprecated name of KeySpec: the key specs it had when it was deprecated
  CustomerMasterKeySpec: (p) => p.enums.keySpec.filter((k): k is Model.CustomerMasterKeySpec => !k.startsWith('ML_DSA_')),
  KeyUsageType: (p) => p.enums.keyUsage,
  OriginType: (p) => p.enums.origin,
  AlgorithmSpec: (p) => p.enums.wrappingAlgorithm,
  WrappingKeySpec: (p) => p.enums.wrappingKeySpec,
  ExpirationModelType: (p) => p.enums.expirationModel,
  ImportType: (p) => p.enums.importType,
  EncryptionAlgorithmSpec: (p) => p.enums.encryptionAlgorithm,
  SigningAlgorithmSpec: () => Object.values(SigningAlgorithmSpec),
  MessageType: () => Object.values(MessageType),
  MacAlgorithmSpec: () => Object.values(MacAlgorithmSpec),
}

/**
 * The values a profile accepts for an enum shape of the model.
 * @param profile - the profile
 * @param shape - the enum shape's name
 * @param modelValues - the model's values
 * @returns the accepted values, in the order AWS prints them
 * @internal
 */
export const acceptedValues = (profile: Profile, shape: string, modelValues: readonly string[]): readonly string[] =>
  isNarrowed(shape) ? enumValues[shape](profile) : modelValues

const isNarrowed = (shape: string): shape is keyof typeof enumValues => Object.hasOwn(enumValues, shape)
