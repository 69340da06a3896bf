@{
    RootModule           = 'PostHogPersons.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '5b0f3c1e-8a7d-4e52-9a61-2f4c7d9e1b38'
    Author               = 'PostHogPersons contributors'
    CompanyName          = 'PostHogPersons contributors'
    Copyright            = '(c) PostHogPersons contributors. MIT License.'
    Description          = 'Manage PostHog persons from PowerShell: list, export, update, split and delete persons through the PostHog Persons API, with paging that loses nothing, -WhatIf on every change and pacing under PostHog''s rate limits.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('PostHogPersons.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-PHProject'
        'Disconnect-PHProject'
        'Get-PHConfiguration'
        'Get-PHContext'
        'Get-PHPerson'
        'Get-PHPersonActivity'
        'Get-PHPersonCohort'
        'Get-PHPersonDeletionStatus'
        'Get-PHPersonFunnel'
        'Get-PHPersonFunnelCorrelation'
        'Get-PHPersonLifecycle'
        'Get-PHPersonPropertyTimeline'
        'Get-PHPersonPropertyValue'
        'Get-PHPersonTrend'
        'Invoke-PHPersonBulkDelete'
        'Invoke-PHQuery'
        'Remove-PHPerson'
        'Remove-PHPersonEvent'
        'Remove-PHPersonProperty'
        'Remove-PHPersonRecording'
        'Reset-PHPersonDistinctId'
        'Set-PHConfiguration'
        'Set-PHPersonProperty'
        'Split-PHPerson'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('PostHog', 'Persons', 'Analytics', 'GDPR', 'API', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'First release: Connect-PHProject (proxy, certificate and -NoDefault options), Get-PHPerson, Set-/Remove-PHPersonProperty (also through capture), Remove-PHPerson, Remove-PHPersonEvent, Remove-PHPersonRecording, Split-PHPerson, Invoke-PHPersonBulkDelete (resumable), -Context on every PH cmdlet, Set-PHConfiguration and Get-PHConfiguration, tab completion of person property keys, Invoke-PHQuery (HogQL through the query endpoint) and Get-PHPerson -UseQuery for large exports.'
        }
    }
}
