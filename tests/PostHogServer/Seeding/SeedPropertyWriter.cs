using System.Buffers;
using System.Globalization;
using System.Text.Json;
using PostHogServer.Json;

namespace PostHogServer.Seeding;

/// <summary>
/// Writes the properties of a seeded person. One instance per thread; it reuses its buffer.
/// Covers the awkward cases: unicode, numbers, booleans, a date-looking string, nested
/// objects, empty and one-element arrays, null values and keys differing only by case.
/// </summary>
public sealed class SeedPropertyWriter
{
    private static readonly int[] CompanySizes = [5, 50, 250, 1000, 10000];

    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private readonly Utf8JsonWriter json;

    /// <summary>Creates a writer with its own buffer.</summary>
    public SeedPropertyWriter()
    {
        json = new Utf8JsonWriter(buffer, JsonSettings.Writer);
    }

    /// <summary>Returns the properties JSON of one person.</summary>
    public byte[] Write(ref SeedRandom random, long id, SeedProfile profile, DateTime createdAt)
    {
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        WriteIdentity(profile);
        WritePlan(ref random);
        WriteOrigin(ref random);
        json.WriteNumber("age", random.Next(18, 81));
        json.WriteNumber("score", Math.Round(random.NextDouble() * 100, 2));
        json.WriteBoolean("is_beta", random.Chance(0.2));
        json.WriteString("signup_date",
            createdAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (random.Chance(0.3))
        {
            WriteCompany(ref random);
        }

        WriteTags(ref random);
        if (random.Chance(0.1))
        {
            json.WriteNull("middle_name");
        }

        json.WriteNumber("seed_index", id);
        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private void WriteIdentity(SeedProfile profile)
    {
        if (profile.Email is not null)
        {
            json.WriteString("email", profile.Email);
        }

        if (profile.Name is not null)
        {
            json.WriteString("name", profile.Name);
        }

        if (profile.Username is not null)
        {
            json.WriteString("username", profile.Username);
        }
    }

    private void WritePlan(ref SeedRandom random)
    {
        var roll = random.Next(10);
        json.WriteString("plan", roll < 6 ? "free" : roll < 9 ? "pro" : "enterprise");
        if (random.Chance(0.01))
        {
            json.WriteString("Plan", "Legacy");
        }
    }

    private void WriteOrigin(ref SeedRandom random)
    {
        var (referrer, domain) = random.Pick(SeedVocabulary.Referrers);
        json.WriteString("$initial_referrer", referrer);
        json.WriteString("$initial_referring_domain", domain);
        var (country, city) = random.Pick(SeedVocabulary.Places);
        json.WriteString("$geoip_country_code", country);
        json.WriteString("$geoip_city_name", city);
        json.WriteString("$browser", random.Pick(SeedVocabulary.Browsers));
        json.WriteString("$os", random.Pick(SeedVocabulary.OperatingSystems));
    }

    private void WriteCompany(ref SeedRandom random)
    {
        json.WriteStartObject("company");
        json.WriteString("name", random.Pick(SeedVocabulary.Companies));
        json.WriteNumber("size", random.Pick(CompanySizes));
        json.WriteStartArray("tags");
        var count = random.Next(0, 3);
        for (var i = 0; i < count; i++)
        {
            json.WriteStringValue(random.Pick(SeedVocabulary.Tags));
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteTags(ref SeedRandom random)
    {
        json.WriteStartArray("tags");
        var roll = random.Next(10);
        var count = roll < 3 ? 0 : roll < 6 ? 1 : random.Next(2, 4);
        var first = random.Next(SeedVocabulary.Tags.Length);
        for (var i = 0; i < count; i++)
        {
            json.WriteStringValue(SeedVocabulary.Tags[(first + i) % SeedVocabulary.Tags.Length]);
        }

        json.WriteEndArray();
    }
}
