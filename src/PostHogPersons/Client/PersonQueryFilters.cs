using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// A HogQL condition on the persons table (alias <c>p</c>) and the placeholder values it uses.
    /// </summary>
    public sealed class PersonCondition
    {
        internal PersonCondition(string where, Dictionary<string, object> values)
        {
            Where = where;
            Values = values;
        }

        /// <summary>The condition, or null when nothing is filtered.</summary>
        public string Where { get; }

        /// <summary>The placeholder values, by name.</summary>
        public Dictionary<string, object> Values { get; }
    }

    /// <summary>
    /// Translates Get-PHPerson's list filters (-Email, -DistinctId, -Search, -Property) into
    /// HogQL with the same meaning as the persons list: properties compare as text (a string
    /// as itself, any other value as its JSON); gt/lt/gte/lte compare numbers; negative
    /// operators also match persons without the property; -Search is a case-insensitive
    /// substring of email, name, UUID or any distinct id. Values always go into placeholders.
    /// The is_date_* operators have no translation and are refused before any request.
    /// </summary>
    public static class PersonQueryFilters
    {
        /// <summary>The condition for the given filters.</summary>
        /// <exception cref="ArgumentException">A filter has no HogQL translation.</exception>
        public static PersonCondition Build(
            string email,
            IReadOnlyList<string> distinctIds,
            string search,
            IReadOnlyList<PHPropertyFilter> filters)
        {
            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            var conditions = new List<string>();
            if (email != null)
            {
                values["email"] = email;
                conditions.Add("p.properties.email = {email}");
            }

            if (distinctIds != null && distinctIds.Count > 0)
            {
                values["distinct_ids"] = distinctIds.ToArray();
                conditions.Add("p.id IN (SELECT person_id FROM person_distinct_ids"
                    + " WHERE distinct_id IN {distinct_ids})");
            }

            if (search != null)
            {
                values["search"] = "%" + search + "%";
                conditions.Add("(p.properties.email ILIKE {search}"
                    + " OR p.properties.name ILIKE {search}"
                    + " OR toString(p.id) ILIKE {search}"
                    + " OR p.id IN (SELECT person_id FROM person_distinct_ids"
                    + " WHERE distinct_id ILIKE {search}))");
            }

            for (int i = 0; i < (filters?.Count ?? 0); i++)
            {
                string name = "p" + i.ToString(CultureInfo.InvariantCulture);
                conditions.Add(Condition(filters[i], name, values));
            }

            string where = conditions.Count == 0 ? null : string.Join(" AND ", conditions);
            return new PersonCondition(where, values);
        }

        private static string Condition(
            PHPropertyFilter filter, string name, Dictionary<string, object> values)
        {
            string field = "p.properties." + HogQLText.Identifier(filter.Key);
            string placeholder = "{" + name + "}";
            switch (filter.Operator)
            {
                case "exact":
                case "in":
                    values[name] = Texts(filter.Value);
                    return $"{field} IN {placeholder}";
                case "is_not":
                case "not_in":
                    values[name] = Texts(filter.Value);
                    return $"({field} IS NULL OR {field} NOT IN {placeholder})";
                case "icontains":
                    values[name] = "%" + Text(filter.Value) + "%";
                    return $"{field} ILIKE {placeholder}";
                case "not_icontains":
                    values[name] = "%" + Text(filter.Value) + "%";
                    return $"({field} IS NULL OR {field} NOT ILIKE {placeholder})";
                case "regex":
                    values[name] = Text(filter.Value);
                    return $"match({field}, {placeholder})";
                case "not_regex":
                    values[name] = Text(filter.Value);
                    return $"({field} IS NULL OR NOT match({field}, {placeholder}))";
                case "gt":
                case "lt":
                case "gte":
                case "lte":
                    values[name] = Number(filter);
                    return $"toFloat({field}) {Comparison(filter.Operator)} {placeholder}";
                case "is_set":
                    return $"{field} IS NOT NULL";
                case "is_not_set":
                    return $"{field} IS NULL";
                default:
                    throw new ArgumentException(
                        $"The filter '{filter}' (operator {filter.Operator}) has no translation "
                        + "for -UseQuery. Leave out -UseQuery to filter with the persons list, "
                        + "or filter the results with Where-Object.");
            }
        }

        private static string Comparison(string op)
        {
            switch (op)
            {
                case "gt": return ">";
                case "lt": return "<";
                case "gte": return ">=";
                default: return "<=";
            }
        }

        private static double Number(PHPropertyFilter filter)
        {
            object value = filter.Value is PSObject wrapped ? wrapped.BaseObject : filter.Value;
            switch (value)
            {
                case string text when double.TryParse(
                    text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed):
                    return parsed;
                case string _:
                case bool _:
                case null:
                    break;
                case IConvertible number:
                    try
                    {
                        return number.ToDouble(CultureInfo.InvariantCulture);
                    }
                    catch (FormatException)
                    {
                    }
                    catch (InvalidCastException)
                    {
                    }

                    break;
            }

            throw new ArgumentException(
                $"The filter on '{filter.Key}' with operator '{filter.Operator}' needs a number, "
                + $"not '{filter.Value}'.");
        }

        /// <summary>
        /// A filter value as the persons list compares it: a string as is, else its JSON.
        /// </summary>
        private static string Text(object value)
        {
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            return value as string ?? JsonValues.ToJson(value);
        }

        private static string[] Texts(object value)
        {
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (value is IEnumerable sequence && !(value is string) && !(value is IDictionary))
            {
                return sequence.Cast<object>().Where(v => v != null).Select(Text).ToArray();
            }

            return new[] { Text(value) };
        }
    }
}
