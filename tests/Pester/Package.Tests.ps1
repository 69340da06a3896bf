# The module as PSResourceGet publishes and installs it from a local file repository.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PHTestServer.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PHChildProcess.psm1') -Force
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    $script:ModuleDir = Split-Path (Get-PHTestModulePath)
    $script:Version = (Import-PowerShellDataFile (Get-PHTestModulePath)).ModuleVersion
    $script:Feed = Join-Path $TestDrive 'feed'
    $script:Saved = Join-Path $TestDrive 'saved'
    New-Item -ItemType Directory $script:Feed, $script:Saved | Out-Null
    $script:Repository = 'PHPackageTest' + [guid]::NewGuid().ToString('N')
    Register-PSResourceRepository -Name $script:Repository -Uri $script:Feed -Trusted
}

AfterAll {
    Unregister-PSResourceRepository -Name $script:Repository -ErrorAction SilentlyContinue
}

Describe 'Publishing and installing with PSResourceGet' {
    It 'publishes the built module as a .nupkg to a local repository' {
        Publish-PSResource -Path $script:ModuleDir -Repository $script:Repository
        (Get-ChildItem $script:Feed).Name | Should -Be "PostHogPersons.$script:Version.nupkg"
        $found = Find-PSResource -Name PostHogPersons -Repository $script:Repository
        $found.Version.ToString() | Should -Be $script:Version
        $found.Description | Should -Match '^Manage PostHog persons'
    }

    It 'installs it to a folder, from which a fresh pwsh imports exactly its cmdlets' {
        Save-PSResource -Name PostHogPersons -Repository $script:Repository -Path $script:Saved -TrustRepository
        $manifest = Join-Path $script:Saved "PostHogPersons/$script:Version/PostHogPersons.psd1"
        $manifest | Should -Exist
        Join-Path $script:Saved "PostHogPersons/$script:Version/LICENSE" | Should -Exist

        $result = Invoke-PHChildPwsh -Command (
            "Import-Module '$manifest' -ErrorAction Stop; " +
            "(Get-Command -Module PostHogPersons).Name | Sort-Object; (Get-Module PostHogPersons).ModuleBase")
        $result.ExitCode | Should -Be 0
        # Module.Tests.ps1 pins the list itself; here the package must export all of it.
        $declared = @((Import-PowerShellDataFile $manifest).CmdletsToExport | Sort-Object)
        $declared.Count | Should -BeGreaterThan 5
        $result.Output | Should -Be ($declared + (Split-Path $manifest))
    }
}
