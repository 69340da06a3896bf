# The help as a user meets it: Get-Help in a real pwsh process on the built module.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'PHTestServer.psm1') -Force
    Import-Module (Get-PHTestModulePath) -Force
    $script:Cmdlets = @(Get-Command -Module PostHogPersons -CommandType Cmdlet | ForEach-Object Name)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PHTestServer.psm1') -Force
    Import-Module (Get-PHTestModulePath) -Force
}

Describe 'Get-Help <_>' -ForEach $Cmdlets {
    BeforeAll {
        $help = Get-Help -Name $_ -Full
    }

    It 'comes from the shipped help, not from the syntax alone' {
        $help.Synopsis | Should -Not -BeLike "*$_ *"
        $help.description | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter of the cmdlet' {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $names = (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($name in $names) {
            $entry = $help.parameters.parameter | Where-Object name -EQ $name
            ($entry.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }

    It 'has at least two examples' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
    }
}

Describe 'Get-Help about_PostHogPersons' {
    It 'shows the about topic with the scheduled-task recipe' {
        $text = Get-Help about_PostHogPersons | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'RUNNING AS A SCHEDULED TASK'
        $text | Should -Match 'POSTHOG_PERSONAL_API_KEY'
    }
}
