// MCP Orchestrator on Azure Functions Flex Consumption, as Azure documents it: no storage account keys, a
// user-assigned managed identity with data-plane roles, secrets in Key Vault, telemetry over Entra ID.
// Deployed at resource-group scope: `azd up` (azure.yaml at the repository root) or
// `az deployment group create --template-file infra/main.bicep --parameters infra/main.parameters.json`.
// infra/README.md lists every app setting the app reads and which of them this template sets.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(40)
@description('Name of the environment (dev, prod, ...): part of every resource name, and of the Durable task hub.')
param environmentName string

@minLength(1)
@description('Region of every resource; it must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string = resourceGroup().location

@description('Memory of one instance, in MB (Flex Consumption offers 512, 2048 and 4096).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('The most instances the app scales out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Browser origins allowed to call the API (CORS), e.g. [\'https://portal.example.com\']. Empty: none. Credentials are never allowed.')
param corsAllowedOrigins array = []

@description('The profile of client \'orchestrator\' whose deployed servers are kept live (McpOrchestrator__LiveProfile).')
param liveProfile string = 'default'

@minLength(3)
@maxLength(45)
@description('Durable task hub name: letters and digits, starting with a letter. One per environment, so environments sharing a storage account never share orchestrations.')
param taskHubName string = take('mcpo${replace(replace(replace(environmentName, '-', ''), '_', ''), '.', '')}', 45)

@description('More app settings, e.g. { \'McpOrchestrator__Mcp__CallTimeout\': \'00:01:00\' }; infra/README.md lists them with their defaults. Never put a secret here: give secrets to Key Vault and reference them.')
param appSettings object = {}

@description('Names NAME of the server secrets the registry references as \${secret:NAME}: each becomes the app setting McpOrchestrator__Secrets__NAME, a Key Vault reference to the secret \'mcp-secret-NAME\' (underscores as dashes) that you store in the vault yourself.')
param mcpSecretNames array = []

@secure()
@description('The API key (X-API-Key, every scope). Written to Key Vault when given; empty keeps the secret already stored. azd generates one on first provision (azure.yaml hook).')
param apiKey string = ''

@secure()
@description('Base64 of 32 random bytes (openssl rand -base64 32) that encrypts the signing key at rest. Written to Key Vault when given; empty keeps the secret already stored. Never change it once the signing key is initialised.')
param keyEncryptionKey string = ''

@description('Object id of a user or group that may read the vault\'s secrets (Key Vault Secrets User), e.g. to fetch the API key after deployment. Empty: nobody but the app.')
param operatorPrincipalId string = ''

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
@description('Kind of principal operatorPrincipalId is.')
param operatorPrincipalType string = 'User'

@description('Purge protection on the Key Vault (recommended: the key-encryption key cannot be recovered once purged). Turn off only for throwaway environments.')
param keyVaultPurgeProtection bool = true

var resourceToken = toLower(uniqueString(resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-mcpo-${resourceToken}'
var storageAccountName = 'stmcpo${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'
var keyVaultName = 'kv-mcpo-${resourceToken}'
var applicationInsightsName = 'appi-mcpo-${resourceToken}'
var apiKeySecretName = 'mcpo-api-key'
var keyEncryptionKeySecretName = 'mcpo-key-encryption-key'

// Built-in role definitions (ids from Microsoft's "Azure built-in roles" reference,
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles, and the Flex Consumption samples'
// rbac.bicep). The Functions host, Durable's Azure Storage backend and Core's tables need blob, queue and table
// data access; the Flex deployment container needs blob access; Entra-authenticated telemetry needs Monitoring
// Metrics Publisher; Key Vault references need Key Vault Secrets User.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-mcpo-${resourceToken}'
  location: location
  tags: tags
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-mcpo-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    apiKey: apiKey
    keyEncryptionKey: keyEncryptionKey
    apiKeySecretName: apiKeySecretName
    keyEncryptionKeySecretName: keyEncryptionKeySecretName
  }
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
  dependsOn: [
    storage
  ]
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
  dependsOn: [
    monitoring
  ]
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
  dependsOn: [
    keyVault
  ]
}

resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identity.id, roles.storageBlobDataOwner)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identity.id, roles.storageQueueDataContributor)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identity.id, roles.storageTableDataContributor)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource operatorSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'plan-mcpo-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

// A Key Vault reference: the platform resolves it with keyVaultReferenceIdentity and hands the app the value.
var apiKeyReference = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${apiKeySecretName})'
var keyEncryptionKeyReference = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${keyEncryptionKeySecretName})'
var mcpSecretSettings = toObject(
  mcpSecretNames,
  name => 'McpOrchestrator__Secrets__${name}',
  name => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=mcp-secret-${replace(name, '_', '-')})'
)

// On Flex Consumption the runtime comes from functionAppConfig.runtime, so FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE are not set. appSettings cannot override the settings below.
var requiredAppSettings = [
  // The Functions host, Durable and Core's tables: identity-based, no keys.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.properties.clientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: applicationInsights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  }
  // host.json keeps no hub name; this app setting overrides extensions.durableTask.hubName per environment.
  {
    name: 'AzureFunctionsJobHost__extensions__durableTask__hubName'
    value: taskHubName
  }
  {
    name: 'McpOrchestrator__ApiKey'
    value: apiKeyReference
  }
  {
    name: 'McpOrchestrator__KeyEncryptionKey'
    value: keyEncryptionKeyReference
  }
  {
    name: 'McpOrchestrator__LiveProfile'
    value: liveProfile
  }
]
var requiredAppSettingNames = map(requiredAppSettings, setting => setting.name)

// Operator-given settings, minus any that would shadow a required one.
var extraAppSettings = [
  for setting in items(union(appSettings, mcpSecretSettings)): {
    name: setting.key
    value: string(setting.value)
  }
]

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
      appSettings: concat(requiredAppSettings, filter(extraAppSettings, setting => !contains(requiredAppSettingNames, setting.name)))
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      // dotnet-isolated 10.0: the newest .NET the platform lists for Flex Consumption (FC1), supported to
      // 9 Nov 2028, per `Get-AzFunctionAppFlexConsumptionRuntime` (Az.Functions) and Microsoft's Feb 2026
      // quickstart Azure-Samples/functions-quickstart-dotnet-azd (net10.0 on Flex); src/Functions targets net10.0.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [
    // Key Vault references and identity-based storage resolve at start: the roles must exist first.
    blobDataOwner
    queueDataContributor
    tableDataContributor
    metricsPublisher
    secretsUser
  ]
}

// Deployments use Entra ID (azd, az functionapp deploy); basic publishing credentials stay off.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_FUNCTION_APP_NAME string = functionApp.name
output SERVICE_API_NAME string = functionApp.name
output SERVICE_API_URI string = 'https://${functionApp.properties.defaultHostName}'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output MCPO_API_KEY_SECRET_NAME string = apiKeySecretName
output MCPO_TASK_HUB_NAME string = taskHubName
