# The module as it ships: manifest, exported cmdlets, output types and views, import cost.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PHTestServer.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PHChildProcess.psm1') -Force
    $script:ModulePath = Get-PHTestModulePath
    $script:ModuleDir = Split-Path $script:ModulePath
    $script:Manifest = Import-PowerShellDataFile $script:ModulePath
    $script:Cmdlets = @(
        'Connect-PHProject', 'Disconnect-PHProject', 'Get-PHConfiguration', 'Get-PHContext',
        'Get-PHPerson', 'Get-PHPersonActivity', 'Get-PHPersonCohort',
        'Get-PHPersonDeletionStatus', 'Get-PHPersonFunnel', 'Get-PHPersonFunnelCorrelation',
        'Get-PHPersonLifecycle', 'Get-PHPersonPropertyTimeline', 'Get-PHPersonPropertyValue',
        'Get-PHPersonTrend', 'Invoke-PHPersonBulkDelete', 'Invoke-PHQuery', 'Remove-PHPerson',
        'Remove-PHPersonEvent', 'Remove-PHPersonProperty', 'Remove-PHPersonRecording',
        'Reset-PHPersonDistinctId', 'Set-PHConfiguration', 'Set-PHPersonProperty',
        'Split-PHPerson'
    )
    Import-Module $script:ModulePath -Force
}

AfterAll {
    Remove-Module PostHogPersons -Force -ErrorAction SilentlyContinue
}

Describe 'The manifest' {
    It 'exports exactly the cmdlets the module has' {
        $script:Manifest.CmdletsToExport | Should -Be $script:Cmdlets
        (Get-Command -Module PostHogPersons).Name | Sort-Object | Should -Be $script:Cmdlets
    }

    It 'carries a description, tags and release notes but no invented URIs' {
        $script:Manifest.Description | Should -Match '^Manage PostHog persons from PowerShell'
        $script:Manifest.PrivateData.PSData.Tags | Should -Contain 'PostHog'
        $script:Manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        $script:Manifest.PrivateData.PSData.Keys | Should -Not -Contain 'LicenseUri'
        $script:Manifest.PrivateData.PSData.Keys | Should -Not -Contain 'ProjectUri'
    }

    It 'ships the MIT license in the module folder' {
        Join-Path $script:ModuleDir 'LICENSE' | Should -FileContentMatch '^MIT License'
    }
}

