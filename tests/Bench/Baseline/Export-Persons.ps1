<#
    The baseline: how an admin exports every person today, without the module. It
    follows PostHog's `next` links with Invoke-RestMethod at PostHog's default page size
    (no limit parameter) and writes each person to the pipeline.
#>
param(
    [Parameter(Mandatory)] [string] $BaseUrl,
    [Parameter(Mandatory)] [string] $ProjectId,
    [Parameter(Mandatory)] [string] $ApiKey
)

$headers = @{ Authorization = "Bearer $ApiKey" }
$uri = "$BaseUrl/api/projects/$ProjectId/persons/"
while ($uri) {
    $page = Invoke-RestMethod -Uri $uri -Headers $headers
    # Invoke-RestMethod hands back the raw text when a page has keys that differ only in
    # case ("plan" and "Plan"); without this line the loop silently stops there.
    if ($page -is [string]) { $page = $page | ConvertFrom-Json -AsHashtable }
    $page.results
    $uri = $page.next
}
