/**
 * The key-state table of docs/evidence.md §2.1 as data. Every stateful operation consults it through
 * `checkKeyState`; the rules reference is generated from it.
 *
 * @module
 */
import type { KeyState } from '../model/enums.js'
import type { MessageId } from '../errors/messages.js'
import type { StateRule, StateTable, StateVerdict } from './profile.js'

const ok: StateVerdict = { allow: true }
const invalid = (message: MessageId): StateVerdict => ({ allow: false, exception: 'KMSInvalidStateException', message })
const pendingImport = invalid('pendingImport')
const pendingDeletion = invalid('pendingDeletion')
const notPendingDeletion = invalid('notPendingDeletion')
const disabled: StateVerdict = { allow: false, exception: 'DisabledException', message: 'disabled' }
/** States of multi-Region keys and custom key stores: no operation here produces them (docs/evidence.md §2). */
const unavailable = invalid('keyUnavailable')

const row = (externalOnly: boolean, v: Readonly<Record<'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport', StateVerdict>>, other: StateVerdict = unavailable): StateRule => ({
  externalOnly,
  states: { ...v, Creating: other, Updating: other, Unavailable: other, PendingReplicaDeletion: other } satisfies Record<KeyState, StateVerdict>,
})

/**
 * The key-state table shared by every profile so far (DOC key-state.html; the ImportKeyMaterial
 * PendingDeletion cell is CHOSEN from the 2023 table).
 * @since 0.1.0
 */
export const keyStateTable: StateTable = {
  GetParametersForImport: row(true, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  ImportKeyMaterial: row(true, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  DeleteImportedKeyMaterial: row(true, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }),
  EnableKey: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  DisableKey: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  ScheduleKeyDeletion: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  CancelKeyDeletion: row(false, { Enabled: notPendingDeletion, Disabled: notPendingDeletion, PendingDeletion: ok, PendingImport: notPendingDeletion }),
  Encrypt: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  Decrypt: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  DescribeKey: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, ok),
  // The usage operations of asymmetric and HMAC keys go through the usage gate like Encrypt (DOC
  // key-state.html; GetPublicKey's Disabled cell is CHOSEN to match: a third-party emulator reports
  // AWS serving GetPublicKey for a Disabled key).
  GetPublicKey: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  Sign: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  Verify: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  GenerateMac: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  VerifyMac: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  // On-demand rotation needs a usable key (DOC key-state.html); listing rotations works in every state.
  RotateKeyOnDemand: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  ListKeyRotations: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }),
  // The operations around a key (DOC key-state.html; docs/evidence.md §12). Changing a key's
  // description, aliases or tags is refused while it is pending deletion; reading them never is.
  UpdateKeyDescription: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  CreateAlias: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  UpdateAlias: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  DeleteAlias: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }),
  ListAliases: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, ok),
  TagResource: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  UntagResource: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  ListResourceTags: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, ok),
  GetKeyPolicy: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, ok),
  PutKeyPolicy: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, ok),
  ListKeyPolicies: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, ok),
  // Data keys and re-encryption use the key like Encrypt (ReEncrypt: its source like Decrypt).
  GenerateDataKey: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  GenerateDataKeyWithoutPlaintext: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  GenerateDataKeyPair: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  GenerateDataKeyPairWithoutPlaintext: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  ReEncrypt: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  // Automatic rotation: EXTERNAL keys and keys that are not symmetric are refused before the state
  // (UnsupportedOperationException, in the operations); the status is readable in every state.
  EnableKeyRotation: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  DisableKeyRotation: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  GetKeyRotationStatus: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, ok),
}
