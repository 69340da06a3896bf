<#
    Helpers for the benchmark driver: the local PostHog-compatible server, fresh child
    PowerShell processes that report what they measured, and small statistics.
#>

$script:ChildScript = Join-Path $PSScriptRoot 'BenchChild.ps1'

# The same PowerShell that runs the driver, started as a new process.
function Get-BenchPwsh {
    $exe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if (Test-Path $exe) { return @{ Command = $exe; Prefix = @() } }
    @{ Command = 'dotnet'; Prefix = @(Join-Path $PSHOME 'pwsh.dll') }
}

function Start-BenchServer {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $ServerPath,
        [int] $Count = 0,
        [int] $LatencyMs = 0
    )
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $arguments = @($ServerPath, '--port', '0', '--seed-count', "$Count",
        '--latency-ms', "$LatencyMs", '--exit-on-stdin-close')
    foreach ($a in $arguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardInput = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch 'listening on (http://127\.0\.0\.1:\d+)') {
        if (-not $process.HasExited) { $process.Kill() }
        throw "The local PostHog server did not start: $line"
    }
    [pscustomobject]@{ Process = $process; BaseUrl = $Matches[1]; Count = $Count }
}

function Stop-BenchServer {
    param($Server)
    if ($null -eq $Server) { return }
    $Server.Process.StandardInput.Close()
    if (-not $Server.Process.WaitForExit(10000)) { $Server.Process.Kill() }
    $Server.Process.Dispose()
}

function Invoke-BenchControl {
    param(
        [Parameter(Mandatory)] $Server,
        [Parameter(Mandatory)] [string] $Method,
        [Parameter(Mandatory)] [string] $Path,
        $Body
    )
    $params = @{ Method = $Method; Uri = "$($Server.BaseUrl)$Path" }
    if ($null -ne $Body) {
        $params.Body = $Body | ConvertTo-Json -Depth 10 -Compress
        $params.ContentType = 'application/json'
    }
    Invoke-RestMethod @params
}

# Reseeds the server (which also clears its request log, faults and rate limiter, and
# puts its configuration back to the defaults), then applies $Config.
function Reset-BenchServer {
    param([Parameter(Mandatory)] $Server, [int] $Count = $Server.Count, [hashtable] $Config)
    Invoke-BenchControl $Server POST '/_test/reset' @{ count = $Count } | Out-Null
    $Server.Count = $Count
    if ($Config) { Invoke-BenchControl $Server POST '/_test/config' $Config | Out-Null }
}

function Get-BenchServerStats {
    param([Parameter(Mandatory)] $Server)
    Invoke-BenchControl $Server GET '/_test/stats'
}

<#
    Runs BenchChild.ps1 -Scenario $Scenario in a new pwsh and returns what it reported
    (its last "BENCH {json}" line) plus the wall time of the whole process as the driver
    saw it (WallMs). A failing child throws with its output.
#>
function Invoke-BenchChild {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Scenario,
        [hashtable] $Argument = @{},
        [int] $TimeoutSec = 600
    )
    $pwsh = Get-BenchPwsh
    $info = [System.Diagnostics.ProcessStartInfo]::new($pwsh.Command)
    $arguments = @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-File', $script:ChildScript,
        '-Scenario', $Scenario,
        '-ArgumentJson', ($Argument | ConvertTo-Json -Compress -Depth 5))
    foreach ($a in $arguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    # No user configuration file may change the numbers.
    $none = Join-Path ([IO.Path]::GetTempPath()) "posthogpersons-bench-$PID-none.json"
    $info.Environment['POSTHOGPERSONS_CONFIG_PATH'] = $none
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $process = [System.Diagnostics.Process]::Start($info)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSec * 1000)) {
        $process.Kill($true)
        throw "Bench child '$Scenario' did not finish within $TimeoutSec s."
    }
    $process.WaitForExit()
    $clock.Stop()
    $out = $stdout.GetAwaiter().GetResult()
    $err = $stderr.GetAwaiter().GetResult()
    $exit = $process.ExitCode
    $process.Dispose()
    $line = ($out -split "`r?`n") | Where-Object { $_ -like 'BENCH *' } | Select-Object -Last 1
    if ($exit -ne 0 -or -not $line) {
        throw "Bench child '$Scenario' failed (exit code $exit):`n$out`n$err"
    }
    $result = $line.Substring(6) | ConvertFrom-Json
    $result | Add-Member -NotePropertyName WallMs -NotePropertyValue $clock.Elapsed.TotalMilliseconds
    $result
}

function Get-Median {
    param([double[]] $Value)
    $sorted = @($Value | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$middle] }
    ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

# Which cmdlets and parameters the built module has, read in a child process so that the
# driver never loads the module it measures.
function Get-BenchModuleSurface {
    param([Parameter(Mandatory)] [string] $ModulePath)
    $surface = Invoke-BenchChild -Scenario Surface -Argument @{ ModulePath = $ModulePath }
    $commands = @{}
    foreach ($command in $surface.Commands) { $commands[$command.Name] = @($command.Parameters) }
    # The request pacer is no cmdlet: it shows as a type that paces.
    if (@($surface.Pacers).Count -gt 0) { $commands['(request pacer)'] = @() }
    $commands
}

# "SKIPPED: ..." when a cmdlet or one of its parameters is missing, else $null.
function Test-BenchSurface {
    param([hashtable] $Surface, [string] $Command, [string[]] $Parameter = @())
    if (-not $Surface.ContainsKey($Command)) { return "$Command not available" }
    foreach ($name in $Parameter) {
        if ($Surface[$Command] -notcontains $name) { return "$Command -$name not available" }
    }
    $null
}

Export-ModuleMember -Function Get-BenchPwsh, Start-BenchServer, Stop-BenchServer, Invoke-BenchControl,
    Reset-BenchServer, Get-BenchServerStats, Invoke-BenchChild, Get-Median, Get-BenchModuleSurface,
    Test-BenchSurface
