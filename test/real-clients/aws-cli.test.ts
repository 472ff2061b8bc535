/**
 * The AWS CLI user (Debian's `awscli`, installed by `.ci/run` when missing) against the HTTP
 * endpoint: the AWS guide's import procedure with OpenSSL, then what comes next — list-keys, an
 * alias used as the key id, tags, generate-data-key (decrypted back), re-encrypt, rotation status,
 * the key policy — in one bash session (docs/evidence.md §12). The CLI is slow to start (about a
 * second a command), so the session is one script of a dozen commands.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type RunningServer } from 'kms-key-import/http'

const SESSION = String.raw`
export AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1
kms() { aws kms --endpoint-url "$KMS_URL" "$@"; }

# The guide's procedure: an EXTERNAL key, parameters, OpenSSL wrap, import
KEY=$(kms create-key --origin EXTERNAL --description cli --tags TagKey=team,TagValue=crypto --query KeyMetadata.KeyId --output text)
kms get-parameters-for-import --key-id "$KEY" --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048 \
    --query '[PublicKey, ImportToken]' --output text > params.txt
cut -f1 params.txt | base64 -d > WrappingPublicKey.bin
cut -f2 params.txt | base64 -d > ImportToken.bin
openssl rand -out PlaintextKeyMaterial.bin 32
openssl pkeyutl -encrypt -in PlaintextKeyMaterial.bin -out EncryptedKeyMaterial.bin -inkey WrappingPublicKey.bin -keyform DER -pubin \
    -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256
kms import-key-material --key-id "$KEY" --import-token fileb://ImportToken.bin --encrypted-key-material fileb://EncryptedKeyMaterial.bin \
    --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE

# What comes next
echo "listed=$(kms list-keys --query 'Keys[].KeyId' --output text)"
kms create-alias --alias-name alias/cli-imported --target-key-id "$KEY"
echo "via-alias=$(kms describe-key --key-id alias/cli-imported --query KeyMetadata.KeyState --output text)"
kms tag-resource --key-id "$KEY" --tags TagKey=env,TagValue=test
echo "tags=$(kms list-resource-tags --key-id "$KEY" --query 'Tags[].[TagKey,TagValue]' --output text | tr '\t\n' '=,')"
kms generate-data-key --key-id alias/cli-imported --key-spec AES_256 --encryption-context app=cli --output json > datakey.json
python3 -c 'import json,base64,sys; d=json.load(open("datakey.json")); open("dk.bin","wb").write(base64.b64decode(d["CiphertextBlob"])); print("dk-plain=" + d["Plaintext"]); print("dk-key=" + d["KeyId"])'
echo "dk-decrypted=$(kms decrypt --ciphertext-blob fileb://dk.bin --encryption-context app=cli --query Plaintext --output text)"
OTHER=$(kms create-key --query KeyMetadata.KeyId --output text)
kms re-encrypt --ciphertext-blob fileb://dk.bin --source-encryption-context app=cli --destination-key-id "$OTHER" \
    --destination-encryption-context app=moved --query CiphertextBlob --output text | base64 -d > moved.bin
echo "moved-decrypted=$(kms decrypt --ciphertext-blob fileb://moved.bin --encryption-context app=moved --query Plaintext --output text)"
kms get-key-rotation-status --key-id "$KEY" 2> status.err || echo "rotation-status-refused=$(tr -d '\n' < status.err)"
kms enable-key-rotation --key-id "$KEY" 2> rotation.err || echo "enable-rotation-refused=$(tr -d '\n' < rotation.err)"
echo "policy-sid=$(kms get-key-policy --key-id "$KEY" --policy-name default --query Policy --output text | python3 -c 'import json,sys; print(json.load(sys.stdin)["Statement"][0]["Sid"])')"
echo "key=$KEY"
echo "other=$OTHER"
`

describe('the AWS CLI after the import procedure', () => {
  let server: RunningServer
  let dir: string
  beforeAll(async () => {
    server = await serve({ port: 0, quiet: true })
    dir = mkdtempSync(join(tmpdir(), 'kms-cli-surface-'))
  })
  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('list-keys, an alias as key id, tags, generate-data-key, re-encrypt, rotation status and the key policy work on an imported key', async () => {
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', SESSION], {
      cwd: dir,
      env: { ...process.env, KMS_URL: server.url, AWS_PAGER: '' },
      timeout: 60_000,
    })
    const out = Object.fromEntries(stdout.trim().split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
    const key = out['key']!
    const arn = `arn:aws:kms:us-east-1:111122223333:key/${key}`
    expect(out['listed']).toBe(key) // the only key when it was listed
    expect(out['via-alias']).toBe('Enabled')
    expect(out['tags']).toBe('team=crypto,env=test,')
    expect(out['dk-key']).toBe(arn)
    expect(Buffer.from(out['dk-plain']!, 'base64')).toHaveLength(32)
    expect(out['dk-decrypted']).toBe(out['dk-plain'])
    expect(out['moved-decrypted']).toBe(out['dk-plain'])
    expect(out['rotation-status-refused']).toBe( // an imported key has no automatic rotation status (docs/evidence.md §12)
      `An error occurred (UnsupportedOperationException) when calling the GetKeyRotationStatus operation: ${arn} origin is EXTERNAL which is not valid for this operation.`)
    expect(out['enable-rotation-refused']).toBe(
      `An error occurred (UnsupportedOperationException) when calling the EnableKeyRotation operation: ${arn} origin is EXTERNAL which is not valid for this operation.`)
    expect(out['policy-sid']).toBe('Enable IAM User Permissions')
  }, 60_000)

  it('refuses a value under the AWS model\'s minimum itself, and sends it once the profile says parameter_validation = false (what the conformance kit\'s scripts tell their reader)', async () => {
    const config = join(dir, 'config-no-validation')
    const session = String.raw`
export AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1
aws kms --endpoint-url "$KMS_URL" generate-random --number-of-bytes 0 2> default.err || echo "default=$(tr -d '\n' < default.err)"
printf '[default]\nparameter_validation = false\n' > "$CONFIG"
AWS_CONFIG_FILE="$CONFIG" aws kms --endpoint-url "$KMS_URL" generate-random --number-of-bytes 0 2> unvalidated.err || echo "unvalidated=$(tr -d '\n' < unvalidated.err)"
`
    const { stdout } = await promisify(execFile)('bash', ['-uo', 'pipefail', '-c', session], {
      cwd: dir,
      env: { ...process.env, KMS_URL: server.url, AWS_PAGER: '', CONFIG: config },
      timeout: 60_000,
    })
    const out = Object.fromEntries(stdout.trim().split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
    // the CLI's own check: the request never left
    expect(out['default']).toMatch(/^Parameter validation failed:\s*Invalid value for parameter NumberOfBytes, value: 0, valid min value: 1$/)
    // the endpoint's answer, AWS's words
    expect(out['unvalidated']).toBe(
      "An error occurred (ValidationException) when calling the GenerateRandom operation: 1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1")
  }, 60_000)
})
