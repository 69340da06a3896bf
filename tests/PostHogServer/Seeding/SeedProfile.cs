using System.Globalization;

namespace PostHogServer.Seeding;

/// <summary>
/// The identity-like properties of one seeded person (any of them may be missing).
/// </summary>
public sealed record SeedProfile(string? Email, string? Name, string? Username)
{
    /// <summary>Draws email, name and username for person <paramref name="id"/>.</summary>
    public static SeedProfile Create(ref SeedRandom random, long id, bool identified)
    {
        string name, emailStem;
        if (random.Chance(0.06))
        {
            var index = random.Next(SeedVocabulary.WholeNames.Length);
            name = SeedVocabulary.WholeNames[index];
            emailStem = SeedVocabulary.WholeNameStems[index];
        }
        else
        {
            var first = random.Next(SeedVocabulary.FirstNames.Length);
            var last = random.Next(SeedVocabulary.LastNames.Length);
            name = SeedVocabulary.FirstNames[first] + " " + SeedVocabulary.LastNames[last];
            emailStem = SeedVocabulary.FirstNameStems[first] + "." + SeedVocabulary.LastNameStems[last];
        }

        var hasEmail = random.Chance(identified ? 0.92 : 0.3);
        var hasName = random.Chance(0.85);
        var hasUsername = !hasEmail && !hasName && random.Chance(0.5);
        var number = id.ToString(CultureInfo.InvariantCulture);
        return new SeedProfile(
            hasEmail ? string.Concat(emailStem, ".", number, "@example.com") : null,
            hasName ? name : null,
            hasUsername ? "user_" + number : null);
    }
}
