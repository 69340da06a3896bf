using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Reads persons straight from the bytes of a list page with <see cref="JsonItemScanner"/>,
    /// giving exactly what <see cref="PersonReader.Read(System.Text.Json.JsonElement, long)"/>
    /// gives for the same JSON (both shapes; the last of duplicate keys wins) and rejecting
    /// exactly what System.Text.Json rejects, without a JSON document in between. The properties are checked here but
    /// built only when first read (see <see cref="PHPerson.Properties"/>).
    /// </summary>
    public sealed partial class PersonStreamReader : IJsonItemReader<PHPerson>
    {
        private readonly long _projectId;

        // Room for widening the ASCII strings of a person (one person at a time).
        private readonly char[] _chars = new char[256];

        /// <summary>
        /// Reads persons of project <paramref name="projectId"/>; one person at a time.
        /// </summary>
        public PersonStreamReader(long projectId) => _projectId = projectId;

        /// <inheritdoc/>
        /// <exception cref="JsonException">The item is valid JSON but not an object, or a
        /// string read from it (its properties included) is not valid UTF-8 or UTF-16.</exception>
        [MethodImpl(HotPath.Optimized)]
        public bool TryRead(ArraySegment<byte> text, out PHPerson person)
        {
            person = null;
            var scan = new JsonItemScanner(text, _chars);
            if (scan.Peek() != '{')
            {
                if (!scan.TrySkipValue(0) || !scan.AtEnd())
                {
                    return false;
                }

                throw new JsonException("Expected a person object in the list but found another value.");
            }

            // First the whole item is checked, noting where the last of each field's values
            // starts (the last of duplicate keys wins); then only those values are read.
            var spots = new Spots();
            spots.Clear();
            scan.TryTake((byte)'{');
            if (!scan.TryTake((byte)'}'))
            {
                while (true)
                {
                    if (!scan.TryString(out int start, out int length, out bool escaped)
                        || !scan.TryTake((byte)':')
                        || scan.Peek() < 0)
                    {
                        return false;
                    }

                    int value = scan.Position;
                    if (!scan.TrySkipValue(1))
                    {
                        return false;
                    }

                    spots.Note(FieldOf(ref scan, start, length, escaped), value, scan.Position);
                    if (!scan.TryTake((byte)','))
                    {
                        if (!scan.TryTake((byte)'}'))
                        {
                            return false;
                        }

                        break;
                    }
                }
            }

            if (!scan.AtEnd())
            {
                return false;
            }

            person = Build(ref scan, ref spots);
            return true;
        }

        [MethodImpl(HotPath.Optimized)]
        private PHPerson Build(ref JsonItemScanner scan, ref Spots spots)
        {
            ReadOnlySpan<byte> text = scan.Text;
            var person = new PHPerson
            {
                ProjectId = _projectId,
                Uuid = ReadString(ref scan, spots.Uuid),
                CreatedAt = ReadTimestamp(ref scan, spots.CreatedAt),
                LastSeenAt = ReadTimestamp(ref scan, spots.LastSeenAt),
            };
            if (spots.IsIdentified >= 0 && text[spots.IsIdentified] != (byte)'n'
                && scan.At(spots.IsIdentified).TryLiteral(out JsonTokenType literal))
            {
                person.IsIdentified = literal == JsonTokenType.True;
            }

            if (spots.Id >= 0)
            {
                JsonItemScanner id = scan.At(spots.Id);
                if (text[spots.Id] == (byte)'"')
                {
                    // The list shape's "id" is the UUID; it counts only when "uuid" is missing.
                    person.Uuid = person.Uuid ?? ReadString(ref scan, spots.Id);
                }
                else if (id.TryNumber(out int start, out int length)
                    && TryInt64(text.Slice(start, length), out long key))
                {
                    person.Id = key;
                }
            }

            // PostHog's display name is often one of the distinct ids: then both share a string.
            ReadOnlySpan<byte> name = default;
            bool plainName = false;
            if (spots.Name >= 0 && text[spots.Name] == (byte)'"'
                && scan.At(spots.Name).TryString(out int nameStart, out int nameLength, out bool nameEscaped))
            {
                name = text.Slice(nameStart, nameLength);
                plainName = !nameEscaped;
            }

            var distinctIds = new List<string>();
            string sharedName = null;
            if (spots.DistinctIds >= 0 && text[spots.DistinctIds] == (byte)'[')
            {
                JsonItemScanner array = scan.At(spots.DistinctIds);
                sharedName = ReadDistinctIds(ref array, distinctIds, plainName ? name : default, plainName);
            }

            person.DistinctIds = new PHStringList(distinctIds);
            person.Name = sharedName ?? ReadString(ref scan, spots.Name);
            if (spots.Properties >= 0 && text[spots.Properties] == (byte)'{')
            {
                // Built when first read (see PHPerson.Properties), so every string they hold
                // is checked now: a broken one fails the page here, as it fails PersonReader,
                // rather than the first read of Properties (which PowerShell turns into $null).
                byte[] properties = scan.Copy(spots.Properties, spots.PropertiesEnd);
                JsonItemScanner.CheckStrings(properties);
                person.SetPropertiesJson(properties);
            }
            else
            {
                person.Properties = new PHPropertyDictionary();
            }

            return person;
        }

        /// <summary>
        /// Where the value of each field the person is built from starts; -1 where there is none.
        /// </summary>
        private struct Spots
        {
            public int Uuid;
            public int Name;
            public int CreatedAt;
            public int LastSeenAt;
            public int IsIdentified;
            public int Id;
            public int DistinctIds;
            public int Properties;
            public int PropertiesEnd;

            [MethodImpl(HotPath.OptimizedInline)]
            public void Clear()
            {
                Uuid = Name = CreatedAt = LastSeenAt = IsIdentified = Id = DistinctIds = Properties = -1;
            }

            [MethodImpl(HotPath.Optimized)]
            public void Note(Field field, int start, int end)
            {
                switch (field)
                {
                    case Field.Uuid: Uuid = start; break;
                    case Field.Name: Name = start; break;
                    case Field.CreatedAt: CreatedAt = start; break;
                    case Field.LastSeenAt: LastSeenAt = start; break;
                    case Field.IsIdentified: IsIdentified = start; break;
                    case Field.Id: Id = start; break;
                    case Field.DistinctIds: DistinctIds = start; break;
                    case Field.Properties:
                        Properties = start;
                        PropertiesEnd = end;
                        break;
                }
            }
        }

        /// <summary>
        /// The string at <paramref name="spot"/>; null where there is none or another value.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static string ReadString(ref JsonItemScanner scan, int spot)
        {
            if (spot < 0 || scan.Text[spot] != (byte)'"')
            {
                return null;
            }

            scan.At(spot).TryString(out int start, out int length, out bool escaped);
            return scan.Decode(start, length, escaped);
        }

        /// <summary>
        /// Adds the strings of the checked array at the scan, passing over anything else, and
        /// returns the one whose text is <paramref name="name"/> (when <paramref name="findName"/>).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static string ReadDistinctIds(
            ref JsonItemScanner scan,
            List<string> distinctIds,
            ReadOnlySpan<byte> name,
            bool findName)
        {
            string named = null;
            scan.TryTake((byte)'[');
            if (scan.TryTake((byte)']'))
            {
                return null;
            }

            do
            {
                if (scan.Peek() == '"')
                {
                    scan.TryString(out int start, out int length, out bool escaped);
                    string id = scan.Decode(start, length, escaped);
                    distinctIds.Add(id);
                    if (findName && named == null && !escaped
                        && scan.Text.Slice(start, length).SequenceEqual(name))
                    {
                        named = id;
                    }
                }
                else
                {
                    scan.TrySkipValue(2);
                }
            }
            while (scan.TryTake((byte)','));
            return named;
        }

        /// <summary>
        /// What Utf8JsonReader.TryGetInt64 gives: an integer in range, no fraction or exponent.
        /// </summary>
        private static bool TryInt64(ReadOnlySpan<byte> number, out long value) =>
            Utf8Parser.TryParse(number, out value, out int consumed) && consumed == number.Length;

        private enum Field
        {
            Other,
            Id,
            Uuid,
            Name,
            CreatedAt,
            LastSeenAt,
            IsIdentified,
            DistinctIds,
            Properties,
        }

        [MethodImpl(HotPath.Optimized)]
        private static Field FieldOf(ref JsonItemScanner scan, int start, int length, bool escaped)
        {
            if (escaped)
            {
                // JsonElement fails to compare a name whose escapes are not valid UTF-16, so
                // such a name fails the item; one whose bytes are not valid UTF-8 is compared
                // as bytes and is none of these (as JsonElement would see it).
                scan.CheckEscapes(start, length);
                switch (scan.TryDecode(start, length, true))
                {
                    case "id": return Field.Id;
                    case "uuid": return Field.Uuid;
                    case "name": return Field.Name;
                    case "created_at": return Field.CreatedAt;
                    case "last_seen_at": return Field.LastSeenAt;
                    case "is_identified": return Field.IsIdentified;
                    case "distinct_ids": return Field.DistinctIds;
                    case "properties": return Field.Properties;
                    default: return Field.Other;
                }
            }

            ReadOnlySpan<byte> name = scan.Text.Slice(start, length);
            switch (name.Length)
            {
                case 2: return name.SequenceEqual(IdName) ? Field.Id : Field.Other;
                case 4:
                    return name.SequenceEqual(UuidName) ? Field.Uuid
                        : name.SequenceEqual(NameName) ? Field.Name : Field.Other;
                case 10:
                    return name.SequenceEqual(CreatedAtName) ? Field.CreatedAt
                        : name.SequenceEqual(PropertiesName) ? Field.Properties : Field.Other;
                case 12:
                    return name.SequenceEqual(LastSeenAtName) ? Field.LastSeenAt
                        : name.SequenceEqual(DistinctIdsName) ? Field.DistinctIds : Field.Other;
                case 13: return name.SequenceEqual(IsIdentifiedName) ? Field.IsIdentified : Field.Other;
                default: return Field.Other;
            }
        }

        private static ReadOnlySpan<byte> IdName => "id"u8;

        private static ReadOnlySpan<byte> UuidName => "uuid"u8;

        private static ReadOnlySpan<byte> NameName => "name"u8;

        private static ReadOnlySpan<byte> CreatedAtName => "created_at"u8;

        private static ReadOnlySpan<byte> PropertiesName => "properties"u8;

        private static ReadOnlySpan<byte> LastSeenAtName => "last_seen_at"u8;

        private static ReadOnlySpan<byte> DistinctIdsName => "distinct_ids"u8;

        private static ReadOnlySpan<byte> IsIdentifiedName => "is_identified"u8;
    }
}
