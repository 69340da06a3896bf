BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PHTestServer.psm1') -Force
    Import-Module (Get-PHTestModulePath) -Force
    $server = Start-PHTestServer -Count 0
}

AfterAll {
    Disconnect-PHProject
    Stop-PHTestServer
}

Describe 'Connect-PHProject' {
    BeforeEach {
        Disconnect-PHProject
        Reset-PHTestServer -Count 30
        foreach ($name in 'POSTHOG_PERSONAL_API_KEY', 'POSTHOG_HOST', 'POSTHOG_PROJECT_ID') {
            Remove-Item "env:$name" -ErrorAction SilentlyContinue
        }
    }

    It 'resolves <HostName> to <Expected>' -ForEach @(
        @{ HostName = 'us'; Expected = 'https://us.posthog.com/' }
        @{ HostName = 'eu'; Expected = 'https://eu.posthog.com/' }
        @{ HostName = 'https://ph.example.test/posthog'; Expected = 'https://ph.example.test/posthog/' }
    ) {
        $key = ConvertTo-SecureString 'phx_x' -AsPlainText -Force
        $context = Connect-PHProject -ApiHost $HostName -ProjectId 5 -ApiKey $key -PassThru
        $context.ApiHost.AbsoluteUri | Should -Be $Expected
        $context.ProjectId | Should -Be 5
        $context.KeySource | Should -Be 'Parameter'
    }

    It 'refuses plain http to a host that is not loopback' {
        $key = ConvertTo-SecureString 'phx_x' -AsPlainText -Force
        { Connect-PHProject -ApiHost 'http://ph.example.test' -ProjectId 1 -ApiKey $key } |
            Should -Throw -ErrorId 'InvalidApiHost,PostHogPersons.Commands.ConnectPHProjectCommand'
        Get-PHContext | Should -BeNullOrEmpty
    }

    It 'takes the key from a credential and never shows it' {
        $credential = [pscredential]::new('ignored', (ConvertTo-SecureString 'phx_test_full' -AsPlainText -Force))
        $context = Connect-PHProject -ApiHost $server.BaseUrl -ProjectId 1 -Credential $credential -PassThru
        $context.KeySource | Should -Be 'Credential'
        ($context | Format-List * | Out-String) | Should -Not -Match 'phx_test_full'
        (Get-PHPerson -First 3).Count | Should -Be 3
    }

    It 'works from environment variables alone, as a scheduled task would' {
        $env:POSTHOG_PERSONAL_API_KEY = 'phx_test_read'
        $env:POSTHOG_HOST = $server.BaseUrl
        $env:POSTHOG_PROJECT_ID = '1'
        $people = Get-PHPerson -First 4
        $people.Count | Should -Be 4
        (Get-PHContext).KeySource | Should -Be 'Environment'
        (Get-PHTestRequest)[-1].authorization | Should -Be 'Bearer phx_test_read'
    }

    It 'fails with NotConnected and a hint when there is no connection' {
        { Get-PHPerson -First 1 } |
            Should -Throw -ErrorId 'NotConnected,PostHogPersons.Commands.GetPHPersonCommand'
        try { Get-PHPerson -First 1 } catch { $_.Exception.Message | Should -Match 'Connect-PHProject -ApiHost' }
    }

    It 'forgets the connection on Disconnect-PHProject' {
        Connect-PHTestProject
        Get-PHContext | Should -Not -BeNullOrEmpty
        Disconnect-PHProject
        Get-PHContext | Should -BeNullOrEmpty
    }
}
