using System;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>Finds the live connection behind a -Context argument.</summary>
    internal static class ContextConnection
    {
        /// <summary>
        /// The connection of <paramref name="context"/>; a terminating InvalidContext error
        /// when the object was not made by this module in this process (a deserialized or
        /// hand-built one), ContextDisconnected when Disconnect-PHProject forgot it.
        /// </summary>
        public static PostHogConnection For(Cmdlet cmdlet, PHContext context)
        {
            PostHogConnection connection = context.Connection;
            if (connection == null)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException(
                        "This PHContext has no connection: only the objects that Connect-PHProject "
                        + "-PassThru and Get-PHContext return in this session can be used with -Context."),
                    "InvalidContext",
                    ErrorCategory.InvalidArgument,
                    context));
            }

            if (connection.IsDisposed)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException(
                        $"The connection to {context} was closed by Disconnect-PHProject. "
                        + "Run Connect-PHProject -PassThru again."),
                    "ContextDisconnected",
                    ErrorCategory.ConnectionError,
                    context));
            }

            return connection;
        }
    }
}
