namespace PostHogServer.Store;

/// <summary>
/// The display name read from a person's properties: the first truthy of email, name and
/// username, as text when it is a string, else as raw JSON. Both null when there is none.
/// </summary>
public readonly record struct PersonFacts(string? DisplayNameText, byte[]? DisplayNameJson)
{
    private static readonly string[] DisplayNameKeys = ["email", "name", "username"];

    /// <summary>Reads the display name from a UTF-8 JSON object.</summary>
    public static PersonFacts Extract(ArraySegment<byte> properties)
    {
        foreach (var key in DisplayNameKeys)
        {
            var value = PropertyReader.Find(properties, key);
            if (value.IsTruthy)
            {
                return value.Kind == PropertyKind.String
                    ? new PersonFacts(value.Text, null)
                    : new PersonFacts(null, value.RawJson);
            }
        }

        return default;
    }

    /// <summary>
    /// Facts for generated persons, where email, name and username are known strings.
    /// </summary>
    public static PersonFacts ForStrings(string? email, string? name, string? username)
    {
        var display = !string.IsNullOrEmpty(email) ? email
            : !string.IsNullOrEmpty(name) ? name
            : !string.IsNullOrEmpty(username) ? username
            : null;
        return new PersonFacts(display, null);
    }
}
