<#
    Helpers for the Pester suite: start the local PostHog-compatible server on 127.0.0.1,
    reset it, read the requests it received and inject faults. See
    tests/PostHogServer/README.md for the control surface.
#>

$script:Server = $null
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-PHTestModulePath {
    if ($env:POSTHOGPERSONS_MODULE -and (Test-Path $env:POSTHOGPERSONS_MODULE)) {
        return $env:POSTHOGPERSONS_MODULE
    }
    $manifest = Import-PowerShellDataFile (Join-Path $script:RepoRoot 'PostHogPersons.psd1')
    Join-Path $script:RepoRoot "out/PostHogPersons/$($manifest.ModuleVersion)/PostHogPersons.psd1"
}

function Start-PHTestServer {
    [CmdletBinding()]
    param([int] $Count = 0, [string[]] $ExtraArgument = @())
    $dll = $env:POSTHOGPERSONS_SERVER
    if (-not $dll) { $dll = Join-Path $script:RepoRoot 'tests/PostHogServer/bin/Release/net10.0/PostHogServer.dll' }
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll, '--port', '0', '--seed-count', "$Count", '--exit-on-stdin-close') + $ExtraArgument) {
        $info.ArgumentList.Add($a)
    }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardInput = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch 'listening on (http://\S+)') {
        $process.Kill()
        throw "The local PostHog server did not start: $line"
    }
    $script:Server = [pscustomobject]@{ Process = $process; BaseUrl = $Matches[1] }
    $script:Server
}

function Stop-PHTestServer {
    if ($script:Server) {
        $script:Server.Process.StandardInput.Close()
        if (-not $script:Server.Process.WaitForExit(3000)) { $script:Server.Process.Kill() }
        $script:Server = $null
    }
}

function Invoke-PHTestControl {
    param([string] $Method, [string] $Path, $Body)
    $params = @{ Method = $Method; Uri = "$($script:Server.BaseUrl)$Path" }
    if ($null -ne $Body) {
        $params.Body = $Body | ConvertTo-Json -Depth 10 -Compress
        $params.ContentType = 'application/json'
    }
    Invoke-RestMethod @params
}

function Reset-PHTestServer {
    param([int] $Count = 100, [int] $Seed = 42)
    Invoke-PHTestControl POST '/_test/reset' @{ count = $Count; seed = $Seed; projectId = 1 } | Out-Null
}

function Get-PHTestRequest {
    param([string] $PathLike = '*')
    # Invoke-RestMethod writes a JSON array as one object; unroll it so that -PathLike
    # filters requests (not the whole log) and Count counts requests.
    Invoke-PHTestControl GET '/_test/requests' | ForEach-Object { $_ } | Where-Object { $_.path -like $PathLike }
}

function Clear-PHTestRequest { Invoke-PHTestControl DELETE '/_test/requests' | Out-Null }

function Add-PHTestFault {
    param([Parameter(Mandatory)] [hashtable] $Rule)
    Invoke-PHTestControl POST '/_test/faults' $Rule | Out-Null
}

function Set-PHTestServerConfig {
    param([Parameter(Mandatory)] [hashtable] $Setting)
    Invoke-PHTestControl POST '/_test/config' $Setting | Out-Null
}

function Add-PHTestKey {
    param([Parameter(Mandatory)] [string] $Key, [string[]] $Scope = @())
    Invoke-PHTestControl POST '/_test/keys' @{ key = $Key; scopes = @($Scope) } | Out-Null
}

function Get-PHTestPerson {
    param([Parameter(Mandatory)] [string] $Uuid)
    try { Invoke-PHTestControl GET "/_test/persons/$Uuid" } catch { $null }
}

function Connect-PHTestProject {
    param([string] $Key = 'phx_test_full', [hashtable] $Extra = @{})
    Connect-PHProject -ApiHost $script:Server.BaseUrl -ProjectId 1 `
        -ApiKey (ConvertTo-SecureString $Key -AsPlainText -Force) @Extra
}

Export-ModuleMember -Function *-PHTest*
