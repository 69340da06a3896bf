using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Builds the typed objects of the persons side endpoints from PostHog's JSON: activity
    /// entries, property timelines, cohorts, property values and deletion statuses. Missing
    /// or mistyped fields become null rather than errors.
    /// </summary>
    public static class PersonDataReaders
    {
        /// <summary>One activity-log entry.</summary>
        public static PHPersonActivity Activity(JsonElement json, long projectId, string askedUuid)
        {
            var entry = new PHPersonActivity
            {
                ActivityId = json.GetString("id"),
                Activity = json.GetString("activity"),
                Scope = json.GetString("scope"),
                ItemId = Text(json, "item_id"),
                CreatedAt = json.GetTimestamp("created_at"),
                Detail = Dictionary(json, "detail"),
                ProjectId = projectId,
            };
            if (long.TryParse(entry.ItemId, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
            {
                entry.PersonId = id;
            }

            string detailName = entry.Detail.TryGetValue("name", out object name) ? name as string : null;
            entry.PersonUuid = askedUuid ?? (PersonIds.IsUuid(detailName) ? detailName : null);
            if (json.TryGetProperty("user", out JsonElement user) && user.ValueKind == JsonValueKind.Object)
            {
                entry.User = new PHActivityUser
                {
                    FirstName = user.GetString("first_name"),
                    Email = user.GetString("email"),
                    IsSystem = user.TryGetProperty("is_system", out JsonElement system)
                        && system.ValueKind == JsonValueKind.True,
                };
            }

            return entry;
        }

        /// <summary>A properties timeline of the person asked for by UUID or id.</summary>
        public static PHPropertyTimeline Timeline(JsonElement json, long projectId, string key)
        {
            var points = new List<PHPropertyTimelinePoint>();
            if (json.TryGetProperty("points", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement point in list.EnumerateArray())
                {
                    points.Add(new PHPropertyTimelinePoint
                    {
                        Timestamp = point.GetTimestamp("timestamp"),
                        Properties = Dictionary(point, "properties"),
                        RelevantEventCount = Number(point, "relevant_event_count") ?? 0,
                    });
                }
            }

            var timeline = new PHPropertyTimeline
            {
                Points = new ReadOnlyCollection<PHPropertyTimelinePoint>(points),
                CrucialPropertyKeys = new PHStringList(json.GetStrings("crucial_property_keys")),
                EffectiveDateFrom = json.GetTimestamp("effective_date_from"),
                EffectiveDateTo = json.GetTimestamp("effective_date_to"),
                ProjectId = projectId,
            };
            SetPerson(key, uuid => timeline.Uuid = uuid, id => timeline.Id = id);
            return timeline;
        }

        /// <summary>A cohort of the person asked for by UUID or id.</summary>
        public static PHPersonCohort Cohort(JsonElement json, long projectId, string key)
        {
            var cohort = new PHPersonCohort
            {
                CohortId = Number(json, "id") ?? 0,
                Name = json.GetString("name"),
                Count = Number(json, "count"),
                ProjectId = projectId,
            };
            SetPerson(key, uuid => cohort.PersonUuid = uuid, id => cohort.PersonId = id);
            return cohort;
        }

        /// <summary>One {name, count} of the values endpoint.</summary>
        public static PHPersonPropertyValue PropertyValue(JsonElement json, string key, long projectId)
        {
            return new PHPersonPropertyValue
            {
                Key = key,
                Value = json.TryGetProperty("name", out JsonElement name) ? JsonValues.ToObject(name) : null,
                Count = Number(json, "count"),
                ProjectId = projectId,
            };
        }

        /// <summary>One row of deletion_status.</summary>
        public static PHPersonDeletion Deletion(JsonElement json, long projectId)
        {
            return new PHPersonDeletion
            {
                PersonUuid = json.GetString("person_uuid"),
                Status = json.GetString("status"),
                CreatedAt = json.GetTimestamp("created_at"),
                DeleteVerifiedAt = json.GetTimestamp("delete_verified_at"),
                ProjectId = projectId,
            };
        }

        private static void SetPerson(string key, System.Action<string> uuid, System.Action<long> id)
        {
            if (PersonIds.IsUuid(key))
            {
                uuid(key);
            }
            else if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            {
                id(number);
            }
        }

        private static PHPropertyDictionary Dictionary(JsonElement json, string name)
        {
            return json.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object
                ? (PHPropertyDictionary)JsonValues.ToObject(value)
                : new PHPropertyDictionary();
        }

        private static long? Number(JsonElement json, string name)
        {
            return json.TryGetProperty(name, out JsonElement value)
                && value.ValueKind == JsonValueKind.Number
                && value.TryGetInt64(out long number)
                ? number
                : (long?)null;
        }

        private static string Text(JsonElement json, string name)
        {
            if (!json.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString()
                : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
                : null;
        }
    }
}
