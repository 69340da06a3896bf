# The persons side endpoints as users call them: activity, cohorts, property values,
# deletions, and the persons behind insights, against the local PostHog server.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PHTestServer.psm1') -Force
    Import-Module (Get-PHTestModulePath) -Force
    $server = Start-PHTestServer -Count 0
    $headers = @{ Authorization = 'Bearer phx_test_full' }
    $api = "$($server.BaseUrl)/api/projects/1/persons"
    # The oracle: the server's own answer, read with plain web requests. -AsHashtable keeps
    # property keys that differ only in case ('Plan' and 'plan'), which PSCustomObjects cannot.
    function Get-Api([string] $PathAndQuery) {
        (Invoke-WebRequest -Uri "$api$PathAndQuery" -Headers $headers).Content | ConvertFrom-Json -AsHashtable
    }
}

AfterAll {
    Disconnect-PHProject
    Stop-PHTestServer
}

Describe 'Persons side endpoints' {
    BeforeEach {
        Reset-PHTestServer -Count 600
        Connect-PHTestProject
        $people = (Get-Api '/?limit=1000').results
        $people.Count | Should -Be 600
        Clear-PHTestRequest
    }

    It 'reads every activity entry once, newest first, page by page' {
        foreach ($person in $people | Select-Object -First 12) {
            Invoke-RestMethod -Method Patch -Uri "$api/$($person.uuid)/" -Headers $headers `
                -ContentType 'application/json' -Body '{"properties":{"checked":true}}' | Out-Null
        }
        $expected = (Get-Api '/activity/?limit=100').results
        $expected.Count | Should -Be 12
        Clear-PHTestRequest

        $entries = Get-PHPersonActivity -PageSize 5

        $entries.ActivityId | Should -Be $expected.id
        $entries | ForEach-Object { $_ | Should -BeOfType ([PostHogPersons.Models.PHPersonActivity]) }
        $patched = @(($people | Select-Object -First 12).uuid)
        [array]::Reverse($patched)
        ($entries | Get-PHPerson).Uuid | Should -Be $patched
        (Get-PHTestRequest -PathLike '*/activity/').query | Should -Be @('?limit=5', '?limit=5&page=2', '?limit=5&page=3')
    }

    It 'lists the cohorts of persons read from a CSV file' {
        $csv = Join-Path $TestDrive 'persons.csv'
        $people | Select-Object -First 3 @{ n = 'Uuid'; e = { $_.uuid } } | Export-Csv $csv -NoTypeInformation

        $cohorts = Import-Csv $csv | Get-PHPersonCohort

        $expected = foreach ($person in $people | Select-Object -First 3) {
            (Get-Api "/cohorts/?person_id=$($person.uuid)").results
        }
        $expected.Count | Should -BeGreaterThan 0
        $cohorts.Name | Should -Be $expected.name
        $cohorts.Count | Should -Be $expected.count
    }

    It 'counts property values as the seed holds them' {
        $values = Get-PHPersonPropertyValue plan
        $seed = $people | Group-Object { $_.properties.plan } | Sort-Object Count -Descending
        $values.Value | Should -Be $seed.Name
        $values.Count | Should -Be $seed.Count
    }

    It 'streams the persons of a lifecycle bar across pages and refuses a bar without a date' {
        $expected = (Get-Api ('/lifecycle/?target_date=2025-09-10&lifecycle_type=returning&interval=week&limit=10000&events=' +
            [uri]::EscapeDataString('[{"id":"$pageview"}]'))).results[0].people
        $expected.Count | Should -BeGreaterThan 50
        Clear-PHTestRequest

        $persons = Get-PHPersonLifecycle '$pageview' -TargetDate 2025-09-10 -LifecycleType returning -Interval week -PageSize 25

        $persons.Uuid | Should -Be $expected.uuid
        @(Get-PHTestRequest).Count | Should -Be ([math]::Floor($expected.Count / 25) + 1)
        { Get-PHPersonLifecycle '$pageview' -TargetDate '' -LifecycleType new } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,PostHogPersons.Commands.GetPHPersonLifecycleCommand'
        @(Get-PHTestRequest).Count | Should -Be ([math]::Floor($expected.Count / 25) + 1)
    }

    It 'says funnel correlation was removed, and reads it where it still exists' {
        { Get-PHPersonFunnelCorrelation -Event '$pageview', 'signup' -CorrelationEvent 'demo' } |
            Should -Throw -ErrorId 'FunnelCorrelationUnavailable,PostHogPersons.Commands.GetPHPersonFunnelCorrelationCommand'

        Set-PHTestServerConfig @{ legacyFunnelCorrelation = $true }
        $persons = Get-PHPersonFunnelCorrelation -Event '$pageview', 'signup' -CorrelationEvent 'demo' -DateFrom 2025-09-01 -DateTo 2025-09-30 -PageSize 50
        $persons.Count | Should -BeGreaterThan 50
        ($persons.Uuid | Sort-Object -Unique).Count | Should -Be $persons.Count
    }

    It 'explains that a scoped key cannot read the persons behind an insight' {
        Connect-PHTestProject -Key 'phx_test_star'
        $failure = { Get-PHPersonTrend '$pageview' -DateFrom 2025-09-01 } |
            Should -Throw -ErrorId 'PersonalApiKeyNotSupported,PostHogPersons.Commands.GetPHPersonTrendCommand' -PassThru
        $failure.Exception.Message | Should -BeLike 'PostHog lets no personal API key with scopes use this endpoint*a personal API key that has no scopes*'
    }

    It 'names the missing scope' {
        Add-PHTestKey -Key 'phx_pester_cohort_only' -Scope 'cohort:read'
        Connect-PHTestProject -Key 'phx_pester_cohort_only'
        $failure = { Get-PHPersonDeletionStatus } |
            Should -Throw -ErrorId 'PermissionDenied,PostHogPersons.Commands.GetPHPersonDeletionStatusCommand' -PassThru
        $failure.Exception.Message | Should -BeLike "API key missing required scope 'person:read'*"
    }

    It 'resets distinct ids only when confirmed' {
        Reset-PHPersonDistinctId -DistinctId 'gone@example.com' -WhatIf
        @(Get-PHTestRequest).Count | Should -Be 0
        'gone@example.com', 'user-000001' | Reset-PHPersonDistinctId -Confirm:$false
        (Get-PHTestRequest).body | Should -Be @('{"distinct_id":"gone@example.com"}', '{"distinct_id":"user-000001"}')
    }
}
