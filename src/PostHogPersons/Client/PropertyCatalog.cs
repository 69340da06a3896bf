using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PostHogPersons.Client
{
    /// <summary>The property keys seen on a sample of a project's persons.</summary>
    internal sealed class PropertyKeySample
    {
        public static readonly PropertyKeySample Empty =
            new PropertyKeySample(0, new KeyValuePair<string, int>[0]);

        public PropertyKeySample(int persons, IReadOnlyList<KeyValuePair<string, int>> keys)
        {
            Persons = persons;
            Keys = keys;
        }

        /// <summary>How many persons were read.</summary>
        public int Persons { get; }

        /// <summary>
        /// Each key with the number of sampled persons that have it, sorted by key.
        /// </summary>
        public IReadOnlyList<KeyValuePair<string, int>> Keys { get; }
    }

    /// <summary>
    /// What tab completion knows about a project's person properties: the keys of a small,
    /// cached sample of persons, and the values PostHog suggests for a key. Every lookup is
    /// bounded in time and never throws; on any failure it returns nothing.
    /// </summary>
    internal static class PropertyCatalog
    {
        /// <summary>How many persons are read for the key sample.</summary>
        public const int SampleSize = 100;

        private static readonly ConditionalWeakTable<PostHogConnection, CachedSample> Samples =
            new ConditionalWeakTable<PostHogConnection, CachedSample>();

        /// <summary>How long a key sample is used before it is read again.</summary>
        internal static TimeSpan SampleLifetime { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// How long a failed sample is remembered, so that Tab does not wait each time.
        /// </summary>
        internal static TimeSpan FailureLifetime { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The longest a lookup may take.</summary>
        internal static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>The clock, replaceable in tests.</summary>
        internal static Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        /// <summary>The property keys of up to 100 persons, from a per-connection cache.</summary>
        public static PropertyKeySample Keys(PostHogConnection connection)
        {
            // Limitation: a sample of the newest 100 persons misses keys that only older or
            // rarer persons carry; PostHog has no cheap endpoint listing every person key.
            CachedSample cached = Samples.GetValue(connection, _ => new CachedSample());
            DateTime now = UtcNow();
            lock (cached)
            {
                if (cached.Sample != null && cached.Expires > now)
                {
                    return cached.Sample;
                }
            }

            var request =
                new ApiRequest(HttpMethod.Get, connection.PersonsPath + "?limit=" + SampleSize);
            PropertyKeySample sample = Fetch(connection, request, ReadKeys);
            lock (cached)
            {
                cached.Sample = sample ?? PropertyKeySample.Empty;
                cached.Expires = now + (sample == null ? FailureLifetime : SampleLifetime);
                return cached.Sample;
            }
        }

        /// <summary>
        /// The values PostHog suggests for <paramref name="key"/> starting with
        /// <paramref name="prefix"/>, with how many persons have each; empty when the server
        /// has no such endpoint (404) or does not answer in time.
        /// </summary>
        public static IReadOnlyList<KeyValuePair<string, long>> Values(
            PostHogConnection connection, string key, string prefix)
        {
            string path = new QueryString()
                .Add("key", key)
                .Add("value", string.IsNullOrEmpty(prefix) ? null : prefix)
                .AppendTo(connection.PersonsPath + "values/");
            return Fetch(connection, new ApiRequest(HttpMethod.Get, path), ReadValues)
                ?? new KeyValuePair<string, long>[0];
        }

        private static T Fetch<T>(
            PostHogConnection connection, ApiRequest request, Func<JsonElement, T> read)
            where T : class
        {
            request.MaximumRetryCount = 0;
            request.TimeoutSec = Math.Max(1, (int)Math.Ceiling(Timeout.TotalSeconds));
            var cancel = new CancellationTokenSource(Timeout);
            Task<T> task = Task.Run(async () =>
            {
                using (ApiResponse response = await connection.Client
                    .SendAsync(request, NullRequestLog.Instance, cancel.Token)
                    .ConfigureAwait(false))
                {
                    return read(response.Json.RootElement);
                }
            });
            task.ContinueWith(
                t => _ = t.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default);
            try
            {
                return task.Wait(Timeout) ? task.Result : null;
            }
            catch (AggregateException)
            {
                return null;
            }
            finally
            {
                if (!task.IsCompleted)
                {
                    cancel.Cancel();
                }
            }
        }

        private static PropertyKeySample ReadKeys(JsonElement root)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            int persons = 0;
            foreach (JsonElement person in root.GetProperty("results").EnumerateArray())
            {
                persons++;
                if (person.TryGetProperty("properties", out JsonElement properties)
                    && properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty property in properties.EnumerateObject())
                    {
                        counts.TryGetValue(property.Name, out int count);
                        counts[property.Name] = count + 1;
                    }
                }
            }

            List<KeyValuePair<string, int>> keys = counts
                .OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase)
                .ThenBy(k => k.Key, StringComparer.Ordinal)
                .ToList();
            return new PropertyKeySample(persons, keys);
        }

        private static IReadOnlyList<KeyValuePair<string, long>> ReadValues(JsonElement root)
        {
            JsonElement list = root.ValueKind == JsonValueKind.Array
                ? root
                : root.GetProperty("results");
            var values = new List<KeyValuePair<string, long>>();
            foreach (JsonElement item in list.EnumerateArray())
            {
                if (!item.TryGetProperty("name", out JsonElement name)
                    || name.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                string text = name.ValueKind == JsonValueKind.String
                    ? name.GetString()
                    : name.GetRawText();
                long count = item.TryGetProperty("count", out JsonElement c)
                    && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out long n) ? n : 0;
                values.Add(new KeyValuePair<string, long>(text, count));
            }

            return values;
        }

        private sealed class CachedSample
        {
            public PropertyKeySample Sample { get; set; }

            public DateTime Expires { get; set; }
        }
    }
}
