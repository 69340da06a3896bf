# PostHogPersons next to another binary module that brings its own System.Text.Json.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PHTestServer.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PHChildProcess.psm1') -Force
    $script:ModulePath = Get-PHTestModulePath

    # A throwaway module built here: one cmdlet that serializes with System.Text.Json 9.
    $project = Join-Path $TestDrive 'OtherJson'
    New-Item -ItemType Directory $project | Out-Null
    Set-Content (Join-Path $project 'OtherJson.csproj') @'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <CopyLocalLockFileAssemblies>true</CopyLocalLockFileAssemblies>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="PowerShellStandard.Library" Version="5.1.1" PrivateAssets="all" />
    <PackageReference Include="System.Text.Json" Version="9.0.8" />
  </ItemGroup>
</Project>
'@
    Set-Content (Join-Path $project 'ConvertToOtherJsonCommand.cs') @'
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;

[Cmdlet(VerbsData.ConvertTo, "OtherJson")]
public sealed class ConvertToOtherJsonCommand : PSCmdlet
{
    [Parameter(Mandatory = true)]
    public string Name { get; set; }

    protected override void EndProcessing()
    {
        var value = new Dictionary<string, object> { { "name", Name }, { "n", 1 } };
        WriteObject(JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = false }));
    }
}
'@
    $output = Join-Path $TestDrive 'OtherJsonModule'
    & dotnet build $project -c Release -o $output -nologo -v:q 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'The throwaway OtherJson module did not build.' }
    $script:OtherPath = Join-Path $output 'OtherJson.dll'
    $script:ConfigPath = Join-Path $TestDrive 'config.json'

    # Uses both modules' JSON code: OtherJson serializes, PostHogPersons writes and reads its file.
    $script:UseBoth = @"
ConvertTo-OtherJson -Name ada
Set-PHConfiguration -PageSize 321 -Scope CurrentUser
(Get-PHConfiguration -Scope CurrentUser).PageSize
"@
}

Describe 'Another module with a different System.Text.Json' {
    It 'ships System.Text.Json <_> in the throwaway module' -ForEach @('9.0.0.0') {
        $file = Join-Path (Split-Path $script:OtherPath) 'System.Text.Json.dll'
        [Reflection.AssemblyName]::GetAssemblyName($file).Version.ToString() | Should -Be $_
    }

    It 'works with both when <Order> is imported first' -ForEach @(
        @{ Order = 'PostHogPersons'; First = 'ModulePath'; Second = 'OtherPath' }
        @{ Order = 'OtherJson'; First = 'OtherPath'; Second = 'ModulePath' }
    ) {
        Remove-Item $script:ConfigPath -ErrorAction SilentlyContinue
        $first = Get-Variable -Scope Script -Name $First -ValueOnly
        $second = Get-Variable -Scope Script -Name $Second -ValueOnly
        $result = Invoke-PHChildPwsh -Environment @{ POSTHOGPERSONS_CONFIG_PATH = $script:ConfigPath } -Command (
            "`$ErrorActionPreference = 'Stop'; Import-Module '$first'; Import-Module '$second'`n" + $script:UseBoth)
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Be @('{"name":"ada","n":1}', '321')
    }
}
