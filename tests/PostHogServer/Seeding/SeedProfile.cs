using System.Globalization;

namespace PostHogServer.Seeding;

/// <summary>The identity-like properties of one seeded person (any of them may be missing).</summary>
public sealed record SeedProfile(string? Email, string? Name, string? Username)
{
    /// <summary>Draws email, name and username for person <paramref name="id"/>.</summary>
    public static SeedProfile Create(ref SeedRandom random, long id, bool identified)
    {
        string first, last, name;
        if (random.Chance(0.06))
        {
            name = random.Pick(SeedVocabulary.WholeNames);
            first = name;
            last = "";
        }
        else
        {
            first = random.Pick(SeedVocabulary.FirstNames);
            last = random.Pick(SeedVocabulary.LastNames);
            name = first + " " + last;
        }

        var hasEmail = random.Chance(identified ? 0.92 : 0.3);
        var hasName = random.Chance(0.85);
        var hasUsername = !hasEmail && !hasName && random.Chance(0.5);
        var number = id.ToString(CultureInfo.InvariantCulture);
        return new SeedProfile(
            hasEmail ? EmailFor(first, last, number) : null,
            hasName ? name : null,
            hasUsername ? "user_" + number : null);
    }

    private static string EmailFor(string first, string last, string number)
    {
        var parts = new[] { SeedVocabulary.ToAsciiLower(first), SeedVocabulary.ToAsciiLower(last) }
            .Where(part => part.Length > 0)
            .ToList();
        if (parts.Count == 0)
        {
            parts.Add("user");
        }

        return string.Join('.', parts) + "." + number + "@example.com";
    }
}
