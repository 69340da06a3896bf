using System.Globalization;
using PostHogServer.Api;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// Resolves {id} in a persons URL like G3's safely_get_object: a UUID or an integer id, 400
/// for anything else, 404 when no such person exists in the project.
/// </summary>
public static class PersonLookup
{
    /// <summary>The person for the URL's id, or the error to send.</summary>
    public static ApiError? Find(ApiContext context, out Person person)
    {
        person = null!;
        var key = context.Route.PersonKey ?? "";
        if (!TryResolve(context.Persons, key, out var found, out var wellFormed))
        {
            return wellFormed
                ? ApiError.NotFound()
                : ApiError.Validation("The ID provided does not look like a personID. If you are using "
                    + $"a distinctId, please use /persons?distinct_id={key} instead.");
        }

        person = found!;
        return null;
    }

    /// <summary>
    /// Looks up a UUID or integer id; <paramref name="wellFormed"/> is false for other text.
    /// </summary>
    public static bool TryResolve(
        PersonStore store,
        string key,
        out Person? person,
        out bool wellFormed)
    {
        person = null;
        wellFormed = true;
        if (PersonUuids.TryParse(key, out var uuid))
        {
            person = store.FindByUuid(uuid);
        }
        else if (long.TryParse(key, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite
                     | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var id))
        {
            person = store.FindById(id);
        }
        else
        {
            wellFormed = false;
        }

        return person is not null;
    }
}
