// The Key Vault that holds the app's secrets: the API key and the key-encryption key of the signing keys. RBAC
// mode only (no access policies); the app reads the secrets through Key Vault references resolved by the platform.
// A secret is written only when a value is given, so a later deployment without the values keeps the secrets
// already there (the key-encryption key must never change once the signing key is initialised).

param name string

param location string

param tags object

@description('Keep deleted vaults and secrets recoverable and unpurgeable for the retention period.')
param enablePurgeProtection bool

@description('The app\'s API key; empty leaves the stored secret as it is.')
@secure()
param apiKey string

@description('Base64 of 32 random bytes; empty leaves the stored secret as it is.')
@secure()
param keyEncryptionKey string

@description('Secret names for the two values above.')
param apiKeySecretName string
param keyEncryptionKeySecretName string

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource apiKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(apiKey)) {
  parent: vault
  name: apiKeySecretName
  properties: {
    value: apiKey
    contentType: 'text/plain'
  }
}

resource keyEncryptionKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(keyEncryptionKey)) {
  parent: vault
  name: keyEncryptionKeySecretName
  properties: {
    value: keyEncryptionKey
    contentType: 'base64; 32 bytes'
  }
}

output name string = vault.name
output vaultUri string = vault.properties.vaultUri
