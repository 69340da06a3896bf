# Changing and deleting persons as users call it: the exact requests the server saw, -WhatIf,
# -Force, unattended sessions, capture batches and a bulk delete that is killed and resumed.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PHTestServer.psm1') -Force
    $script:ModulePath = Get-PHTestModulePath
    Import-Module $script:ModulePath -Force
    $script:Server = Start-PHTestServer -Count 0
    $script:Pwsh = Join-Path $PSHOME 'pwsh.dll'
    $script:Headers = @{ Authorization = 'Bearer phx_test_full' }

    # Hashtables, because some seeded persons have both 'plan' and 'Plan', which
    # ConvertFrom-Json refuses as objects.
    function Get-ServerPerson([int] $Count) {
        $response = Invoke-WebRequest -Uri "$($script:Server.BaseUrl)/api/projects/1/persons/?limit=$Count" -Headers $script:Headers
        Clear-PHTestRequest
        ($response.Content | ConvertFrom-Json -AsHashtable).results
    }

    function Get-PersonCount {
        (Invoke-RestMethod -Uri "$($script:Server.BaseUrl)/_test/stats").persons
    }

    # A script for a child pwsh: import the module and connect to the local server.
    function New-ChildScript([string] $Path, [string] $Body) {
        @(
            "Import-Module '$script:ModulePath'"
            "Connect-PHProject -ApiHost '$($script:Server.BaseUrl)' -ProjectId 1 -ApiKey (ConvertTo-SecureString 'phx_test_full' -AsPlainText -Force)"
            $Body
        ) | Set-Content -Path $Path -Encoding utf8
        $Path
    }
}

AfterAll {
    Disconnect-PHProject -ErrorAction SilentlyContinue
    Stop-PHTestServer
}

Describe 'Set-PHPersonProperty and Remove-PHPersonProperty' {
    BeforeAll {
        Reset-PHTestServer -Count 30
        Connect-PHTestProject -Extra @{ ProjectToken = 'phc_test_project_token' }
    }

    BeforeEach { Clear-PHTestRequest }

    It 'sends nested hashtables at full depth and shows the change on the person' {
        $person = Get-PHPerson -First 1
        Clear-PHTestRequest

        $person | Set-PHPersonProperty -Property ([ordered]@{ plan = 'enterprise'; billing = @{ seats = @(1, 2, @{ max = $null }) } })

        $request = Get-PHTestRequest
        $request.method | Should -Be 'PATCH'
        $request.path | Should -Be "/api/projects/1/persons/$($person.Uuid)/"
        $request.body | Should -Be '{"properties":{"plan":"enterprise","billing":{"seats":[1,2,{"max":null}]}}}'
        $stored = (Get-PHTestPerson -Uuid $person.Uuid).properties
        $stored.plan | Should -Be 'enterprise'
        $stored.billing.seats[2].PSObject.Properties.Name | Should -Be 'max'
    }

    It 'removes each key with its own delete_property request' {
        $person = Get-PHPerson -First 1
        Clear-PHTestRequest

        Remove-PHPersonProperty -Uuid $person.Uuid -Name plan, billing

        (Get-PHTestRequest).body | Should -Be @('{"$unset":"plan"}', '{"$unset":"billing"}')
        (Get-PHTestPerson -Uuid $person.Uuid).properties.PSObject.Properties.Name | Should -Not -Contain 'plan'
    }

    It 'with -UseCapture sends ceil(N/1000) batches to /batch/ and the server applies the $set' {
        Reset-PHTestServer -Count 2001
        Clear-PHTestRequest

        Get-PHPerson | Set-PHPersonProperty -Property @{ imported = 'yes' } -UseCapture

        $batches = @(Get-PHTestRequest -PathLike '/batch/')
        $batches.Count | Should -Be 3
        $batches | ForEach-Object { $_.authorization | Should -BeNullOrEmpty }
        $batches | ForEach-Object { ($_.body | ConvertFrom-Json).batch.Count } | Should -Be @(1000, 1000, 1)
        $all = Get-ServerPerson -Count 3000
        @($all | Where-Object { $_.properties.imported -eq 'yes' }).Count | Should -Be 2001
    }
}

