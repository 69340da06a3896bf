BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PHTestServer.psm1') -Force
    Import-Module (Get-PHTestModulePath) -Force
    $server = Start-PHTestServer -Count 0
}

AfterAll {
    Disconnect-PHProject
    Stop-PHTestServer
}

Describe 'Retries, timeouts and bad answers as a script sees them' {
    BeforeEach {
        Reset-PHTestServer -Count 30
        # No retries by default: each test asks for what it needs per call.
        Connect-PHTestProject -Extra @{ MaximumRetryCount = 0; RetryIntervalSec = 0 }
        $uuid = (Get-PHPerson -First 1).Uuid
        Clear-PHTestRequest
    }

    It '-MaximumRetryCount on the call overrides the connection: <Name> is retried <Retries> time(s)' -ForEach @(
        @{ Name = '503 twice'; Fault = @{ kind = 'status'; status = 503; times = 2 }; Retries = 2 }
        @{ Name = '429'; Fault = @{ kind = 'status'; status = 429; times = 1 }; Retries = 1 }
        @{ Name = 'a proxy''s HTML 502'; Fault = @{ kind = 'html'; status = 502; times = 1 }; Retries = 1 }
        @{ Name = 'a reset connection'; Fault = @{ kind = 'reset'; times = 1 }; Retries = 1 }
    ) {
        Add-PHTestFault $Fault
        $verbose = Get-PHPerson -Uuid $uuid -MaximumRetryCount 2 -RetryIntervalSec 0 -Verbose 4>&1
        ($verbose | Where-Object { $_ -is [PostHogPersons.Models.PHPerson] }).Uuid | Should -Be $uuid
        $retryLines = $verbose | Where-Object {
            $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Retry *'
        }
        @($retryLines).Count | Should -Be $Retries
        @(Get-PHTestRequest).Count | Should -Be ($Retries + 1)
    }

    It 'without retries the same 503 is a ServerError after one try' {
        Add-PHTestFault @{ kind = 'status'; status = 503; times = 1 }
        { Get-PHPerson -Uuid $uuid -ErrorAction Stop } |
            Should -Throw -ErrorId 'ServerError,PostHogPersons.Commands.GetPHPersonCommand'
        @(Get-PHTestRequest).Count | Should -Be 1
    }

    It '-TimeoutSec on the call gives up on a stalled answer with RequestTimedOut' {
        Add-PHTestFault @{ kind = 'stall'; delayMs = 20000; times = -1 }
        $failure = { Get-PHPerson -Uuid $uuid -TimeoutSec 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'RequestTimedOut,PostHogPersons.Commands.GetPHPersonCommand' -PassThru
        $failure.Exception.Message | Should -Be "The request did not finish within 1 s [GET /api/projects/1/persons/$uuid/]"
    }

    It 'a login page answered with 200 is InvalidResponse, never persons' {
        Add-PHTestFault @{ kind = 'loginPage'; times = -1 }
        $failure = { Get-PHPerson -First 5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidResponse,PostHogPersons.Commands.GetPHPersonCommand' -PassThru
        $failure.Exception.Message | Should -BeLike 'Expected JSON but got text/html: <!DOCTYPE html>*'
    }

    It 'a page of persons that keeps failing stops the listing after the persons before it' {
        Add-PHTestFault @{ kind = 'status'; status = 502; times = -1; queryContains = 'offset=20' }
        $people = [System.Collections.Generic.List[object]]::new()
        $failed = $null
        try {
            Get-PHPerson -PageSize 10 -MaximumRetryCount 1 | ForEach-Object { $people.Add($_) }
        }
        catch { $failed = $_ }
        $people.Count | Should -Be 20
        $failed.FullyQualifiedErrorId | Should -Be 'ServerError,PostHogPersons.Commands.GetPHPersonCommand'
        $failed.Exception.Message | Should -Be 'Bad Gateway. [HTTP 502 GET /api/projects/1/persons/?limit=10&offset=20, 2 tries]'
    }
}

Describe 'The key stays with the configured host' {
    It 'refuses plain http to a capture host that is not loopback, before any request' {
        Reset-PHTestServer -Count 0
        $key = ConvertTo-SecureString 'phx_test_full' -AsPlainText -Force
        $ingest = 'http://ingest.example.test'
        { Connect-PHProject -ApiHost $server.BaseUrl -ProjectId 1 -ApiKey $key -IngestHost $ingest } |
            Should -Throw -ErrorId 'InvalidApiHost,PostHogPersons.Commands.ConnectPHProjectCommand'
        @(Get-PHTestRequest).Count | Should -Be 0
    }

    It 'follows a next link to another host on the configured host instead' {
        Reset-PHTestServer -Count 25
        Connect-PHTestProject
        $elsewhere = 'https://localhost:9/api/projects/1/persons/?limit=10&offset=20'
        Add-PHTestFault @{ kind = 'next'; queryContains = 'offset=10'; next = $elsewhere }
        @(Get-PHPerson -PageSize 10).Count | Should -Be 25
        Get-PHTestRequest | ForEach-Object { $_.host | Should -Be ([uri]$server.BaseUrl).Authority }
    }
}
