using System;
using System.Collections.Generic;
using System.Text;

namespace PostHogPersons.Client
{
    /// <summary>Builds a path with an escaped query string, skipping unset values.</summary>
    public sealed class QueryString
    {
        private readonly List<KeyValuePair<string, string>> _pairs =
            new List<KeyValuePair<string, string>>();

        /// <summary>Adds name=value when value is not null.</summary>
        public QueryString Add(string name, string value)
        {
            if (value != null)
            {
                _pairs.Add(new KeyValuePair<string, string>(name, value));
            }

            return this;
        }

        /// <summary>Adds a flag that PostHog turns on by its mere presence (name=true).</summary>
        public QueryString Flag(string name, bool on) => on ? Add(name, "true") : this;

        /// <summary>
        /// <paramref name="path"/> followed by ?name=value&amp;… when any pair is set.
        /// </summary>
        public string AppendTo(string path)
        {
            if (_pairs.Count == 0)
            {
                return path;
            }

            var text = new StringBuilder(path).Append('?');
            for (int i = 0; i < _pairs.Count; i++)
            {
                if (i > 0)
                {
                    text.Append('&');
                }

                text.Append(Uri.EscapeDataString(_pairs[i].Key))
                    .Append('=')
                    .Append(Uri.EscapeDataString(_pairs[i].Value));
            }

            return text.ToString();
        }
    }
}
