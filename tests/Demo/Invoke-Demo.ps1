<#
.SYNOPSIS
    A short tour of PostHogPersons against the local PostHog-compatible server.
.DESCRIPTION
    Run by `build.ps1 -Task Demo`, which builds the module, starts the server with
    10,000 seeded persons on 127.0.0.1 and passes its URL here.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BaseUrl
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Show-Step([string] $Text) { Write-Host "`n>>> $Text" -ForegroundColor Cyan }

Show-Step "Connect-PHProject -ApiHost $BaseUrl -ProjectId 1 -ApiKey <SecureString>"
$key = ConvertTo-SecureString 'phx_test_full' -AsPlainText -Force
Connect-PHProject -ApiHost $BaseUrl -ProjectId 1 -ApiKey $key -PassThru | Format-List | Out-Host

Show-Step 'Get-PHPerson -First 5   # newest first, streamed page by page'
Get-PHPerson -First 5 | Format-Table | Out-Host

Show-Step "Get-PHPerson -Property @{ plan = 'enterprise' } | Measure-Object"
(Get-PHPerson -Property @{ plan = 'enterprise' } | Measure-Object).Count | Out-Host

Show-Step "Get-PHPerson -Search 'ö' -First 3 | Select-Object Name, Uuid"
Get-PHPerson -Search 'ö' -First 3 | Select-Object Name, Uuid | Format-Table | Out-Host

Show-Step "Get-PHPerson | Where-Object { `$_.Properties.age -gt 60 -and `$_.Properties.'`$geoip_country_code' -eq 'DE' }"
$stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
$older = @(Get-PHPerson | Where-Object { $_.Properties.age -gt 60 -and $_.Properties.'$geoip_country_code' -eq 'DE' })
$stopwatch.Stop()
"{0} persons matched out of all 10,000 read in {1:0.0} s" -f $older.Count, $stopwatch.Elapsed.TotalSeconds | Out-Host
$older | Select-Object -First 3 | Format-Table | Out-Host

Show-Step 'Export-Csv with chosen properties lifted into their own columns'
$csv = Join-Path ([System.IO.Path]::GetTempPath()) "posthog-persons-demo-$PID.csv"
Get-PHPerson -Property @{ plan = 'pro' } -First 50 |
    Select-Object Uuid, Name, CreatedAt,
        @{ Name = 'Email'; Expression = { $_.Properties.email } },
        @{ Name = 'Country'; Expression = { $_.Properties.'$geoip_country_code' } },
        DistinctIds |
    Export-Csv -Path $csv -NoTypeInformation -Encoding utf8
Get-Content $csv -TotalCount 4 | Out-Host
"... $((Import-Csv $csv).Count) rows in $csv" | Out-Host
Remove-Item $csv

Show-Step 'Get-PHPerson -Uuid <uuid> | Select-Object -ExpandProperty Properties  # one person, lossless properties'
$one = Get-PHPerson -First 1
Get-PHPerson -Uuid $one.Uuid | Format-List Uuid, Id, Name, DistinctIds, CreatedAt, LastSeenAt, IsIdentified | Out-Host
$one.Properties | ConvertTo-Json -Depth 10 | Out-Host

Show-Step "Get-PHPerson -Uuid 'not-a-uuid'   # errors have stable ids"
Get-PHPerson -Uuid 'not-a-uuid' -ErrorAction SilentlyContinue -ErrorVariable problem
"$($problem[0].FullyQualifiedErrorId): $($problem[0])" | Out-Host

Show-Step "Invoke-PHQuery 'SELECT properties.plan AS plan, count() AS persons FROM persons GROUP BY plan ORDER BY persons DESC'"
Invoke-PHQuery 'SELECT properties.plan AS plan, count() AS persons FROM persons GROUP BY plan ORDER BY persons DESC' |
    Format-Table | Out-Host

Show-Step "Get-PHPerson -UseQuery | Measure-Object   # the query endpoint: 50,000 persons per request"
$stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
$count = (Get-PHPerson -UseQuery | Measure-Object).Count
"{0} persons in {1:0.0} s, ordered by id" -f $count, $stopwatch.Elapsed.TotalSeconds | Out-Host
