using System.Text;
using System.Text.Json;

namespace PostHogServer.Store;

/// <summary>
/// Values read once from a person's properties: the text of email and name (for search) and
/// the raw JSON of the display name (first truthy of email, name, username).
/// </summary>
public sealed record PersonFacts(string? EmailText, string? NameText, byte[]? DisplayNameJson)
{
    private static readonly string[] DisplayNameKeys = ["email", "name", "username"];

    /// <summary>Facts of a person without properties.</summary>
    public static readonly PersonFacts None = new(null, null, null);

    /// <summary>Reads the facts from a UTF-8 JSON object.</summary>
    public static PersonFacts Extract(byte[] propertiesJson)
    {
        var email = PropertyReader.Find(propertiesJson, "email");
        var name = PropertyReader.Find(propertiesJson, "name");
        byte[]? display = null;
        foreach (var key in DisplayNameKeys)
        {
            var value = key switch
            {
                "email" => email,
                "name" => name,
                _ => PropertyReader.Find(propertiesJson, key),
            };
            if (value.IsTruthy)
            {
                display = value.RawJson;
                break;
            }
        }

        return new PersonFacts(email.Text, name.Text, display);
    }

    /// <summary>Facts for generated persons, where email and name are known strings.</summary>
    public static PersonFacts ForStrings(string? email, string? name, string? username)
    {
        var display = !string.IsNullOrEmpty(email) ? email
            : !string.IsNullOrEmpty(name) ? name
            : !string.IsNullOrEmpty(username) ? username
            : null;
        return new PersonFacts(email, name, display is null ? null : QuoteJson(display));
    }

    private static byte[] QuoteJson(string text)
    {
        return Json.JsonBuffer.Build(text, static (writer, value) => writer.WriteStringValue(value));
    }

    /// <summary>Debug view.</summary>
    public override string ToString()
    {
        var display = DisplayNameJson is null ? "null" : Encoding.UTF8.GetString(DisplayNameJson);
        return $"email={EmailText}, name={NameText}, display={display}";
    }
}
