using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>What the property completers share: the connection to ask, and quoting.</summary>
    internal static class PropertyCompletion
    {
        private static readonly Regex Bareword = new Regex("^[A-Za-z_][A-Za-z0-9_.-]*$");

        /// <summary>
        /// The <paramref name="candidates"/> for what was typed (without quotes) that start
        /// with it, quoted as they must be typed. Never fails: when the candidates are null
        /// or anything goes wrong it offers nothing, as completion must not break the prompt.
        /// </summary>
        public static IEnumerable<CompletionResult> Complete(
            string wordToComplete,
            Func<string, IEnumerable<(string Text, string ToolTip)>> candidates)
        {
            try
            {
                string prefix = Unquote(wordToComplete);
                IEnumerable<(string Text, string ToolTip)> offered = candidates(prefix);
                if (offered == null)
                {
                    return Enumerable.Empty<CompletionResult>();
                }

                return offered
                    .Where(c => Matches(c.Text, prefix))
                    .Select(c => new CompletionResult(
                        Quote(c.Text, wordToComplete),
                        c.Text,
                        CompletionResultType.ParameterValue,
                        c.ToolTip))
                    .ToList();
            }
            catch
            {
                return Enumerable.Empty<CompletionResult>();
            }
        }

        /// <summary>
        /// The connection of the -Context already typed on the line, else the session's;
        /// null when there is none or it was closed.
        /// </summary>
        public static PostHogConnection FindConnection(IDictionary fakeBoundParameters)
        {
            PostHogConnection connection = null;
            if (fakeBoundParameters != null && fakeBoundParameters.Contains("Context"))
            {
                object value = fakeBoundParameters["Context"];
                object context = value is PSObject wrapped ? wrapped.BaseObject : value;
                connection = (context as PHContext)?.Connection;
            }
            else
            {
                connection = PHSession.Resolve();
            }

            return connection == null || connection.IsDisposed ? null : connection;
        }

        /// <summary>The first string among the named already-bound parameters, or null.</summary>
        public static string FindString(IDictionary fakeBoundParameters, params string[] names)
        {
            foreach (string name in names)
            {
                if (fakeBoundParameters != null && fakeBoundParameters.Contains(name))
                {
                    object value = fakeBoundParameters[name];
                    value = value is PSObject wrapped ? wrapped.BaseObject : value;
                    if (value is object[] many && many.Length > 0)
                    {
                        value = many[0] is PSObject first ? first.BaseObject : many[0];
                    }

                    if (value is string text && text.Length > 0)
                    {
                        return text;
                    }
                }
            }

            return null;
        }

        /// <summary>What the user typed so far, without an opening or closing quote.</summary>
        public static string Unquote(string wordToComplete)
        {
            string word = wordToComplete ?? string.Empty;
            if (word.Length > 0 && (word[0] == '\'' || word[0] == '"'))
            {
                word = word.Substring(1);
                char last = word.Length > 0 ? word[word.Length - 1] : '\0';
                if (last == '\'' || last == '"')
                {
                    word = word.Substring(0, word.Length - 1);
                }
            }

            return word;
        }

        /// <summary>
        /// <paramref name="text"/> as it must be typed: bare when it is a plain word, else in
        /// single quotes (so that $ and spaces stay literal), and always quoted when the user
        /// started with a quote.
        /// </summary>
        public static string Quote(string text, string wordToComplete)
        {
            bool typedQuote = !string.IsNullOrEmpty(wordToComplete)
                && (wordToComplete[0] == '\'' || wordToComplete[0] == '"');
            return !typedQuote && Bareword.IsMatch(text)
                ? text
                : "'" + text.Replace("'", "''") + "'";
        }

        /// <summary>
        /// Whether <paramref name="text"/> starts with <paramref name="prefix"/> (any case).
        /// </summary>
        public static bool Matches(string text, string prefix) =>
            text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }
}
