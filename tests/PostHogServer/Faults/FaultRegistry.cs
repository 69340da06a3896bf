using System.Text.Json;

namespace PostHogServer.Faults;

/// <summary>Fault rules in the order they were added; the first rule that fires wins.</summary>
public sealed class FaultRegistry
{
    private readonly object gate = new();
    private readonly List<FaultRule> rules = new();
    private int lastId;

    /// <summary>Adds a rule at the end.</summary>
    public void Add(Func<int, FaultRule> create)
    {
        lock (gate)
        {
            rules.Add(create(++lastId));
        }
    }

    /// <summary>Removes all rules.</summary>
    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    /// <summary>
    /// The rule that fires for this request, counting it: matching rules with skips left
    /// consume one skip and let the next rule decide; exhausted rules are ignored.
    /// </summary>
    public FaultRule? Select(string method, string path, string query, bool isListRequest)
    {
        lock (gate)
        {
            foreach (var rule in rules)
            {
                if (rule.TimesRemaining == 0 || !rule.Matches(method, path, query)
                    || (FaultKind.IsListOnly(rule.Kind) && !isListRequest))
                {
                    continue;
                }

                if (rule.SkipRemaining > 0)
                {
                    rule.SkipRemaining--;
                    continue;
                }

                if (rule.TimesRemaining > 0)
                {
                    rule.TimesRemaining--;
                }

                rule.Fired++;
                return rule;
            }
        }

        return null;
    }

    /// <summary>Writes all rules with their counters.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        lock (gate)
        {
            foreach (var rule in rules)
            {
                rule.WriteTo(writer);
            }
        }

        writer.WriteEndArray();
    }
}
