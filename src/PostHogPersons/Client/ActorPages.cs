using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Reads the persons behind an insight from PostHog's legacy actors envelope
    /// {"results":[{"people":[…],"count":n}],"next":…}, following <c>next</c> to the end.
    /// </summary>
    public static class ActorPages
    {
        /// <summary>
        /// Whether a page is the actors envelope (its results hold "people" lists).
        /// </summary>
        public static bool IsEnvelope(JsonElement page)
        {
            JsonElement results = page.GetProperty("results");
            return results.GetArrayLength() > 0
                && results[0].ValueKind == JsonValueKind.Object
                && results[0].TryGetProperty("people", out JsonElement people)
                && people.ValueKind == JsonValueKind.Array;
        }

        /// <summary>Every person of every entry of the page's results.</summary>
        public static IEnumerable<JsonElement> People(JsonElement page)
        {
            foreach (JsonElement entry in page.GetProperty("results").EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object
                    && entry.TryGetProperty("people", out JsonElement people)
                    && people.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement person in people.EnumerateArray())
                    {
                        yield return person;
                    }
                }
            }
        }

        /// <summary>
        /// Reads every page from <paramref name="first"/> on and hands each page's persons
        /// to <paramref name="onPersons"/>; a person repeated from the page before is dropped.
        /// </summary>
        public static Task ReadAsync(
            PostHogConnection connection,
            ApiRequest first,
            Action<List<PHPerson>> onPersons,
            IRequestLog log,
            CancellationToken cancellationToken)
        {
            return PageReader.ReadAsync(
                connection.Client,
                connection.ApiBase,
                first,
                json => PersonReader.Read(json, connection.ProjectId),
                page =>
                {
                    if (page.Items.Count > 0)
                    {
                        onPersons(page.Items);
                    }

                    return true;
                },
                log,
                cancellationToken,
                person => person.Uuid,
                People);
        }
    }
}
