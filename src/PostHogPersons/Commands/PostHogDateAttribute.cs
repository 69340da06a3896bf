using System;
using System.Management.Automation;
using PostHogPersons.Client;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// Lets a date parameter of type string take a [datetime] or [DateTimeOffset] too, and
    /// turns it into the text PostHog reads (see <see cref="InsightQuery.Date"/>). Text such
    /// as '2025-06-01' or '-7d' passes unchanged.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class PostHogDateAttribute : ArgumentTransformationAttribute
    {
        /// <summary>Converts dates to PostHog's text; leaves anything else alone.</summary>
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            return value is DateTime || value is DateTimeOffset ? InsightQuery.Date(value) : inputData;
        }
    }
}
