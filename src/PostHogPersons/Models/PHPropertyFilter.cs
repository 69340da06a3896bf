using System;
using System.Collections.Generic;
using System.Linq;

namespace PostHogPersons.Models
{
    /// <summary>
    /// One person-property filter as PostHog's list endpoint takes it: a key, an operator
    /// and, for most operators, a value.
    /// </summary>
    public sealed class PHPropertyFilter
    {
        /// <summary>The operators PostHog's persons list understands.</summary>
        public static readonly IReadOnlyList<string> Operators = new[]
        {
            "exact", "is_not", "icontains", "not_icontains", "regex", "not_regex",
            "gt", "lt", "gte", "lte", "is_set", "is_not_set",
            "is_date_exact", "is_date_after", "is_date_before", "in", "not_in",
        };

        /// <summary>
        /// Creates a filter; the operator must be one of <see cref="Operators"/>.
        /// </summary>
        public PHPropertyFilter(string key, string @operator, object value)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException("A property filter needs a key.");
            }

            string op = string.IsNullOrEmpty(@operator) ? "exact" : @operator.ToLowerInvariant();
            if (!Operators.Contains(op))
            {
                throw new ArgumentException(
                    $"'{@operator}' is not a property filter operator. Use one of: "
                    + string.Join(", ", Operators) + ".");
            }

            if (value == null && op != "is_set" && op != "is_not_set")
            {
                throw new ArgumentException(
                    $"The filter on '{key}' with operator '{op}' needs a value.");
            }

            Key = key;
            Operator = op;
            Value = value;
        }

        /// <summary>Creates an exact-match filter.</summary>
        public PHPropertyFilter(string key, object value) : this(key, "exact", value) { }

        /// <summary>The property key.</summary>
        public string Key { get; }

        /// <summary>The operator, e.g. exact, icontains, gt, is_set.</summary>
        public string Operator { get; }

        /// <summary>The value compared against; null for is_set and is_not_set.</summary>
        public object Value { get; }

        /// <summary>key operator value, for messages.</summary>
        public override string ToString() =>
            Value == null ? $"{Key} {Operator}" : $"{Key} {Operator} {Value}";
    }
}
