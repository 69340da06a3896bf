namespace PostHogServer.Seeding;

/// <summary>Word lists the seeder draws names and property values from.</summary>
public static class SeedVocabulary
{
    /// <summary>First names, some with non-ASCII letters.</summary>
    public static readonly string[] FirstNames =
    [
        "Anna", "Ben", "Chloé", "David", "Emma", "Finn", "Greta", "Hugo", "Ines", "Jonas",
        "Karin", "Liam", "Maja", "Noah", "Olivia", "Pablo", "Quinn", "Rosa", "Sven", "Tara",
        "Zoë", "Łukasz", "José", "Björn", "Amélie", "Søren", "Ørjan", "Çağla", "Dóra", "Ñoño",
    ];

    /// <summary>Last names, some with non-ASCII letters.</summary>
    public static readonly string[] LastNames =
    [
        "Smith", "Jones", "Müller", "García", "Rossi", "Dubois", "Nowak", "Silva", "Kim", "Lee",
        "Ångström", "Żółć", "Østergaard", "Peña", "Brontë", "Novák", "Šimić", "Yılmaz",
        "O'Neil", "van der Berg",
    ];

    /// <summary>
    /// Whole names used as-is (scripts without first/last split, or single names).
    /// </summary>
    public static readonly string[] WholeNames =
    [
        "李雷", "韩梅梅", "山田太郎", "Zoë Ångström", "Łukasz",
        "Ελένη Παπαδοπούλου", "Иван Петров", "محمد علي", "김민준",
    ];

    /// <summary>ASCII email spellings of <see cref="FirstNames"/>.</summary>
    public static readonly string[] FirstNameStems = FirstNames.Select(Stem).ToArray();

    /// <summary>ASCII email spellings of <see cref="LastNames"/>.</summary>
    public static readonly string[] LastNameStems = LastNames.Select(Stem).ToArray();

    /// <summary>
    /// ASCII email spellings of <see cref="WholeNames"/> ("user" when nothing is left).
    /// </summary>
    public static readonly string[] WholeNameStems = WholeNames.Select(Stem).ToArray();

    /// <summary>Initial referrer and its domain.</summary>
    public static readonly (string Referrer, string Domain)[] Referrers =
    [
        ("$direct", "$direct"),
        ("https://www.google.com/", "www.google.com"),
        ("https://news.ycombinator.com/", "news.ycombinator.com"),
        ("https://duckduckgo.com/", "duckduckgo.com"),
        ("https://t.co/", "t.co"),
    ];

    /// <summary>GeoIP country code and city.</summary>
    public static readonly (string Country, string City)[] Places =
    [
        ("US", "San Francisco"), ("US", "New York"), ("GB", "London"), ("DE", "Berlin"),
        ("FR", "Paris"), ("JP", "Tokyo"), ("CN", "北京"), ("PL", "Kraków"), ("SE", "Malmö"),
        ("BR", "São Paulo"), ("IN", "Bengaluru"), ("TR", "İstanbul"),
    ];

    /// <summary>Browsers.</summary>
    public static readonly string[] Browsers = ["Chrome", "Firefox", "Safari", "Microsoft Edge"];

    /// <summary>Operating systems.</summary>
    public static readonly string[] OperatingSystems =
        ["Mac OS X", "Windows", "Linux", "iOS", "Android"];

    /// <summary>Company names.</summary>
    public static readonly string[] Companies =
    [
        "Acme Corp", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay Industries", "Søstrene AB",
    ];

    /// <summary>Tag words.</summary>
    public static readonly string[] Tags = ["beta", "vip", "churn-risk", "newsletter", "b2b", "mobile"];

    private static string Stem(string name)
    {
        var parts = name.Split(' ').Select(ToAsciiLower).Where(part => part.Length > 0).ToArray();
        return parts.Length == 0 ? "user" : string.Join('.', parts);
    }

    /// <summary>ASCII spellings of letters used in the name lists, for email addresses.</summary>
    public static string ToAsciiLower(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var ascii = c switch
            {
                'é' or 'ë' => "e",
                'ø' or 'ó' or 'ö' => "o",
                'å' or 'á' or 'ä' => "a",
                'ł' => "l",
                'ż' or 'ź' => "z",
                'ç' => "c",
                'ğ' => "g",
                'ñ' => "n",
                'ü' => "u",
                'š' => "s",
                'ć' => "c",
                'ı' => "i",
                _ when c is >= 'a' and <= 'z' => c.ToString(),
                _ => "",
            };
            builder.Append(ascii);
        }

        return builder.ToString();
    }
}
