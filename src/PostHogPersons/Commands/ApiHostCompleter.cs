using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PostHogPersons.Commands
{
    /// <summary>Completes -ApiHost with us and eu.</summary>
    public sealed class ApiHostCompleter : IArgumentCompleter
    {
        private static readonly (string Name, string Tip)[] Hosts =
        {
            ("us", "PostHog Cloud US (https://us.posthog.com)"),
            ("eu", "PostHog Cloud EU (https://eu.posthog.com)"),
        };

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName,
            string parameterName,
            string wordToComplete,
            CommandAst commandAst,
            IDictionary fakeBoundParameters)
        {
            string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Hosts
                .Where(h => h.Name.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
                .Select(h => new CompletionResult(h.Name, h.Name, CompletionResultType.ParameterValue, h.Tip));
        }
    }
}