Describe 'Remove-PHPerson' {
    BeforeAll { Connect-PHTestProject }

    BeforeEach {
        Reset-PHTestServer -Count 5
        $script:Person = @(Get-ServerPerson -Count 1)[0]
    }

    It 'sends DELETE with <Query> for <Switches>' -ForEach @(
        @{ Switches = @{}; Query = '' }
        @{ Switches = @{ DeleteEvents = $true }; Query = '?delete_events=true' }
        @{ Switches = @{ DeleteRecordings = $true; DeleteEvents = $true }; Query = '?delete_events=true&delete_recordings=true' }
        @{ Switches = @{ DeleteEvents = $true; KeepPerson = $true }; Query = '?delete_events=true&keep_person=true' }
        @{ Switches = @{ DeleteEvents = $false }; Query = '' }
    ) {
        Remove-PHPerson -Uuid $script:Person.uuid -Confirm:$false @Switches

        $request = Get-PHTestRequest
        $request.method | Should -Be 'DELETE'
        $request.path | Should -Be "/api/projects/1/persons/$($script:Person.uuid)/"
        $request.query | Should -Be $Query
    }

    It 'sends nothing with -WhatIf, also with -Force' {
        Remove-PHPerson -Uuid $script:Person.uuid -WhatIf
        Remove-PHPerson -Uuid $script:Person.uuid -Force -WhatIf
        Get-PHTestRequest | Should -BeNullOrEmpty
        Get-PHTestPerson -Uuid $script:Person.uuid | Should -Not -BeNullOrEmpty
    }

    It 'deletes with -Force and reports a second delete as PersonNotFound' {
        $script:Person.uuid | Remove-PHPerson -Force
        $script:Person.uuid | Remove-PHPerson -Force -ErrorVariable problem -ErrorAction SilentlyContinue

        Get-PHTestPerson -Uuid $script:Person.uuid | Should -BeNullOrEmpty
        $problem.FullyQualifiedErrorId | Should -Be 'PersonNotFound,PostHogPersons.Commands.RemovePHPersonCommand'
    }

    It 'fails in a non-interactive session with an error that names -Force, and deletes nothing' {
        $script = New-ChildScript (Join-Path $TestDrive 'remove.ps1') (
            "try { Remove-PHPerson -Uuid '$($script:Person.uuid)' -ErrorAction Stop } " +
            'catch { $_.FullyQualifiedErrorId; $_.Exception.Message; exit 3 }')

        $output = & dotnet $script:Pwsh -NoProfile -NonInteractive -File $script

        $LASTEXITCODE | Should -Be 3
        $output[0] | Should -Be 'ConfirmationRequired,PostHogPersons.Commands.RemovePHPersonCommand'
        $output[1] | Should -BeLike '*needs confirmation, but this session cannot prompt. Add -Force or -Confirm:$false*'
        Get-PHTestPerson -Uuid $script:Person.uuid | Should -Not -BeNullOrEmpty
    }
}

Describe 'Split-PHPerson' {
    BeforeAll {
        Reset-PHTestServer -Count 40
        Connect-PHTestProject
    }

    It 'splits one distinct id off a piped person onto a new person' {
        $person = Get-PHPerson | Where-Object { $_.DistinctIds.Count -ge 3 } | Select-Object -First 1
        $moved = $person.DistinctIds[2]
        Clear-PHTestRequest

        $receipt = $person | Split-PHPerson -DistinctId $moved -Force

        (Get-PHTestRequest).body | Should -Be "{`"distinct_ids_to_split`":[`"$moved`"]}"
        $receipt.Status | Should -Be 'Queued'
        (Get-PHTestPerson -Uuid $person.Uuid).distinct_ids | Should -Not -Contain $moved
        (Get-PHPerson -DistinctId $moved).DistinctIds | Should -Be @($moved)
    }
}

