<#
.SYNOPSIS
    Measures PostHogPersons against the scripts admins write today, side by side in one run.
.DESCRIPTION
    Run by `build.ps1 -Task Bench`. Each case starts the local PostHog-compatible server
    with the persons and latency it needs, runs every measured command in a fresh child
    pwsh (BenchChild.ps1), and compares ratios measured in this run, because absolute times
    vary from machine to machine. Prints a table, writes it to <OutputPath>/results.json
    and results.md, and exits with 1 when a target is missed. A case whose cmdlet or
    parameter the module does not have yet is SKIPPED: printed, not run, not a failure.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ServerPath,
    [Parameter(Mandatory)] [string] $OutputPath,

    # Which cases to run (also one comma-separated string, as pwsh -File passes it).
    [string[]] $Case = @(
        'Import', 'List', 'Memory', 'SetProperty', 'Pacing', 'BulkDelete', 'QueryExport', 'CaptureUpdate'),

    # Measured runs per side where a case repeats (medians are compared).
    [ValidateRange(1, 9)]
    [int] $Repeat = 3
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force

$script:Rows = [System.Collections.Generic.List[object]]::new()

# The local server, like a self-hosted PostHog without throttling, has no request limit, so
# where pacing is not what a case measures the module is told so (the highest setting).
$Unpaced = 100000
$script:Surface = @{}

function Add-Row {
    param(
        [string] $Name,
        [string] $Target,
        [string] $Status,
        [string] $Result,
        [hashtable] $Values = @{}
    )
    $row = [pscustomobject]@{
        Case = $Name; Target = $Target; Status = $Status; Result = $Result; Values = $Values
    }
    $script:Rows.Add($row)
    $color = switch ($Status) { 'PASS' { 'Green' } 'FAIL' { 'Red' } default { 'Yellow' } }
    Write-Host ("  {0,-7} {1}: {2}" -f $Status, $Name, $Result) -ForegroundColor $color
}

function Format-Ratio([double] $Value) { '{0:0.0}×' -f $Value }
function Format-Seconds([double] $Milliseconds) { '{0:0.00} s' -f ($Milliseconds / 1000) }

# Runs one case; an exception becomes a FAIL row instead of ending the whole run.
function Invoke-Case {
    param([string] $Name, [string] $Target, [scriptblock] $Body)
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    Write-Host "`n== $Name" -ForegroundColor Cyan
    try {
        & $Body
    }
    catch {
        Add-Row $Name $Target 'FAIL' "error: $($_.Exception.Message)"
    }
    Write-Host ("  ({0:0} s)" -f $clock.Elapsed.TotalSeconds)
}

function Skip-Case {
    param([string] $Name, [string] $Target, [string] $Command, [string[]] $Parameter = @())
    $missing = Test-BenchSurface -Surface $script:Surface -Command $Command -Parameter $Parameter
    if ($missing) {
        Add-Row $Name $Target 'SKIPPED' "SKIPPED: $missing"
        return $true
    }
    $false
}

function Get-Pass([bool] $Condition) { if ($Condition) { 'PASS' } else { 'FAIL' } }

function Get-ServerPerson {
    param($Server, [string] $Uuid)
    Invoke-BenchControl $Server GET "/_test/persons/$Uuid"
}

# Whether every sampled person now has the property value.
function Test-PropertyApplied {
    param($Server, [string[]] $Uuid, [string] $Name, [string] $Value)
    foreach ($id in $Uuid) {
        $person = Get-ServerPerson $Server $id
        if ($person.properties.$Name -ne $Value) { return $false }
    }
    $true
}

