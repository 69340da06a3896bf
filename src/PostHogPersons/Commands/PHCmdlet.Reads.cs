using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// What the cmdlets that read persons share: -Property filters, reading person after
    /// person, and writing the persons behind an insight.
    /// </summary>
    public abstract partial class PHCmdlet
    {
        /// <summary>
        /// The filters of a -Property argument; a terminating InvalidPropertyFilter error
        /// when one cannot be read.
        /// </summary>
        protected List<PHPropertyFilter> ReadPropertyFilters(object[] property) =>
            ReadPropertyFilters(property, filters => filters);

        /// <summary>
        /// What <paramref name="use"/> makes of the filters of a -Property argument; a
        /// terminating InvalidPropertyFilter error when reading or using them throws an
        /// ArgumentException.
        /// </summary>
        protected T ReadPropertyFilters<T>(object[] property, Func<List<PHPropertyFilter>, T> use)
        {
            try
            {
                return use(PropertyFilters.Read(property));
            }
            catch (ArgumentException error)
            {
                ThrowTerminatingError(new ErrorRecord(
                    error, "InvalidPropertyFilter", ErrorCategory.InvalidArgument, property));
                return default(T);
            }
        }

        /// <summary>
        /// Runs <paramref name="read"/> for each person key in turn, when there are any. A
        /// PostHog error about one person is written with the key as its target and the next
        /// person goes on; a rejected key stops the command.
        /// </summary>
        protected void RunEachPerson(
            IReadOnlyCollection<string> keys, Func<string, CancellationToken, Task> read)
        {
            if (keys.Count == 0)
            {
                return;
            }

            Run(async token =>
            {
                foreach (string key in keys)
                {
                    try
                    {
                        await read(key, token).ConfigureAwait(false);
                    }
                    catch (PostHogApiException error) when (PersonKeys.IsPerPerson(error))
                    {
                        PostError(error, key);
                    }
                }
            });
        }

        /// <summary>
        /// Reads every page of PostHog's actors envelope from <paramref name="request"/> on
        /// and writes its persons.
        /// </summary>
        protected Task WriteActorsAsync(
            PostHogConnection connection, ApiRequest request, CancellationToken token)
        {
            return ActorPages.ReadAsync(
                connection,
                request,
                persons => Post(() => persons.ForEach(WriteObject)),
                this,
                token);
        }
    }
}