Describe 'Invoke-PHPersonBulkDelete' {
    BeforeAll { Connect-PHTestProject }

    It 'deletes 2,345 persons with exactly three requests of 1000, 1000 and 345 ids' {
        Reset-PHTestServer -Count 2345
        $uuids = (Get-ServerPerson -Count 5000).uuid

        $summary = $uuids | Invoke-PHPersonBulkDelete -Force

        $requests = @(Get-PHTestRequest)
        $requests.path | Should -Be (@('/api/projects/1/persons/bulk_delete/') * 3)
        $requests | ForEach-Object { ($_.body | ConvertFrom-Json).ids.Count } | Should -Be @(1000, 1000, 345)
        $summary.Requested | Should -Be 2345
        $summary.PersonsFound | Should -Be 2345
        $summary.PersonsDeleted | Should -Be 2345
        Get-PersonCount | Should -Be 0
    }

    It '-WhatIf says how many persons and requests, shows the first ids and sends nothing' {
        Reset-PHTestServer -Count 2345
        $uuids = (Get-ServerPerson -Count 5000).uuid
        $ids = Join-Path $TestDrive 'whatif-ids.txt'
        $uuids | Set-Content $ids
        $script = New-ChildScript (Join-Path $TestDrive 'whatif.ps1') "Get-Content '$ids' | Invoke-PHPersonBulkDelete -WhatIf"

        $output = & dotnet $script:Pwsh -NoProfile -NonInteractive -File $script

        ($output -join ' ') | Should -Be ('What if: Performing the operation "Delete persons" on target "2,345 person UUIDs ' +
            "in 3 bulk_delete requests of at most 1,000; first: $($uuids[0]), $($uuids[1]), $($uuids[2]), …`".")
        Get-PHTestRequest | Should -BeNullOrEmpty
        Get-PersonCount | Should -Be 2345
    }

    It 'refuses an empty id before any request' {
        Reset-PHTestServer -Count 3
        $uuids = (Get-ServerPerson -Count 3).uuid
        { @($uuids[0], ' ', $uuids[1]) | Invoke-PHPersonBulkDelete -Force } |
            Should -Throw -ErrorId 'EmptyId,PostHogPersons.Commands.InvokePHPersonBulkDeleteCommand'
        Get-PHTestRequest | Should -BeNullOrEmpty
    }

    It 'resumes a killed run from its state file and deletes every person once' {
        Reset-PHTestServer -Count 2345
        $uuids = (Get-ServerPerson -Count 5000).uuid
        $ids = Join-Path $TestDrive 'ids.txt'
        $state = Join-Path $TestDrive 'bulk.state'
        $summaryFile = Join-Path $TestDrive 'summary.json'
        $uuids | Set-Content $ids
        # The third request is held by the server until the run is killed; nothing of it is applied.
        Add-PHTestFault @{ method = 'POST'; pathContains = 'bulk_delete'; skip = 2; times = 1; kind = 'delay'; delayMs = 120000 }
        $script = New-ChildScript (Join-Path $TestDrive 'bulk.ps1') (
            "Get-Content '$ids' | Invoke-PHPersonBulkDelete -StatePath '$state' -Force | " +
            "ConvertTo-Json -Depth 3 | Set-Content '$summaryFile'")

        $first = Start-Process -FilePath dotnet -ArgumentList @($script:Pwsh, '-NoProfile', '-NonInteractive', '-File', $script) `
            -PassThru -RedirectStandardOutput (Join-Path $TestDrive 'first.out') -RedirectStandardError (Join-Path $TestDrive 'first.err')
        try {
            $deadline = [DateTime]::UtcNow.AddMinutes(2)
            do {
                Start-Sleep -Milliseconds 200
                $lines = if (Test-Path $state) { @(Get-Content $state | ForEach-Object { $_ | ConvertFrom-Json }) } else { @() }
                $finished = @($lines | Where-Object { $_.state -eq 'finished' }).Count
                # The fault fires when the third request arrives; it is then held, not yet logged.
                $third = (Invoke-RestMethod "$($script:Server.BaseUrl)/_test/faults")[0].fired -ge 1
            } until (($finished -eq 2 -and $third) -or $first.HasExited -or [DateTime]::UtcNow -gt $deadline)
            $first.HasExited | Should -BeFalse -Because 'the third request is still held by the server'
            $finished | Should -Be 2
        }
        finally {
            $first.Kill($true)
            $first.WaitForExit()
        }
        Test-Path $summaryFile | Should -BeFalse
        Get-PersonCount | Should -Be 345

        Clear-PHTestRequest
        & dotnet $script:Pwsh -NoProfile -NonInteractive -File $script
        $LASTEXITCODE | Should -Be 0

        $summary = Get-Content $summaryFile -Raw | ConvertFrom-Json
        $summary.Requested | Should -Be 2345
        $summary.Batches | Should -Be 3
        $summary.BatchesResumed | Should -Be 2
        $summary.BatchesSent | Should -Be 1
        $summary.BatchesResent | Should -Be 1
        $summary.PersonsFound | Should -Be 2345
        $summary.PersonsDeleted | Should -Be 2345
        $summary.CountsKnown | Should -BeTrue
        $resent = @(Get-PHTestRequest)
        $resent.Count | Should -Be 1
        ($resent[0].body | ConvertFrom-Json).ids | Should -Be ($uuids | Select-Object -Skip 2000)
        Get-PersonCount | Should -Be 0
        $deleted = (Invoke-RestMethod "$($script:Server.BaseUrl)/_test/activity") | Where-Object activity -eq 'deleted'
        @($deleted).Count | Should -Be 2345
        @($deleted.detail.name | Sort-Object -Unique).Count | Should -Be 2345
    }

    It 'refuses a state file that belongs to another set of ids' {
        Reset-PHTestServer -Count 10
        $uuids = (Get-ServerPerson -Count 10).uuid
        $state = Join-Path $TestDrive 'other.state'
        $null = $uuids | Select-Object -First 5 | Invoke-PHPersonBulkDelete -StatePath $state -Force
        Clear-PHTestRequest

        { $uuids | Select-Object -Skip 5 | Invoke-PHPersonBulkDelete -StatePath $state -Force } |
            Should -Throw -ErrorId 'StateFileMismatch,PostHogPersons.Commands.InvokePHPersonBulkDeleteCommand'
        Get-PHTestRequest | Should -BeNullOrEmpty
        Get-PersonCount | Should -Be 5
    }
}
