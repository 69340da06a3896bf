using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PostHogPersons.Client;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// Completes a person property's values with what PostHog suggests for the key given
    /// in the same command's -Name, -Key or -Property parameter (persons/values). It never
    /// waits more than about two seconds and never fails: it offers nothing when the key is
    /// not typed yet, there is no connection, or the server has no such endpoint.
    /// </summary>
    public sealed class PersonPropertyValueCompleter : IArgumentCompleter
    {
        /// <summary>The suggested values, in the order PostHog ranks them.</summary>
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName,
            string parameterName,
            string wordToComplete,
            CommandAst commandAst,
            IDictionary fakeBoundParameters)
        {
            return PropertyCompletion.Complete(wordToComplete, prefix =>
            {
                string key = PropertyCompletion.FindString(
                    fakeBoundParameters, "Name", "Key", "Property");
                PostHogConnection connection = key == null
                    ? null
                    : PropertyCompletion.FindConnection(fakeBoundParameters);
                if (connection == null)
                {
                    return null;
                }

                return PropertyCatalog.Values(connection, key, prefix)
                    .Select(v => (v.Key, $"{v.Key} ({v.Value} persons)"));
            });
        }
    }
}
