using System.Text.Json;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Reads a person in either of PostHog's shapes: the list shape, whose <c>id</c> is the
    /// UUID string, and the record shape (retrieve), whose <c>id</c> is the integer key.
    /// </summary>
    public static class PersonReader
    {
        /// <summary>
        /// Builds the <see cref="PHPerson"/> of an answer that is one person (the record
        /// shape); a string in it that cannot be read makes it an invalid answer.
        /// </summary>
        /// <exception cref="Errors.PostHogResponseFormatException">A string of the person is
        /// not valid UTF-8 or UTF-16, or the answer is not an object.</exception>
        public static PHPerson Read(
            PostHogClient client, ApiRequest request, ApiResponse response, long projectId)
        {
            try
            {
                return Read(response.Json.RootElement, projectId);
            }
            catch (System.InvalidOperationException error)
            {
                throw client.Unreadable(request, response, error);
            }
        }

        /// <summary>Builds a <see cref="PHPerson"/> from one JSON person.</summary>
        public static PHPerson Read(JsonElement json, long projectId)
        {
            var person = new PHPerson
            {
                Uuid = json.GetString("uuid"),
                Name = json.GetString("name"),
                DistinctIds = new PHStringList(json.GetStrings("distinct_ids")),
                CreatedAt = json.GetTimestamp("created_at"),
                LastSeenAt = json.GetTimestamp("last_seen_at"),
                ProjectId = projectId,
            };
            if (json.TryGetProperty("id", out JsonElement id))
            {
                if (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out long key))
                {
                    person.Id = key;
                }
                else if (person.Uuid == null && id.ValueKind == JsonValueKind.String)
                {
                    person.Uuid = id.GetString();
                }
            }

            if (json.TryGetProperty("is_identified", out JsonElement identified)
                && (identified.ValueKind == JsonValueKind.True
                    || identified.ValueKind == JsonValueKind.False))
            {
                person.IsIdentified = identified.GetBoolean();
            }

            person.Properties = json.TryGetProperty("properties", out JsonElement properties)
                && properties.ValueKind == JsonValueKind.Object
                ? (PHPropertyDictionary)JsonValues.ToObject(properties)
                : new PHPropertyDictionary();
            return person;
        }
    }
}
