BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PHTestServer.psm1') -Force
    Import-Module (Get-PHTestModulePath) -Force
    $server = Start-PHTestServer -Count 0
    Reset-PHTestServer -Count 1500
    Connect-PHTestProject
    # What the server holds, read with plain HTTP as the oracle. -AsHashtable because the
    # seed has keys that differ only by case ("Plan" and "plan"), which ConvertFrom-Json's
    # objects cannot hold (Invoke-RestMethod silently returns the raw string then).
    $headers = @{ Authorization = 'Bearer phx_test_full' }
    $response = Invoke-WebRequest -Uri "$($server.BaseUrl)/api/projects/1/persons/?limit=5000" -Headers $headers
    $seeded = ($response.Content | ConvertFrom-Json -AsHashtable).results
}

AfterAll {
    Disconnect-PHProject
    Stop-PHTestServer
}

Describe 'Get-PHPerson' {
    BeforeEach { Clear-PHTestRequest }

    It 'lists every person once, newest first, as typed objects' {
        $people = Get-PHPerson
        $people.Count | Should -Be 1500
        $people[0] | Should -BeOfType ([PostHogPersons.Models.PHPerson])
        $people.Uuid | Should -Be $seeded.uuid
        ($people.Uuid | Sort-Object -Unique).Count | Should -Be 1500
        (Get-PHTestRequest).query | Should -Be @('?limit=10000')
    }

    It 'lets Where-Object filter on a property with $_.Properties.<key>' {
        $matching = Get-PHPerson | Where-Object { $_.Properties.plan -eq 'enterprise' }
        $matching.Uuid | Should -Be ($seeded | Where-Object { $_.properties.plan -eq 'enterprise' }).uuid
        $matching.Count | Should -BeGreaterThan 0
    }

    It 'sends -Email as an exact filter' {
        $target = $seeded | Where-Object { $_.properties.email } | Select-Object -Index 7
        $found = Get-PHPerson -Email $target.properties.email
        $found.Uuid | Should -Be $target.uuid
        (Get-PHTestRequest).query | Should -Be ('?email=' + [uri]::EscapeDataString($target.properties.email) + '&limit=10000')
    }

    It 'finds persons by several distinct ids, each person once' {
        $a = $seeded | Where-Object { $_.distinct_ids.Count -ge 2 } | Select-Object -First 1
        $b = $seeded | Where-Object { $_.uuid -ne $a.uuid } | Select-Object -Index 5
        $ids = @($a.distinct_ids[0], $b.distinct_ids[0], $a.distinct_ids[1])
        $found = Get-PHPerson -DistinctId $ids
        $found.Uuid | Should -Be @($a.uuid, $b.uuid)
        (Get-PHTestRequest).query | Should -Be ($ids | ForEach-Object { "?distinct_id=$([uri]::EscapeDataString($_))&limit=10000" })
    }

    It 'binds Uuid by property name from Import-Csv rows' {
        $csv = Join-Path $TestDrive 'uuids.csv'
        $seeded | Select-Object -First 3 @{ n = 'uuid'; e = { $_.uuid } } | Export-Csv $csv -NoTypeInformation
        $people = Import-Csv $csv | Get-PHPerson
        $people.Uuid | Should -Be ($seeded | Select-Object -First 3).uuid
        $people | ForEach-Object { $_.Id | Should -BeOfType ([long]) }
        # Several persons are read at once, so the requests may arrive in any order.
        (Get-PHTestRequest).path | Sort-Object |
            Should -Be (($seeded | Select-Object -First 3).uuid | ForEach-Object { "/api/projects/1/persons/$_/" } | Sort-Object)
    }

    It 'exports readable CSV rows with no type names' {
        $csv = Join-Path $TestDrive 'people.csv'
        Get-PHPerson -First 20 | Export-Csv $csv -NoTypeInformation
        $text = Get-Content $csv -Raw
        $text | Should -Not -Match 'System\.'
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 20
        $rows[0].Uuid | Should -Be $seeded[0].uuid
        $rows[0].DistinctIds | Should -Be ($seeded[0].distinct_ids -join '; ')
        ($rows[0].Properties | ConvertFrom-Json).email | Should -Be $seeded[0].properties.email
    }

    It 'lifts chosen properties into their own CSV columns with Select-Object' {
        $csv = Join-Path $TestDrive 'lifted.csv'
        Get-PHPerson -First 5 |
            Select-Object Uuid, @{ n = 'Email'; e = { $_.Properties.email } }, @{ n = 'Plan'; e = { $_.Properties.plan } } |
            Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows.Email | Should -Be ($seeded | Select-Object -First 5 | ForEach-Object { "$($_.properties.email)" })
        $rows.Plan | Should -Be ($seeded | Select-Object -First 5 | ForEach-Object { "$($_.properties.plan)" })
    }

    It 'reports the total with -IncludeTotalCount' {
        $out = Get-PHPerson -First 2 -IncludeTotalCount
        $out[0] | Should -BeOfType ([System.Management.Automation.PSObject])
        $out[0].ToString() | Should -Match '1500'
        (Get-PHTestRequest).query | Should -Be '?limit=2&include_total=true'
    }

    It 'rejects a bad property filter before any request' {
        { Get-PHPerson -Property @{ key = 'age'; operator = 'between'; value = 1 } } |
            Should -Throw -ErrorId 'InvalidPropertyFilter,PostHogPersons.Commands.GetPHPersonCommand'
        Get-PHTestRequest | Should -BeNullOrEmpty
    }

    It 'writes the integer id only for persons read one at a time' {
        (Get-PHPerson -First 1).Id | Should -BeNullOrEmpty
        (Get-PHPerson -Uuid $seeded[0].uuid).Id | Should -BeGreaterThan 0
    }
}
