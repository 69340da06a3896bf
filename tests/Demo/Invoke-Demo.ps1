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

# ---- Changing persons ------------------------------------------------------------------

Show-Step "Set-PHPersonProperty -Property @{ plan = 'enterprise'; billing = @{ seats = 25 } } -PassThru"
$target = Get-PHPerson -First 1
$target | Set-PHPersonProperty -Property @{ plan = 'enterprise'; billing = @{ seats = 25; currency = 'EUR' } } -PassThru |
    Format-Table | Out-Host
'Read back (PostHog applies the $set event it sent itself):' | Out-Host
$after = (Get-PHPerson -Uuid $target.Uuid).Properties
[ordered]@{ plan = $after.plan; billing = $after.billing } | ConvertTo-Json -Compress | Out-Host

Show-Step 'Set-PHPersonProperty -UseCapture   # 2,000 persons as $set events, 1000 per /batch/ request'
Connect-PHProject -ApiHost $BaseUrl -ProjectId 1 -ApiKey $key -ProjectToken 'phc_test_project_token'
$stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
Get-PHPerson -First 2000 | Set-PHPersonProperty -Property @{ newsletter = 'spring' } -UseCapture
$stopwatch.Stop()
"2000 persons updated through capture in {0:0.0} s; with newsletter now: {1}" -f $stopwatch.Elapsed.TotalSeconds,
    (Get-PHPerson -Property @{ newsletter = 'spring' } | Measure-Object).Count | Out-Host

Show-Step 'Split-PHPerson -DistinctId <last id> -WhatIf, then for real'
$merged = Get-PHPerson -First 200 | Where-Object { $_.DistinctIds.Count -ge 3 } | Select-Object -First 1
$merged | Format-List Uuid, Name, DistinctIds | Out-Host
$merged | Split-PHPerson -DistinctId $merged.DistinctIds[-1] -WhatIf
$merged | Split-PHPerson -DistinctId $merged.DistinctIds[-1] -Force | Format-Table | Out-Host
'After the queued split ran:' | Out-Host
Get-PHPerson -Uuid $merged.Uuid | Format-List Uuid, DistinctIds | Out-Host
Get-PHPerson -DistinctId $merged.DistinctIds[-1] | Format-List Uuid, DistinctIds, CreatedAt | Out-Host

Show-Step "Invoke-PHPersonBulkDelete -WhatIf   # persons on the free plan younger than 25"
$young = Get-PHPerson -Property @{ plan = 'free' }, @{ key = 'age'; operator = 'lt'; value = 25 }
"$($young.Count) persons match" | Out-Host
$young | Invoke-PHPersonBulkDelete -WhatIf

Show-Step 'Invoke-PHPersonBulkDelete -StatePath ./demo.journal -Force'
$journal = Join-Path ([System.IO.Path]::GetTempPath()) "posthog-persons-demo-$PID.journal"
$young | Invoke-PHPersonBulkDelete -StatePath $journal -Force | Format-List | Out-Host
'The journal: one line for the run, two per batch' | Out-Host
Get-Content $journal | ForEach-Object { if ($_.Length -gt 110) { $_.Substring(0, 110) + '…' } else { $_ } } | Out-Host
'Run again with the same journal: nothing is sent, the summary is the same' | Out-Host
($young | Invoke-PHPersonBulkDelete -StatePath $journal -Force).ToString() | Out-Host
Remove-Item $journal
"Persons left: $((Get-PHPerson -IncludeTotalCount -First 1)[0])" | Out-Host
