<#
    The baseline: how an admin changes a property on many persons today, without the
    module: one PATCH per person, one after the other.
#>
param(
    [Parameter(Mandatory)] [string] $BaseUrl,
    [Parameter(Mandatory)] [string] $ProjectId,
    [Parameter(Mandatory)] [string] $ApiKey,
    [Parameter(Mandatory)] [string[]] $Uuid,
    [Parameter(Mandatory)] [hashtable] $Properties
)

$headers = @{ Authorization = "Bearer $ApiKey" }
$body = @{ properties = $Properties } | ConvertTo-Json -Compress
foreach ($id in $Uuid) {
    Invoke-RestMethod -Method Patch -Uri "$BaseUrl/api/projects/$ProjectId/persons/$id/" `
        -Headers $headers -ContentType 'application/json' -Body $body | Out-Null
}
