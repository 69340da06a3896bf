using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PostHogPersons.Client;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// Completes person property keys (plan, email, $geoip_country_code…) from a sample of
    /// the project's persons, cached for five minutes per connection. Attach it to any
    /// parameter that takes a property key as a string. It never waits more than about two
    /// seconds and never fails: without a connection or an answer it offers nothing.
    /// </summary>
    public sealed class PersonPropertyKeyCompleter : IArgumentCompleter
    {
        /// <summary>The keys that start with what was typed, in key order.</summary>
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName,
            string parameterName,
            string wordToComplete,
            CommandAst commandAst,
            IDictionary fakeBoundParameters)
        {
            return PropertyCompletion.Complete(wordToComplete, prefix =>
            {
                PostHogConnection connection =
                    PropertyCompletion.FindConnection(fakeBoundParameters);
                if (connection == null)
                {
                    return null;
                }

                PropertyKeySample sample = PropertyCatalog.Keys(connection);
                return sample.Keys.Select(k =>
                    (k.Key, $"{k.Key} (on {k.Value} of {sample.Persons} sampled persons)"));
            });
        }
    }
}
