<#
.SYNOPSIS
    The one front door: builds, tests, demonstrates and packages PostHogPersons.
.DESCRIPTION
    Tasks:
      Build  - compiles the solution and assembles out/PostHogPersons/<version>/ from an
               explicit file list (the module as it ships), help included (see Docs).
      Docs   - builds the help from docs/*.md with src/PostHogPersons.HelpBuilder into
               out/PostHogPersons/<version>/en-US/ (PostHogPersons.dll-Help.xml and the
               about topics); fails on any schema error in the markdown.
      Test   - Build, then the xUnit suite and the Pester suite; the last line is
               "tests: N passed, N failed" and the exit code is non-zero on any failure.
      Demo   - Build, start the local PostHog-compatible server with 10,000 persons and
               run a short tour of the module against it.
      Package - Build, then out/packages/PostHogPersons.<version>.nupkg, published with
               PSResourceGet to a temporary local repository (installable with
               Install-PSResource or Save-PSResource from that folder).
      Clean  - removes out/ and the bin/obj folders.
      Bench  - Build, then tests/Bench/Invoke-Bench.ps1: the module against the scripts admins
               write today, as ratios measured side by side in one run; the table also goes
               to out/bench/results.json and results.md; non-zero exit when a target is missed.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Docs', 'Test', 'Demo', 'Package', 'Clean', 'Bench')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$manifest = Import-PowerShellDataFile (Join-Path $root 'PostHogPersons.psd1')
$version = $manifest.ModuleVersion
$moduleDir = Join-Path $out "PostHogPersons/$version"

# The files that make up the shipped module, relative to the compiled output. The
# dependencies are needed by Windows PowerShell 5.1; PowerShell 7 uses its own copies.
$moduleFiles = @(
    'PostHogPersons.dll'
    'System.Text.Json.dll'
    'System.Text.Encodings.Web.dll'
    'System.Memory.dll'
    'System.Buffers.dll'
    'System.Numerics.Vectors.dll'
    'System.Runtime.CompilerServices.Unsafe.dll'
    'System.Threading.Tasks.Extensions.dll'
    'Microsoft.Bcl.AsyncInterfaces.dll'
)

function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

# How to start a child PowerShell: the same one that runs this script.
function Get-PwshCommand {
    $dll = Join-Path $PSHOME 'pwsh.dll'
    $exe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if (Test-Path $exe) { return @{ Command = $exe; Prefix = @() } }
    return @{ Command = 'dotnet'; Prefix = @($dll) }
}

function Invoke-Build {
    Write-Host "Building PostHogPersons $version ($Configuration)" -ForegroundColor Cyan
    Invoke-Native dotnet @('build', (Join-Path $root 'PostHogPersons.sln'), '-c', $Configuration,
        "-p:Version=$version", '-nologo', '-clp:ErrorsOnly;Summary', '-v:quiet')

    $bin = Join-Path $root "src/PostHogPersons/bin/$Configuration/netstandard2.0"
    if (Test-Path $moduleDir) { Remove-Item $moduleDir -Recurse -Force }
    New-Item -ItemType Directory -Path $moduleDir -Force | Out-Null
    foreach ($file in $moduleFiles) {
        Copy-Item (Join-Path $bin $file) $moduleDir
    }
    Copy-Item (Join-Path $root 'PostHogPersons.psd1') $moduleDir
    Copy-Item (Join-Path $root 'src/PostHogPersons/PostHogPersons.Format.ps1xml') $moduleDir
    Copy-Item (Join-Path $root 'LICENSE') $moduleDir
    Invoke-Docs -Compiled
    Write-Host "Module assembled in $moduleDir"
}

# Converts docs/*.md (PlatyPS schema) into the module's en-US help. -Compiled: the help
# builder was just built with the solution.
function Invoke-Docs {
    param([switch] $Compiled)
    $project = Join-Path $root 'src/PostHogPersons.HelpBuilder'
    if (-not $Compiled) {
        Write-Host "Building the help builder ($Configuration)" -ForegroundColor Cyan
        Invoke-Native dotnet @('build', $project, '-c', $Configuration, '-nologo',
            '-clp:ErrorsOnly;Summary', '-v:quiet')
    }

    $builder = Join-Path $project "bin/$Configuration/net10.0/PostHogPersons.HelpBuilder.dll"
    $help = Join-Path $moduleDir 'en-US'
    if (Test-Path $help) { Remove-Item $help -Recurse -Force }
    Write-Host "Writing help to $help" -ForegroundColor Cyan
    Invoke-Native dotnet @($builder, '--docs', (Join-Path $root 'docs'), '--out', $help,
        '--module', 'PostHogPersons')
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory $results | Out-Null

    Write-Host 'Running xUnit tests' -ForegroundColor Cyan
    $env:POSTHOGPERSONS_MODULE = Join-Path $moduleDir 'PostHogPersons.psd1'
    $env:POSTHOGPERSONS_SERVER = Join-Path $root "tests/PostHogServer/bin/$Configuration/net10.0/PostHogServer.dll"
    & dotnet test (Join-Path $root 'tests/PostHogPersons.Tests/PostHogPersons.Tests.csproj') `
        -c $Configuration --no-build --nologo `
        --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=minimal' `
        --results-directory $results
    $xunitExit = $LASTEXITCODE
    $xunitPassed = 0; $xunitFailed = 0
    $trx = Join-Path $results 'xunit.trx'
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
        $xunitPassed = [int]$counters.passed
        $xunitFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    if ($xunitExit -ne 0 -and $xunitFailed -eq 0) { $xunitFailed = 1 }

    Write-Host 'Running Pester tests' -ForegroundColor Cyan
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $pester = Join-Path $packages.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester 5.7.1 was not restored to $pester." }
    $summary = Join-Path $results 'pester.json'
    $pwsh = Get-PwshCommand
    & $pwsh.Command @($pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1') `
        -PesterPath $pester -TestPath (Join-Path $root 'tests/Pester') -SummaryPath $summary
    $pesterPassed = 0; $pesterFailed = 1
    if (Test-Path $summary) {
        $counts = Get-Content $summary -Raw | ConvertFrom-Json
        $pesterPassed = $counts.Passed; $pesterFailed = $counts.Failed
    }

    $passed = $xunitPassed + $pesterPassed
    $failed = $xunitFailed + $pesterFailed
    Write-Host "xUnit: $xunitPassed passed, $xunitFailed failed; Pester: $pesterPassed passed, $pesterFailed failed"
    Write-Output "tests: $passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Import-Module (Join-Path $root 'tests/Pester/PHTestServer.psm1') -Force
    $server = Start-PHTestServer -Count 10000
    try {
        $pwsh = Get-PwshCommand
        & $pwsh.Command @($pwsh.Prefix) -NoProfile -File (Join-Path $root 'tests/Demo/Invoke-Demo.ps1') `
            -ModulePath (Join-Path $moduleDir 'PostHogPersons.psd1') -BaseUrl $server.BaseUrl
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
    }
    finally {
        Stop-PHTestServer
    }
}

# PSResourceGet (shipped with PowerShell 7.4+) writes the .nupkg: it is published to a
# local file repository registered under a unique name only for this step.
function Invoke-Package {
    Invoke-Build
    $packages = Join-Path $out 'packages'
    if (Test-Path $packages) { Remove-Item $packages -Recurse -Force }
    New-Item -ItemType Directory $packages | Out-Null
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    $repository = 'PostHogPersonsBuild' + [guid]::NewGuid().ToString('N')
    Register-PSResourceRepository -Name $repository -Uri $packages -Trusted
    try {
        Publish-PSResource -Path $moduleDir -Repository $repository
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    $package = Join-Path $packages "PostHogPersons.$version.nupkg"
    if (-not (Test-Path $package)) { throw "Publish-PSResource did not write $package." }
    Write-Host "Package: $package"
}

function Invoke-Bench {
    Invoke-Build
    $pwsh = Get-PwshCommand
    & $pwsh.Command @($pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $root 'tests/Bench/Invoke-Bench.ps1') `
        -ModulePath (Join-Path $moduleDir 'PostHogPersons.psd1') `
        -ServerPath (Join-Path $root "tests/PostHogServer/bin/$Configuration/net10.0/PostHogServer.dll") `
        -OutputPath (Join-Path $out 'bench')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Clean {
    foreach ($path in @($out) + (Get-ChildItem $root -Recurse -Directory -Include bin, obj | ForEach-Object FullName)) {
        if (Test-Path $path) { Remove-Item $path -Recurse -Force }
    }
}

foreach ($name in $Task) {
    switch ($name) {
        'Build' { Invoke-Build }
        'Docs' { Invoke-Docs }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Package' { Invoke-Package }
        'Clean' { Invoke-Clean }
        'Bench' { Invoke-Bench }
    }
}