function Invoke-ListCase {
    $name = 'list 100,000 persons → Measure-Object'
    $target = '≥ 5× faster than the baseline loop'
    $cpuName = 'client CPU per person (list)'
    $cpuTarget = '≤ 15 µs'
    $count = 100000
    $server = Start-BenchServer -ServerPath $ServerPath -Count $count
    try {
        $common = @{ ModulePath = $ModulePath; BaseUrl = $server.BaseUrl; PersonsReadPerMinute = $Unpaced }
        Invoke-BenchChild ModuleList $common | Out-Null
        $module = @(); $baseline = @(); $idle = @(); $floor = @()
        for ($i = 0; $i -lt $Repeat; $i++) {
            $baseline += Invoke-BenchChild BaselineList $common
            $module += Invoke-BenchChild ModuleList $common
            $idle += Invoke-BenchChild Idle $common
            $floor += Invoke-BenchChild Floor ($common + @{ Count = $count })
        }
        $paced = Invoke-BenchChild ModuleList @{ ModulePath = $ModulePath; BaseUrl = $server.BaseUrl }
        $wrong = @($module + $baseline + $paced | Where-Object Persons -NE $count)
        if ($wrong) { throw "a run read $($wrong[0].Persons) persons instead of $count" }

        $moduleMs = Get-Median $module.ElapsedMs
        $baselineMs = Get-Median $baseline.ElapsedMs
        $speedup = $baselineMs / $moduleMs
        Add-Row $name $target (Get-Pass ($speedup -ge 5)) (
            "$(Format-Ratio $speedup) (baseline $(Format-Seconds $baselineMs) in " +
            "$($baseline[0].Requests) requests, module $(Format-Seconds $moduleMs) in $($module[0].Requests); " +
            "paced for PostHog Cloud's 240 reads a minute, the module takes $(Format-Seconds $paced.ElapsedMs))") @{
            Speedup = $speedup; BaselineMs = $baselineMs; ModuleMs = $moduleMs; PacedMs = $paced.ElapsedMs
            BaselineRequests = $baseline[0].Requests; ModuleRequests = $module[0].Requests
        }

        $moduleCpu = Get-Median $module.CpuMs
        $idleCpu = Get-Median $idle.CpuMs
        $perPerson = ($moduleCpu - $idleCpu) * 1000 / $count
        $baselinePerPerson = ((Get-Median $baseline.CpuMs) - $idleCpu) * 1000 / $count
        $workPerPerson = (Get-Median $module.WorkCpuMs) * 1000 / $count
        $floorPerPerson = (Get-Median $floor.WorkCpuMs) * 1000 / $count
        Add-Row $cpuName $cpuTarget (Get-Pass ($perPerson -le 15)) (
            ('{0:0.0} µs (process CPU {1:0} ms − import+connect {2:0} ms; during the listing {3:0.0} µs, ' +
            'of which PowerShell writing built persons to Measure-Object alone takes {4:0.0} µs; ' +
            'baseline loop ≈ {5:0} µs)') -f
            $perPerson, $moduleCpu, $idleCpu, $workPerPerson, $floorPerPerson, $baselinePerPerson) @{
            MicrosecondsPerPerson = $perPerson; ModuleCpuMs = $moduleCpu; IdleCpuMs = $idleCpu
            BaselineMicrosecondsPerPerson = $baselinePerPerson; WorkMicrosecondsPerPerson = $workPerPerson
            PowerShellMicrosecondsPerPerson = $floorPerPerson
        }
    }
    finally {
        Stop-BenchServer $server
    }
}

function Invoke-MemoryCase {
    $name = 'peak memory, 1,000,000 vs 10,000 persons'
    $target = '≤ 1.3× (flat)'
    $server = Start-BenchServer -ServerPath $ServerPath -Count 1000000
    try {
        $common = @{ ModulePath = $ModulePath; BaseUrl = $server.BaseUrl; PersonsReadPerMinute = $Unpaced }
        $large = @(1..2 | ForEach-Object { Invoke-BenchChild ModuleList $common -TimeoutSec 900 })
        Reset-BenchServer $server -Count 10000
        $small = @(1..$Repeat | ForEach-Object { Invoke-BenchChild ModuleList $common })
        if (@($large | Where-Object Persons -NE 1000000) -or @($small | Where-Object Persons -NE 10000)) {
            throw 'a run did not read every person'
        }
        $largeMB = Get-Median $large.PeakWorkingSetMB
        $smallMB = Get-Median $small.PeakWorkingSetMB
        $ratio = $largeMB / $smallMB
        Add-Row $name $target (Get-Pass ($ratio -le 1.3)) (
            '{0} ({1:0} MB vs {2:0} MB peak working set; 1,000,000 read in {3})' -f
            (Format-Ratio $ratio), $largeMB, $smallMB, (Format-Seconds (Get-Median $large.ElapsedMs))) @{
            Ratio = $ratio; LargeMB = $largeMB; SmallMB = $smallMB; LargeMs = (Get-Median $large.ElapsedMs)
        }
    }
    finally {
        Stop-BenchServer $server
    }
}

