<#
.SYNOPSIS
    Measures the request rate the module reaches against the local server's rate limit,
    with the module's pacing set to the same rate. Not a test: it prints figures.
.DESCRIPTION
    Starts the local PostHog-compatible server with -Persons persons and a rate limit of
    -RequestsPerSecond, sets PersonsReadPerMinute to the same rate, then runs
      1. one listing in pages of 10 (one request in flight, the next page prefetched), and
      2. one read per person by UUID with -ThrottleLimit 8 (eight requests in flight),
    and prints requests, seconds, requests per second, the share of the limit reached,
    the 429s the server sent and the errors the command surfaced.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build
    dotnet pwsh ./tests/Pacing/Measure-PacedThroughput.ps1 -RequestsPerSecond 20
#>
[CmdletBinding()]
param(
    [int] $RequestsPerSecond = 20,
    [int] $Persons = 6000,
    [int] $Reads = 600
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../Pester/PHTestServer.psm1') -Force
Import-Module (Get-PHTestModulePath) -Force
$server = Start-PHTestServer -Count $Persons
try {
    Connect-PHTestProject -Extra @{ MaximumRetryCount = 3 }
    Set-PHConfiguration -PersonsReadPerMinute ($RequestsPerSecond * 60)
    $uuids = (Get-PHPerson -First $Reads).Uuid

    $runs = @(
        @{ Name = "listing, pages of 10"; Script = { Get-PHPerson -PageSize 10 } }
        @{ Name = "reads by UUID, 8 in flight"; Script = { $uuids | Get-PHPerson -ThrottleLimit 8 } }
    )
    foreach ($run in $runs) {
        Set-PHTestServerConfig @{ rateLimitPerSecond = $RequestsPerSecond }
        Clear-PHTestRequest
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $all = @(& $run.Script 2>&1)
        $seconds = $clock.Elapsed.TotalSeconds
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $count = $all.Count - $errors.Count
        $stats = Invoke-PHTestControl GET '/_test/stats'
        $requests = @(Get-PHTestRequest).Count
        [pscustomobject]@{
            Run            = $run.Name
            Objects        = $count
            Requests       = $requests
            Seconds        = [math]::Round($seconds, 2)
            RequestsPerSec = [math]::Round($requests / $seconds, 2)
            ShareOfLimit   = '{0:P1}' -f ($requests / $seconds / $RequestsPerSecond)
            Throttled      = $stats.throttled
            Errors         = $errors.Count
        }
        Set-PHTestServerConfig @{ rateLimitPerSecond = 0 }
    }
}
finally {
    Set-PHConfiguration -PersonsReadPerMinute 240
    Stop-PHTestServer
}
