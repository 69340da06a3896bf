<#
.SYNOPSIS
    One measured run of the benchmark, in a fresh PowerShell process.
.DESCRIPTION
    Started by Invoke-Bench.ps1 (through BenchSupport.psm1). Does the set-up of the scenario,
    measures only its work (Stopwatch and this process's processor time), and reports one
    line "BENCH {json}" with ElapsedMs (the work), CpuMs (this process's whole processor
    time at the end, start-up included), PeakWorkingSetMB and the scenario's own values.
#>
param(
    [Parameter(Mandatory)] [string] $Scenario,
    [string] $ArgumentJson = '{}'
)

$ErrorActionPreference = 'Stop'
$arguments = $ArgumentJson | ConvertFrom-Json -AsHashtable
$apiKey = 'phx_test_full'
$baseline = Join-Path $PSScriptRoot 'Baseline'

function Connect-Bench {
    Import-Module $arguments.ModulePath
    $connect = @{
        ApiHost   = $arguments.BaseUrl
        ProjectId = 1
        ApiKey    = ConvertTo-SecureString $apiKey -AsPlainText -Force
    }
    if ((Get-Command Connect-PHProject).Parameters.ContainsKey('ProjectToken')) {
        $connect.ProjectToken = 'phc_test_project_token'
    }
    Connect-PHProject @connect
    if ($arguments.PersonsReadPerMinute) {
        Set-PHConfiguration -PersonsReadPerMinute $arguments.PersonsReadPerMinute
    }
}

# How many API requests the server has logged (its control surface is never logged).
function Get-RequestCount {
    (Invoke-RestMethod -Uri "$($arguments.BaseUrl)/_test/stats").requests
}

# Runs $Work and returns its value with the wall and processor time it took and the API
# requests the server saw meanwhile.
function Measure-Work {
    param([scriptblock] $Work)
    $before = Get-RequestCount
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    $cpu = $process.TotalProcessorTime
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $value = & $Work
    $clock.Stop()
    $process.Refresh()
    @{
        Value     = $value
        ElapsedMs = $clock.Elapsed.TotalMilliseconds
        WorkCpuMs = ($process.TotalProcessorTime - $cpu).TotalMilliseconds
        Requests  = (Get-RequestCount) - $before
    }
}

function Write-Result {
    param([hashtable] $Result = @{})
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    $process.Refresh()
    $Result.CpuMs = $process.TotalProcessorTime.TotalMilliseconds
    $Result.PeakWorkingSetMB = $process.PeakWorkingSet64 / 1MB
    'BENCH ' + ($Result | ConvertTo-Json -Compress -Depth 5)
}

# The arguments that set one property with Set-PHPersonProperty, whichever form it takes.
function Get-PropertyArgument {
    param([string] $Name, $Value)
    # -Property sends the PATCH the baseline sends; -Name/-Value would use update_property.
    $parameters = (Get-Command Set-PHPersonProperty).Parameters
    if ($parameters.ContainsKey('Property')) {
        return @{ Property = @{ $Name = $Value } }
    }
    @{ Name = $Name; Value = $Value }
}

function Get-BaselineUuid {
    param([int] $Count)
    $headers = @{ Authorization = "Bearer $apiKey" }
    $page = Invoke-WebRequest -Uri "$($arguments.BaseUrl)/api/projects/1/persons/?limit=$Count" -Headers $headers |
        ConvertFrom-Json -AsHashtable
    @($page.results | ForEach-Object { $_.uuid })
}

switch ($Scenario) {
    'Surface' {
        Import-Module $arguments.ModulePath
        $commands = @(Get-Command -Module PostHogPersons | ForEach-Object {
                @{ Name = $_.Name; Parameters = @($_.Parameters.Keys) }
            })
        # Pacers other than the one that never waits.
        $pacer = [PostHogPersons.Client.IRequestPacer]
        $pacers = @($pacer.Assembly.GetTypes() | Where-Object {
                $pacer.IsAssignableFrom($_) -and -not $_.IsInterface -and $_.Name -ne 'NoPacing'
            } | ForEach-Object Name)
        Write-Result @{ Commands = $commands; Pacers = $pacers }
    }
    'Bare' {
        Write-Result
    }
    'Import' {
        Import-Module $arguments.ModulePath
        Write-Result
    }
    'Idle' {
        # What ModuleList does apart from listing: the same import, connect and counting.
        Connect-Bench
        $run = Measure-Work { 0 }
        Write-Result @{ Persons = $run.Value; ElapsedMs = $run.ElapsedMs; WorkCpuMs = $run.WorkCpuMs }
    }
    'ModuleList' {
        Connect-Bench
        $list = @{}
        if ($arguments.PageSize) { $list.PageSize = $arguments.PageSize }
        if ($arguments.UseQuery) { $list.UseQuery = $true }
        $run = Measure-Work { (Get-PHPerson @list | Measure-Object).Count }
        Write-Result @{
            Persons = $run.Value; ElapsedMs = $run.ElapsedMs; WorkCpuMs = $run.WorkCpuMs; Requests = $run.Requests
        }
    }
    'Floor' {
        # PowerShell's own cost of the same pipeline: a compiled cmdlet writes persons that
        # are already built, in batches of 500 as Get-PHPerson does, into Measure-Object.
        Import-Module $arguments.ModulePath
        $references = @(
            [PostHogPersons.Models.PHPerson].Assembly.Location
            [System.Management.Automation.PSCmdlet].Assembly.Location
            'System.Collections', 'System.Runtime', 'netstandard'
        )
        $cmdlet = Add-Type -PassThru -ReferencedAssemblies $references -TypeDefinition @'
using System.Collections.Generic;
using System.Management.Automation;
[Cmdlet(VerbsCommunications.Write, "BenchPerson")]
public sealed class WriteBenchPersonCommand : PSCmdlet
{
    [Parameter] public int Count { get; set; }
    private List<List<PostHogPersons.Models.PHPerson>> _batches = new List<List<PostHogPersons.Models.PHPerson>>();
    protected override void BeginProcessing()
    {
        for (int i = 0; i < Count; i += 500)
        {
            var batch = new List<PostHogPersons.Models.PHPerson>();
            for (int j = i; j < i + 500 && j < Count; j++)
            {
                batch.Add(new PostHogPersons.Models.PHPerson { Uuid = j.ToString() });
            }
            _batches.Add(batch);
        }
    }
    protected override void EndProcessing() { foreach (var batch in _batches) { WriteObject(batch, true); } }
}
'@
        Import-Module $cmdlet[0].Assembly
        $run = Measure-Work { (Write-BenchPerson -Count $arguments.Count | Measure-Object).Count }
        Write-Result @{ Persons = $run.Value; ElapsedMs = $run.ElapsedMs; WorkCpuMs = $run.WorkCpuMs }
    }
    'BaselineList' {
        $script = Join-Path $baseline 'Export-Persons.ps1'
        $run = Measure-Work {
            (& $script -BaseUrl $arguments.BaseUrl -ProjectId 1 -ApiKey $apiKey | Measure-Object).Count
        }
        Write-Result @{
            Persons = $run.Value; ElapsedMs = $run.ElapsedMs; WorkCpuMs = $run.WorkCpuMs; Requests = $run.Requests
        }
    }
    'ModuleSetProperty' {
        Connect-Bench
        $persons = @(Get-PHPerson -First $arguments.Count)
        $set = Get-PropertyArgument $arguments.Name $arguments.Value
        if ($arguments.ThrottleLimit) { $set.ThrottleLimit = $arguments.ThrottleLimit }
        if ($arguments.UseCapture) { $set.UseCapture = $true }
        $run = Measure-Work {
            $problems = $null
            $persons | Set-PHPersonProperty @set -Confirm:$false -ErrorAction SilentlyContinue `
                -ErrorVariable problems | Out-Null
            , @($problems)
        }
        Write-Result @{
            Persons   = $persons.Count
            Uuids     = @($persons | Get-Random -Count 20 -SetSeed 7 | ForEach-Object Uuid)
            Errors    = $run.Value.Count
            ErrorIds  = @($run.Value | Select-Object -First 5 | ForEach-Object { "$($_.FullyQualifiedErrorId)" })
            ElapsedMs = $run.ElapsedMs
            Requests  = $run.Requests
        }
    }
    'BaselineSetProperty' {
        $uuids = Get-BaselineUuid $arguments.Count
        $script = Join-Path $baseline 'Set-PersonProperty.ps1'
        $properties = @{ $arguments.Name = $arguments.Value }
        $run = Measure-Work {
            & $script -BaseUrl $arguments.BaseUrl -ProjectId 1 -ApiKey $apiKey -Uuid $uuids -Properties $properties
        }
        Write-Result @{ Persons = $uuids.Count; ElapsedMs = $run.ElapsedMs; Requests = $run.Requests }
    }
    'ModuleBulkDelete' {
        Connect-Bench
        $ids = @(Get-Content -LiteralPath $arguments.DistinctIdFile)
        $run = Measure-Work {
            $problems = $null
            Invoke-PHPersonBulkDelete -DistinctId $ids -Confirm:$false -ErrorAction SilentlyContinue `
                -ErrorVariable problems | Out-Null
            , @($problems)
        }
        Write-Result @{
            DistinctIds = $ids.Count
            Errors      = $run.Value.Count
            ErrorIds    = @($run.Value | Select-Object -First 5 | ForEach-Object { "$($_.FullyQualifiedErrorId)" })
            ElapsedMs   = $run.ElapsedMs
            Requests    = $run.Requests
        }
    }
    default {
        throw "Unknown scenario '$Scenario'."
    }
}
