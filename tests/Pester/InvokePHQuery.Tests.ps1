BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PHTestServer.psm1') -Force
    Import-Module (Get-PHTestModulePath) -Force
    $server = Start-PHTestServer -Count 0
    Reset-PHTestServer -Count 600
    Connect-PHTestProject
    # The oracle: every person as the list endpoint returns it, in the query's id order.
    # -AsHashtable because the seed has keys that differ only by case ("Plan" and "plan").
    $headers = @{ Authorization = 'Bearer phx_test_full' }
    $response = Invoke-WebRequest -Uri "$($server.BaseUrl)/api/projects/1/persons/?limit=5000" -Headers $headers
    $expected = ($response.Content | ConvertFrom-Json -AsHashtable).results | Sort-Object { $_.uuid } -CaseSensitive
}

AfterAll {
    Disconnect-PHProject
    Stop-PHTestServer
}

Describe 'Invoke-PHQuery' {
    BeforeEach {
        Set-PHTestServerConfig @{ queryAsync = $false; queryCompleteAfterPolls = 1 }
        Clear-PHTestRequest
    }

    It 'writes one object per row with typed values and properties as a dictionary' {
        $rows = Invoke-PHQuery 'SELECT id, created_at, is_identified, properties FROM persons ORDER BY id LIMIT 3'
        $rows.Count | Should -Be 3
        $rows.id | Should -Be $expected[0..2].uuid
        $rows[0].created_at | Should -BeOfType ([DateTimeOffset])
        $rows[0].created_at | Should -Be ([DateTimeOffset]::Parse($expected[0].created_at))
        $rows[0].is_identified | Should -BeOfType ([bool])
        $rows[1].properties | Should -BeOfType ([PostHogPersons.Models.PHPropertyDictionary])
        $rows[1].properties.email | Should -Be $expected[1].properties['email']
    }

    It 'sends placeholder values apart from the SQL and gets them back intact' {
        $row = Invoke-PHQuery 'SELECT {name} AS name' -Parameter @{ name = "O'Brien ""quoted"" Zoë 李雷" }
        $row.name | Should -BeExactly "O'Brien ""quoted"" Zoë 李雷"
        $request = Get-PHTestRequest '/api/projects/1/query/'
        $body = $request.body | ConvertFrom-Json
        $body.query.query | Should -BeExactly 'SELECT {name} AS name'
        $body.query.values.name | Should -BeExactly "O'Brien ""quoted"" Zoë 李雷"
        $body.refresh | Should -Be 'blocking'
    }

    It 'warns when PostHog cut the rows at 100 and reads them all with -All' {
        $first = Invoke-PHQuery 'SELECT id FROM persons ORDER BY id' -WarningVariable warned -WarningAction SilentlyContinue
        $first.Count | Should -Be 100
        $warned[0].Message | Should -BeLike 'PostHog returned only the first 100 rows*-All*'

        Clear-PHTestRequest
        $all = Invoke-PHQuery 'SELECT id FROM persons ORDER BY id' -All -PageSize 250
        $all.id | Should -Be $expected.uuid
        (Get-PHTestRequest).body | ForEach-Object { ($_ | ConvertFrom-Json).query.query } |
            Should -Be @(
                "SELECT id FROM persons ORDER BY id`nLIMIT 250 OFFSET 0"
                "SELECT id FROM persons ORDER BY id`nLIMIT 250 OFFSET 250"
                "SELECT id FROM persons ORDER BY id`nLIMIT 250 OFFSET 500"
            )
    }

    It 'polls an asynchronous query and times out with QueryTimedOut when it never completes' {
        Set-PHTestServerConfig @{ queryAsync = $true; queryCompleteAfterPolls = 1 }
        (Invoke-PHQuery 'SELECT count() AS n FROM persons').n | Should -Be 600
        (Get-PHTestRequest).status | Should -Be @(202, 202, 200)

        Set-PHTestServerConfig @{ queryAsync = $true; queryCompleteAfterPolls = -1 }
        { Invoke-PHQuery 'SELECT count() AS n FROM persons' -TimeoutSec 1 } |
            Should -Throw -ErrorId 'QueryTimedOut,PostHogPersons.Commands.InvokePHQueryCommand'
    }

    It 'names the missing query:read scope' {
        Connect-PHTestProject -Key 'phx_test_read'
        try {
            { Invoke-PHQuery 'SELECT 1' } |
                Should -Throw -ErrorId 'PermissionDenied,PostHogPersons.Commands.InvokePHQueryCommand' `
                    -ExpectedMessage "API key missing required scope 'query:read'*"
        }
        finally {
            Connect-PHTestProject
        }
    }
}

Describe 'Get-PHPerson -UseQuery' {
    BeforeEach { Clear-PHTestRequest }

    It 'writes the same persons as the list, ordered by id, in one request' {
        $listed = Get-PHPerson
        Clear-PHTestRequest
        $exported = Get-PHPerson -UseQuery
        $exported.Uuid | Should -Be $expected.uuid
        $exported[0] | Should -BeOfType ([PostHogPersons.Models.PHPerson])
        $line = { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.Uuid, $_.Name, "$($_.DistinctIds)", "$($_.Properties)", $_.CreatedAt.UtcTicks, $_.IsIdentified }
        $exported | ForEach-Object $line |
            Should -Be ($listed | Sort-Object Uuid -CaseSensitive | ForEach-Object $line)
        @(Get-PHTestRequest).Count | Should -Be 1
    }

    It 'refuses a date filter before any request' {
        { Get-PHPerson -UseQuery -Property @{ key = 'signup_date'; operator = 'is_date_before'; value = '2025-01-01' } } |
            Should -Throw -ErrorId 'UnsupportedQueryFilter,PostHogPersons.Commands.GetPHPersonCommand'
        Get-PHTestRequest | Should -BeNullOrEmpty
    }
}
