using System.Management.Automation;
using PostHogPersons.Commands;

namespace PostHogPersons.Tests.Support;

/// <summary>
/// A stand-in for a destructive PH cmdlet (ConfirmImpact High), compiled only into the
/// tests: it asks <see cref="PHCmdlet"/>'s ShouldChange and writes "changed &lt;target&gt;".
/// -Force skips the prompt but not -WhatIf.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "PHTestChange", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(string))]
public sealed class InvokePHTestChangeCommand : PHCmdlet
{
    /// <summary>What to pretend to change.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public string Target { get; set; }

    /// <summary>Change without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        bool skipPrompt = Force && !MyInvocation.BoundParameters.ContainsKey("WhatIf");
        if (skipPrompt || ShouldChange(Target, "Change"))
        {
            WriteObject("changed " + Target);
        }
    }
}
