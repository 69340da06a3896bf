using System.Buffers;
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
    private static readonly JsonEncodedText[] Plans = Encode("free", "pro", "enterprise");
    private static readonly JsonEncodedText[] Referrers =
        Encode(SeedVocabulary.Referrers.Select(r => r.Referrer));

    private static readonly JsonEncodedText[] Domains =
        Encode(SeedVocabulary.Referrers.Select(r => r.Domain));

    private static readonly JsonEncodedText[] Countries =
        Encode(SeedVocabulary.Places.Select(p => p.Country));

    private static readonly JsonEncodedText[] Cities =
        Encode(SeedVocabulary.Places.Select(p => p.City));
    private static readonly JsonEncodedText[] Browsers = Encode(SeedVocabulary.Browsers);
    private static readonly JsonEncodedText[] Systems = Encode(SeedVocabulary.OperatingSystems);
    private static readonly JsonEncodedText[] Companies = Encode(SeedVocabulary.Companies);
    private static readonly JsonEncodedText[] Tags = Encode(SeedVocabulary.Tags);

    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private readonly Utf8JsonWriter json;

    /// <summary>Creates a writer with its own buffer.</summary>
    public SeedPropertyWriter()
    {
        json = new Utf8JsonWriter(buffer, JsonSettings.Writer);
    }

    /// <summary>Returns the properties JSON of one person, valid until the next call.</summary>
    public ReadOnlySpan<byte> Write(
        ref SeedRandom random,
        long id,
        SeedProfile profile,
        DateTime createdAt)
    {
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        WriteIdentity(profile);
        WritePlan(ref random);
        WriteOrigin(ref random);
        json.WriteNumber(Names.Age, random.Next(18, 81));
        json.WriteNumber(Names.Score, Math.Round(random.NextDouble() * 100, 2));
        json.WriteBoolean(Names.IsBeta, random.Chance(0.2));
        json.WritePropertyName(Names.SignupDate);
        Timestamps.Write(json, new DateTime(createdAt.Ticks - createdAt.Ticks % TimeSpan.TicksPerSecond,
            DateTimeKind.Utc));
        if (random.Chance(0.3))
        {
            WriteCompany(ref random);
        }

        WriteTags(ref random);
        if (random.Chance(0.1))
        {
            json.WriteNull(Names.MiddleName);
        }

        json.WriteNumber(Names.SeedIndex, id);
        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan;
    }

    private void WriteIdentity(SeedProfile profile)
    {
        if (profile.Email is not null)
        {
            json.WriteString(Names.Email, profile.Email);
        }

        if (profile.Name is not null)
        {
            json.WriteString(Names.Name, profile.Name);
        }

        if (profile.Username is not null)
        {
            json.WriteString(Names.Username, profile.Username);
        }
    }

    private void WritePlan(ref SeedRandom random)
    {
        var roll = random.Next(10);
        json.WriteString(Names.Plan, Plans[roll < 6 ? 0 : roll < 9 ? 1 : 2]);
        if (random.Chance(0.01))
        {
            json.WriteString(Names.PlanCapitalised, Names.Legacy);
        }
    }

    private void WriteOrigin(ref SeedRandom random)
    {
        var referrer = random.Next(Referrers.Length);
        json.WriteString(Names.InitialReferrer, Referrers[referrer]);
        json.WriteString(Names.InitialReferringDomain, Domains[referrer]);
        var place = random.Next(Countries.Length);
        json.WriteString(Names.CountryCode, Countries[place]);
        json.WriteString(Names.CityName, Cities[place]);
        json.WriteString(Names.Browser, random.Pick(Browsers));
        json.WriteString(Names.Os, random.Pick(Systems));
    }

    private void WriteCompany(ref SeedRandom random)
    {
        json.WriteStartObject(Names.Company);
        json.WriteString(Names.Name, random.Pick(Companies));
        json.WriteNumber(Names.Size, random.Pick(CompanySizes));
        json.WriteStartArray(Names.Tags);
        var count = random.Next(0, 3);
        for (var i = 0; i < count; i++)
        {
            json.WriteStringValue(random.Pick(Tags));
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteTags(ref SeedRandom random)
    {
        json.WriteStartArray(Names.Tags);
        var roll = random.Next(10);
        var count = roll < 3 ? 0 : roll < 6 ? 1 : random.Next(2, 4);
        var first = random.Next(Tags.Length);
        for (var i = 0; i < count; i++)
        {
            json.WriteStringValue(Tags[(first + i) % Tags.Length]);
        }

        json.WriteEndArray();
    }

    private static JsonEncodedText[] Encode(params IEnumerable<string> values) =>
        values.Select(value => JsonEncodedText.Encode(value, JsonSettings.Writer.Encoder)).ToArray();

    /// <summary>Pre-encoded property names.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Email = JsonEncodedText.Encode("email");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Username = JsonEncodedText.Encode("username");
        public static readonly JsonEncodedText Plan = JsonEncodedText.Encode("plan");
        public static readonly JsonEncodedText PlanCapitalised = JsonEncodedText.Encode("Plan");
        public static readonly JsonEncodedText Legacy = JsonEncodedText.Encode("Legacy");
        public static readonly JsonEncodedText InitialReferrer =
            JsonEncodedText.Encode("$initial_referrer");
        public static readonly JsonEncodedText InitialReferringDomain =
            JsonEncodedText.Encode("$initial_referring_domain");
        public static readonly JsonEncodedText CountryCode =
            JsonEncodedText.Encode("$geoip_country_code");
        public static readonly JsonEncodedText CityName = JsonEncodedText.Encode("$geoip_city_name");
        public static readonly JsonEncodedText Browser = JsonEncodedText.Encode("$browser");
        public static readonly JsonEncodedText Os = JsonEncodedText.Encode("$os");
        public static readonly JsonEncodedText Age = JsonEncodedText.Encode("age");
        public static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
        public static readonly JsonEncodedText IsBeta = JsonEncodedText.Encode("is_beta");
        public static readonly JsonEncodedText SignupDate = JsonEncodedText.Encode("signup_date");
        public static readonly JsonEncodedText Company = JsonEncodedText.Encode("company");
        public static readonly JsonEncodedText Size = JsonEncodedText.Encode("size");
        public static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
        public static readonly JsonEncodedText MiddleName = JsonEncodedText.Encode("middle_name");
        public static readonly JsonEncodedText SeedIndex = JsonEncodedText.Encode("seed_index");
    }
}
