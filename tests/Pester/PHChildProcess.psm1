<#
    Runs a fresh PowerShell (the same one that runs the tests) as a child process, so that a
    test sees the module as a new session or a scheduled task would.
#>

function Invoke-PHChildPwsh {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Command,
        [hashtable] $Environment = @{}
    )
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Command))
        $arguments = @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
        $exe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $output = if (Test-Path $exe) {
            & $exe @arguments 2>&1
        }
        else {
            & dotnet (Join-Path $PSHOME 'pwsh.dll') @arguments 2>&1
        }
        [pscustomobject]@{
            ExitCode = $LASTEXITCODE
            Output   = @($output | ForEach-Object { "$_" })
        }
    }
    finally {
        foreach ($name in $saved.Keys) {
            [Environment]::SetEnvironmentVariable($name, $saved[$name])
        }
    }
}

Export-ModuleMember -Function Invoke-PHChildPwsh