function Invoke-ImportCase {
    $name = 'Import-Module over a bare pwsh start'
    $target = '≤ 1.3×'
    $bare = @(); $imported = @()
    Invoke-BenchChild Import @{ ModulePath = $ModulePath } | Out-Null
    for ($i = 0; $i -lt 2 * $Repeat + 1; $i++) {
        $bare += Invoke-BenchChild Bare @{}
        $imported += Invoke-BenchChild Import @{ ModulePath = $ModulePath }
    }
    $bareMs = Get-Median $bare.WallMs
    $importMs = Get-Median $imported.WallMs
    $ratio = $importMs / $bareMs
    Add-Row $name $target (Get-Pass ($ratio -le 1.3)) (
        '{0} ({1:0} ms vs {2:0} ms process wall time; CPU {3:0} vs {4:0} ms)' -f
        (Format-Ratio $ratio), $importMs, $bareMs, (Get-Median $imported.CpuMs), (Get-Median $bare.CpuMs)) @{
        Ratio = $ratio; ImportMs = $importMs; BareMs = $bareMs
    }
}

function Invoke-SetPropertyCase {
    $name = '2,000 piped property updates, 50 ms latency'
    $target = '≥ 6× faster than sequential, within the pacing limit'
    if (Skip-Case $name $target 'Set-PHPersonProperty' @('ThrottleLimit')) { return }
    $count = 2000
    $limit = 200
    $throttle = 10
    $config = @{ latencyMs = 50; rateLimitPerSecond = $limit }
    $server = Start-BenchServer -ServerPath $ServerPath -Count 5000 -LatencyMs 50
    try {
        $common = @{ ModulePath = $ModulePath; BaseUrl = $server.BaseUrl; Count = $count; Name = 'bench_mark' }
        Reset-BenchServer $server -Config $config
        $baseline = Invoke-BenchChild BaselineSetProperty ($common + @{ Value = 'baseline' }) -TimeoutSec 900
        $module = @(); $throttled = 0; $applied = $true
        for ($i = 0; $i -lt $Repeat; $i++) {
            Reset-BenchServer $server -Config $config
            $value = "module-$i"
            $run = Invoke-BenchChild ModuleSetProperty ($common + @{
                    Value = $value; ThrottleLimit = $throttle; PersonsReadPerMinute = $limit * 60
                })
            $throttled += (Get-BenchServerStats $server).throttled
            $applied = $applied -and (Test-PropertyApplied $server $run.Uuids 'bench_mark' $value)
            $module += $run
        }
        $errors = ($module | Measure-Object Errors -Sum).Sum
        $moduleMs = Get-Median $module.ElapsedMs
        $speedup = $baseline.ElapsedMs / $moduleMs
        $rate = $count / ($moduleMs / 1000)
        $ok = $speedup -ge 6 -and $errors -eq 0 -and $throttled -eq 0 -and $applied -and $rate -le $limit
        $text = '{0} (baseline {1}, module {2} = {3:0}/s with -ThrottleLimit {4} under a {5}/s limit; ' -f
            (Format-Ratio $speedup), (Format-Seconds $baseline.ElapsedMs), (Format-Seconds $moduleMs),
            $rate, $throttle, $limit
        Add-Row $name $target (Get-Pass $ok) ($text + "$throttled throttled, $errors errors, applied: $applied)") @{
            Speedup = $speedup; BaselineMs = $baseline.ElapsedMs; ModuleMs = $moduleMs; Throttled = $throttled
            Errors = $errors; RequestsPerSecond = $rate
        }
    }
    finally {
        Stop-BenchServer $server
    }
}

function Invoke-PacingCase {
    $limit = 20
    $name = "pacing against a server limit of $limit requests/s"
    $target = '≥ 90 % of R, 0 errors surfaced'
    if (Skip-Case $name $target 'Set-PHPersonProperty' @('ThrottleLimit')) { return }
    if (Skip-Case $name $target 'Set-PHConfiguration' @('PersonsReadPerMinute')) { return }
    if (Skip-Case $name $target '(request pacer)') { return }
    $count = 300
    $server = Start-BenchServer -ServerPath $ServerPath -Count 1000
    try {
        Reset-BenchServer $server -Config @{ rateLimitPerSecond = $limit }
        $run = Invoke-BenchChild ModuleSetProperty @{
            ModulePath = $ModulePath; BaseUrl = $server.BaseUrl; Count = $count; Name = 'bench_paced'
            Value = 'yes'; ThrottleLimit = 10; PersonsReadPerMinute = $limit * 60
        }
        $throttled = (Get-BenchServerStats $server).throttled
        $rate = $run.Requests / ($run.ElapsedMs / 1000)
        $share = $rate / $limit
        Add-Row $name $target (Get-Pass ($share -ge 0.9 -and $run.Errors -eq 0)) (
            '{0:0} % ({1:0.0}/s over {2} requests in {3}; {4} errors surfaced, {5} answered 429 by the server)' -f
            ($share * 100), $rate, $run.Requests, (Format-Seconds $run.ElapsedMs), $run.Errors, $throttled) @{
            Share = $share; RequestsPerSecond = $rate; Errors = $run.Errors; Throttled = $throttled
        }
    }
    finally {
        Stop-BenchServer $server
    }
}