Describe 'Output types and views' {
    It '<_> declares its output type' -ForEach @(
        'Connect-PHProject', 'Disconnect-PHProject', 'Get-PHConfiguration', 'Get-PHContext',
        'Get-PHPerson', 'Get-PHPersonActivity', 'Get-PHPersonCohort',
        'Get-PHPersonDeletionStatus', 'Get-PHPersonFunnel', 'Get-PHPersonFunnelCorrelation',
        'Get-PHPersonLifecycle', 'Get-PHPersonPropertyTimeline', 'Get-PHPersonPropertyValue',
        'Get-PHPersonTrend', 'Invoke-PHPersonBulkDelete', 'Invoke-PHQuery', 'Remove-PHPerson',
        'Remove-PHPersonEvent', 'Remove-PHPersonProperty', 'Remove-PHPersonRecording',
        'Reset-PHPersonDistinctId', 'Set-PHConfiguration', 'Set-PHPersonProperty',
        'Split-PHPerson'
    ) {
        (Get-Command $_).OutputType.Count | Should -BeGreaterThan 0
    }

    It 'has a view in the format file for every output type' {
        # Invoke-PHQuery's rows are PSCustomObjects whose properties are the query's columns,
        # so PowerShell's default table or list view is the right one for them.
        $types = Get-Command -Module PostHogPersons | ForEach-Object { $_.OutputType.Name } |
            Where-Object { $_ -notin 'System.Void', 'System.Management.Automation.PSObject' } |
            Sort-Object -Unique
        $types | Should -Be @(
            'PostHogPersons.Models.PHBulkDeleteResult'
            'PostHogPersons.Models.PHConfiguration'
            'PostHogPersons.Models.PHContext'
            'PostHogPersons.Models.PHPerson'
            'PostHogPersons.Models.PHPersonActivity'
            'PostHogPersons.Models.PHPersonChange'
            'PostHogPersons.Models.PHPersonCohort'
            'PostHogPersons.Models.PHPersonDeletion'
            'PostHogPersons.Models.PHPersonPropertyValue'
            'PostHogPersons.Models.PHPropertyTimeline'
        )
        foreach ($type in $types) {
            (Get-FormatData -TypeName $type).TypeNames | Should -Be $type
        }
    }

    It 'shows the configuration as a list of its eleven settings' {
        $text = Invoke-PHChildPwsh `
            -Command "Import-Module '$script:ModulePath'; Get-PHConfiguration | Out-String -Width 80" `
            -Environment @{ POSTHOGPERSONS_CONFIG_PATH = (Join-Path $TestDrive 'none.json') }
        ($text.Output | Where-Object { $_ -match ':' }) | Should -Be @(
            'PageSize               : 10000'
            'MaximumRetryCount      : 3'
            'RetryIntervalSec       : 1'
            'TimeoutSec             : 100'
            'ThrottleLimit          : 5'
            'PersonsReadPerMinute   : 240'
            'PersonsDeletePerMinute : 480'
            'PersonsDeletePerHour   : 4800'
            'QueryPerMinute         : 240'
            'QueryPerHour           : 2400'
            'QueryConcurrency       : 3'
        )
    }
}

Describe 'The per-user configuration file' {
    It 'is written by one session and read by the next' {
        $path = Join-Path $TestDrive 'cfg/config.json'
        $environment = @{ POSTHOGPERSONS_CONFIG_PATH = $path }
        $first = Invoke-PHChildPwsh -Environment $environment -Command (
            "Import-Module '$script:ModulePath'; " +
            'Set-PHConfiguration -PageSize 400 -QueryPerHour 1200 -Scope CurrentUser')
        $second = Invoke-PHChildPwsh -Environment $environment -Command (
            "Import-Module '$script:ModulePath'; " +
            '$c = Get-PHConfiguration; "$($c.PageSize) $($c.QueryPerHour) $($c.TimeoutSec)"')

        $first.ExitCode | Should -Be 0
        Get-Content $path | Should -Be @('{', '  "PageSize": 400,', '  "QueryPerHour": 1200', '}')
        $second.Output | Should -Be '400 1200 100'
    }

    It 'is not read at import, only at first use' {
        $path = Join-Path $TestDrive 'broken.json'
        Set-Content $path 'not json'
        $result = Invoke-PHChildPwsh -Environment @{ POSTHOGPERSONS_CONFIG_PATH = $path } -Command (
            "Import-Module '$script:ModulePath' -WarningVariable w; 'import warnings: ' + `$w.Count; " +
            '$null = Get-PHConfiguration -WarningVariable w2 -WarningAction SilentlyContinue; ' +
            "'use warnings: ' + `$w2.Count")
        $result.Output | Should -Be @('import warnings: 0', 'use warnings: 1')
    }
}

Describe 'Import cost' {
    It 'imports in a fresh process without errors (time reported, not asserted)' {
        $bare = Measure-Command { Invoke-PHChildPwsh -Command 'exit 0' }
        $import = Measure-Command {
            $script:ImportResult = Invoke-PHChildPwsh -Command "Import-Module '$script:ModulePath'; exit 0"
        }
        $script:ImportResult.ExitCode | Should -Be 0
        Write-Host ("    pwsh start: {0:N0} ms; start + Import-Module PostHogPersons: {1:N0} ms" -f
            $bare.TotalMilliseconds, $import.TotalMilliseconds)
    }
}
