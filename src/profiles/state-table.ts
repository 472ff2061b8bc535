/**
 * The key-state table of docs/evidence.md §2.1 as data. Every stateful operation consults it through
 * the key gate (`checkKey`, `checkState` in `src/operations/support/key-gate.ts`, which
 * `keyOperation` and the usage gate call); the rules reference is generated from it.
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
const creating = invalid('creating')
const updating = invalid('updating')
const pendingReplicaDeletion = invalid('pendingReplicaDeletion')
/** The state of custom key stores: no operation here produces it (docs/evidence.md §2). */
const unavailable = invalid('keyUnavailable')

type Common = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport'
type Others = 'Creating' | 'Updating' | 'PendingReplicaDeletion' | 'Unavailable'

/**
 * One row. The multi-Region states (docs/evidence.md §11) default to: `Creating` refuses (the
 * replica "cannot yet be used"), `Updating` refuses (management operations), and
 * `PendingReplicaDeletion` answers as `PendingDeletion` does, with its own message; `Unavailable` (custom
 * key stores, which nothing here produces) refuses unless the row says otherwise.
 */
const row = (externalOnly: boolean, v: Readonly<Record<Common, StateVerdict>>, mr: Readonly<Partial<Record<Others, StateVerdict>>> = {}): StateRule => ({
  externalOnly,
  states: {
    ...v,
    Creating: mr.Creating ?? creating,
    Updating: mr.Updating ?? updating,
    PendingReplicaDeletion: mr.PendingReplicaDeletion ?? (v.PendingDeletion.allow ? ok : pendingReplicaDeletion),
    Unavailable: mr.Unavailable ?? unavailable,
  } satisfies Record<KeyState, StateVerdict>,
})
/** Cryptographic operations: refused while `Creating`, served while `Updating` (DOC ReplicateKey, UpdatePrimaryRegion). */
const usage = { Updating: ok } as const
/** Read-only operations answer in every multi-Region state. */
const always = { Creating: ok, Updating: ok, PendingReplicaDeletion: ok } as const
/** Operations that answer in every state, custom key stores' Unavailable included. */
const everywhere = { ...always, Unavailable: ok } as const

/**
 * The key-state table shared by every profile so far (DOC key-state.html; the ImportKeyMaterial
 * PendingDeletion cell is CHOSEN from the 2023 table). The multi-Region columns follow the
 * operations' references (DOC: a `Creating` replica can be managed but not used in cryptographic
 * operations; `Updating` keys can be used, not enabled, disabled or replicated; a
 * `PendingReplicaDeletion` primary is on its way to deletion and its deletion can be cancelled);
 * the cells those texts leave open are CHOSEN (docs/decisions.md#multi-region-state-table).
 * @since 0.1.0
 */
export const keyStateTable: StateTable = {
  GetParametersForImport: row(true, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  ImportKeyMaterial: row(true, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  DeleteImportedKeyMaterial: row(true, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }),
  EnableKey: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  DisableKey: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  ScheduleKeyDeletion: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }, { Creating: ok }),
  CancelKeyDeletion: row(false, { Enabled: notPendingDeletion, Disabled: notPendingDeletion, PendingDeletion: ok, PendingImport: notPendingDeletion }, {
    Creating: notPendingDeletion, Updating: notPendingDeletion, PendingReplicaDeletion: ok,
  }),
  Encrypt: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  Decrypt: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  DescribeKey: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, everywhere),
  // The usage operations of asymmetric and HMAC keys go through the usage gate like Encrypt (DOC
  // key-state.html; GetPublicKey's Disabled cell is CHOSEN to match: a third-party emulator reports
  // AWS serving GetPublicKey for a Disabled key).
  GetPublicKey: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  Sign: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  Verify: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  GenerateMac: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  VerifyMac: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  // On-demand rotation needs a usable key (DOC key-state.html); listing rotations works in every state.
  RotateKeyOnDemand: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  ListKeyRotations: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, always),
  // Multi-Region operations (DOC ReplicateKey, UpdatePrimaryRegion; docs/evidence.md §11). Only an
  // Enabled primary is replicated (DOC key-state.html: Disabled [1], PendingImport [5]).
  ReplicateKey: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  // Both the primary and the replica must be Enabled (DOC multi-region-update.html).
  UpdatePrimaryRegion: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  // The operations around a key (DOC key-state.html; docs/evidence.md §12). Changing a key's
  // description, aliases or tags is refused while it is pending deletion; reading them never is.
  UpdateKeyDescription: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  CreateAlias: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  UpdateAlias: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  DeleteAlias: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }),
  ListAliases: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, everywhere),
  TagResource: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  UntagResource: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: pendingDeletion, PendingImport: ok }),
  ListResourceTags: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, everywhere),
  GetKeyPolicy: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, everywhere),
  PutKeyPolicy: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, everywhere),
  ListKeyPolicies: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, everywhere),
  // Data keys and re-encryption use the key like Encrypt (ReEncrypt: its source like Decrypt).
  GenerateDataKey: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  GenerateDataKeyWithoutPlaintext: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  GenerateDataKeyPair: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  GenerateDataKeyPairWithoutPlaintext: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  ReEncrypt: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }, usage),
  // Automatic rotation: EXTERNAL keys and keys that are not symmetric are refused before the state
  // (UnsupportedOperationException, in the operations); the status is readable in every state.
  EnableKeyRotation: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  DisableKeyRotation: row(false, { Enabled: ok, Disabled: disabled, PendingDeletion: pendingDeletion, PendingImport: pendingImport }),
  GetKeyRotationStatus: row(false, { Enabled: ok, Disabled: ok, PendingDeletion: ok, PendingImport: ok }, everywhere),
}