function Invoke-BulkDeleteCase {
    $name = 'bulk delete of 25,000 distinct ids'
    $target = 'exactly 25 requests'
    if (Skip-Case $name $target 'Invoke-PHPersonBulkDelete' @('DistinctId')) { return }
    $count = 25000
    $server = Start-BenchServer -ServerPath $ServerPath -Count 30000
    $file = Join-Path ([IO.Path]::GetTempPath()) "posthogpersons-bench-ids-$PID.txt"
    try {
        $page = Invoke-WebRequest -Uri "$($server.BaseUrl)/api/projects/1/persons/?limit=$count" `
            -Headers @{ Authorization = 'Bearer phx_test_full' } | ConvertFrom-Json -AsHashtable
        $page.results | ForEach-Object { $_.distinct_ids[0] } | Set-Content -LiteralPath $file
        $run = Invoke-BenchChild ModuleBulkDelete @{
            ModulePath = $ModulePath; BaseUrl = $server.BaseUrl; DistinctIdFile = $file
        }
        $left = (Get-BenchServerStats $server).persons
        $ok = $run.Requests -eq 25 -and $run.Errors -eq 0 -and $left -eq 5000
        Add-Row $name $target (Get-Pass $ok) (
            '{0} requests in {1} ({2} errors; {3} of 30,000 persons left)' -f
            $run.Requests, (Format-Seconds $run.ElapsedMs), $run.Errors, $left) @{
            Requests = $run.Requests; Errors = $run.Errors; PersonsLeft = $left
        }
    }
    finally {
        Stop-BenchServer $server
        Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
    }
}

function Invoke-QueryExportCase {
    $name = 'query-backed export of 120,000 persons'
    $target = 'past the 50,000 cap, ≥ 10× fewer requests than list paging'
    if (Skip-Case $name $target 'Get-PHPerson' @('UseQuery')) { return }
    $count = 120000
    $server = Start-BenchServer -ServerPath $ServerPath -Count $count
    try {
        $common = @{ ModulePath = $ModulePath; BaseUrl = $server.BaseUrl; PersonsReadPerMinute = $Unpaced }
        $query = Invoke-BenchChild ModuleList ($common + @{ UseQuery = $true })
        $list = Invoke-BenchChild ModuleList $common
        $baseline = Invoke-BenchChild BaselineList $common
        $fewer = $baseline.Requests / $query.Requests
        $ok = $query.Persons -eq $count -and $fewer -ge 10
        Add-Row $name $target (Get-Pass $ok) (
            ('{0} persons in {1} requests, {2} fewer than list paging at PostHog''s default page size ' +
            '({3} requests; module list paging: {4}); {5} vs {6}') -f
            $query.Persons, $query.Requests, (Format-Ratio $fewer), $baseline.Requests, $list.Requests,
            (Format-Seconds $query.ElapsedMs), (Format-Seconds $baseline.ElapsedMs)) @{
            Persons = $query.Persons; QueryRequests = $query.Requests; ListRequests = $baseline.Requests
            ModuleListRequests = $list.Requests; Fewer = $fewer
        }
    }
    finally {
        Stop-BenchServer $server
    }
}

function Invoke-CaptureUpdateCase {
    $name = 'property update through capture, 10,000 persons'
    $target = '≥ 20× fewer requests than per-person PATCH'
    if (Skip-Case $name $target 'Set-PHPersonProperty' @('UseCapture')) { return }
    $count = 10000
    $server = Start-BenchServer -ServerPath $ServerPath -Count 12000
    try {
        $run = Invoke-BenchChild ModuleSetProperty @{
            ModulePath = $ModulePath; BaseUrl = $server.BaseUrl; Count = $count; Name = 'bench_capture'
            Value = 'captured'; UseCapture = $true
        }
        $applied = Test-PropertyApplied $server $run.Uuids 'bench_capture' 'captured'
        $fewer = $count / [math]::Max(1, $run.Requests)
        $ok = $fewer -ge 20 -and $run.Errors -eq 0 -and $applied
        Add-Row $name $target (Get-Pass $ok) (
            '{0} ({1} requests instead of {2}, {3}; {4} errors, applied: {5})' -f
            (Format-Ratio $fewer), $run.Requests, $count, (Format-Seconds $run.ElapsedMs), $run.Errors, $applied) @{
            Fewer = $fewer; Requests = $run.Requests; Errors = $run.Errors
        }
    }
    finally {
        Stop-BenchServer $server
    }
}

function Get-Machine {
    $model = 'unknown'
    if (Test-Path /proc/cpuinfo) {
        $line = Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1
        if ($line) { $model = ($line -split ':', 2)[1].Trim() }
    }
    [ordered]@{
        Cores      = [Environment]::ProcessorCount
        Model      = $model
        OS         = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
        Runtime    = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        PowerShell = $PSVersionTable.PSVersion.ToString()
    }
}

function Write-Report {
    param([System.Collections.IDictionary] $Machine, [double] $Seconds)
    New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
    $report = [ordered]@{
        Date    = (Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm:ss') + ' UTC'
        Machine = $Machine
        Seconds = [math]::Round($Seconds)
        Cases   = $script:Rows
    }
    $report | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath (Join-Path $OutputPath 'results.json')
    $lines = @(
        "Measured $($report.Date) on $($Machine.Cores) cores ($($Machine.Model)), $($Machine.OS), " +
        "PowerShell $($Machine.PowerShell); whole run $($report.Seconds) s."
        ''
        '| case | target | result | status |'
        '|---|---|---|---|'
    )
    foreach ($row in $script:Rows) {
        $lines += "| $($row.Case) | $($row.Target) | $($row.Result -replace '\|', '\|') | $($row.Status) |"
    }
    $lines | Set-Content -LiteralPath (Join-Path $OutputPath 'results.md')
}

$clock = [System.Diagnostics.Stopwatch]::StartNew()
$machine = Get-Machine
Write-Host "PostHogPersons benchmark on $($machine.Cores) cores ($($machine.Model))" -ForegroundColor Cyan
$script:Surface = Get-BenchModuleSurface -ModulePath $ModulePath

$order = @('Import', 'List', 'Memory', 'SetProperty', 'Pacing', 'BulkDelete', 'QueryExport', 'CaptureUpdate')
$Case = @($Case -split ',' | ForEach-Object Trim | Where-Object { $_ })
$unknown = @($Case | Where-Object { $order -notcontains $_ })
if ($unknown) { throw "Unknown case(s): $($unknown -join ', '). Cases: $($order -join ', ')." }
foreach ($name in $order | Where-Object { $Case -contains $_ }) {
    switch ($name) {
        'List' { Invoke-Case 'List' '' { Invoke-ListCase } }
        'Memory' { Invoke-Case 'Memory' '' { Invoke-MemoryCase } }
        'Import' { Invoke-Case 'Import' '' { Invoke-ImportCase } }
        'SetProperty' { Invoke-Case 'SetProperty' '' { Invoke-SetPropertyCase } }
        'Pacing' { Invoke-Case 'Pacing' '' { Invoke-PacingCase } }
        'BulkDelete' { Invoke-Case 'BulkDelete' '' { Invoke-BulkDeleteCase } }
        'QueryExport' { Invoke-Case 'QueryExport' '' { Invoke-QueryExportCase } }
        'CaptureUpdate' { Invoke-Case 'CaptureUpdate' '' { Invoke-CaptureUpdateCase } }
    }
}

Write-Report -Machine $machine -Seconds $clock.Elapsed.TotalSeconds
$failed = @($script:Rows | Where-Object Status -EQ 'FAIL').Count
$skipped = @($script:Rows | Where-Object Status -EQ 'SKIPPED').Count
$passed = @($script:Rows | Where-Object Status -EQ 'PASS').Count

Write-Host ''
$caseWidth = ($script:Rows.Case | Measure-Object Length -Maximum).Maximum
$targetWidth = ($script:Rows.Target | Measure-Object Length -Maximum).Maximum
$format = "{0,-7}  {1,-$caseWidth}  {2,-$targetWidth}  {3}"
Write-Host ($format -f 'status', 'case', 'target', 'result')
foreach ($row in $script:Rows) {
    Write-Host ($format -f $row.Status, $row.Case, $row.Target, $row.Result)
}
Write-Host ("Report: {0}" -f (Join-Path $OutputPath 'results.md'))
Write-Output ("bench: {0} passed, {1} failed, {2} skipped (not run) in {3:0} s" -f
    $passed, $failed, $skipped, $clock.Elapsed.TotalSeconds)
if ($failed -gt 0) { exit 1 }
