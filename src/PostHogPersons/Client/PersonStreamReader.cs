using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Reads persons straight from the bytes of a list page, giving exactly what
    /// <see cref="PersonReader.Read"/> gives for the same JSON (both shapes; the last of
    /// duplicate keys wins), without a JSON document in between.
    /// </summary>
    public sealed class PersonStreamReader : IJsonItemReader<PHPerson>
    {
        private readonly long _projectId;
        private readonly JsonValueReader _values = new JsonValueReader();

        // The text of the person's last "id" when it is a string: its UUID in the list shape,
        // needed only when "uuid" is missing, so it is kept as bytes until then.
        private byte[] _idBytes = new byte[64];
        private int _idLength = -1;
        private string _idEscaped;

        /// <summary>Reads persons of project <paramref name="projectId"/>; one person at a time.</summary>
        public PersonStreamReader(long projectId) => _projectId = projectId;

        /// <inheritdoc/>
        [MethodImpl(HotPath.Optimized)]
        public bool TryRead(ref Utf8JsonReader reader, out PHPerson person)
        {
            person = null;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"Expected a person object in the list but found {reader.TokenType}.");
            }

            var read = new PHPerson { ProjectId = _projectId };
            List<string> distinctIds = null;
            PHPropertyDictionary properties = null;
            _idLength = -1;
            _idEscaped = null;
            while (true)
            {
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                if (!TryReadField(ref reader, read, ref distinctIds, ref properties))
                {
                    return false;
                }
            }

            if (read.Uuid == null && (_idLength >= 0 || _idEscaped != null))
            {
                read.Uuid = _idEscaped ?? Strict.GetString(_idBytes, 0, _idLength);
            }

            read.DistinctIds = new PHStringList(distinctIds ?? new List<string>());
            read.Properties = properties ?? new PHPropertyDictionary();
            person = read;
            return true;
        }

        private static readonly System.Text.UTF8Encoding Strict = new System.Text.UTF8Encoding(false, true);

        [MethodImpl(HotPath.Optimized)]
        private bool TryReadField(
            ref Utf8JsonReader reader,
            PHPerson person,
            ref List<string> distinctIds,
            ref PHPropertyDictionary properties)
        {
            Field field = FieldOf(ref reader);
            if (!reader.Read())
            {
                return false;
            }

            JsonTokenType token = reader.TokenType;
            switch (field)
            {
                case Field.Uuid:
                    person.Uuid = token == JsonTokenType.String ? reader.GetString() : null;
                    break;
                case Field.Name:
                    person.Name = token == JsonTokenType.String ? Shared(ref reader, properties) : null;
                    break;
                case Field.CreatedAt:
                    person.CreatedAt = ReadTimestamp(ref reader);
                    break;
                case Field.LastSeenAt:
                    person.LastSeenAt = ReadTimestamp(ref reader);
                    break;
                case Field.IsIdentified:
                    person.IsIdentified = token == JsonTokenType.True ? true
                        : token == JsonTokenType.False ? false : (bool?)null;
                    break;
                case Field.Id:
                    person.Id = null;
                    _idLength = -1;
                    _idEscaped = null;
                    if (token == JsonTokenType.Number && reader.TryGetInt64(out long key))
                    {
                        person.Id = key;
                    }
                    else if (token == JsonTokenType.String)
                    {
                        KeepId(ref reader);
                    }

                    break;
                case Field.DistinctIds:
                    distinctIds = new List<string>();
                    if (token == JsonTokenType.StartArray)
                    {
                        return TryReadDistinctIds(ref reader, distinctIds, properties);
                    }

                    break;
                case Field.Properties:
                    properties = null;
                    if (token == JsonTokenType.StartObject)
                    {
                        return _values.TryReadObject(ref reader, out properties);
                    }

                    break;
            }

            return reader.TrySkip();
        }

        /// <summary>
        /// The current string; the instance of the person's email property when the text is
        /// the same (PostHog's display name and an identified distinct id often are the email).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static string Shared(ref Utf8JsonReader reader, PHPropertyDictionary properties)
        {
            if (properties != null
                && properties.TryGetValue("email", out object value)
                && value is string email
                && email.Length <= reader.ValueSpan.Length
                && reader.ValueTextEquals(email))
            {
                return email;
            }

            return reader.GetString();
        }

        /// <summary>Reads an array of strings, skipping anything else; the reader is on its StartArray.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool TryReadDistinctIds(
            ref Utf8JsonReader reader,
            List<string> distinctIds,
            PHPropertyDictionary properties)
        {
            while (true)
            {
                if (!reader.Read())
                {
                    return false;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.EndArray:
                        return true;
                    case JsonTokenType.String:
                        distinctIds.Add(Shared(ref reader, properties));
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (!reader.TrySkip())
                        {
                            return false;
                        }

                        break;
                }
            }
        }

        private void KeepId(ref Utf8JsonReader reader)
        {
            ReadOnlySpan<byte> text = reader.ValueSpan;
            if (reader.ValueIsEscaped || reader.HasValueSequence)
            {
                _idEscaped = reader.GetString();
                return;
            }

            if (text.Length > _idBytes.Length)
            {
                _idBytes = new byte[text.Length];
            }

            text.CopyTo(_idBytes);
            _idLength = text.Length;
        }

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
        private static Field FieldOf(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped)
            {
                switch (reader.GetString())
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

            ReadOnlySpan<byte> name = reader.ValueSpan;
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

        /// <summary>
        /// What <c>DateTimeOffset.TryParse(text, InvariantCulture, AssumeUniversal)</c> gives,
        /// with a fast path for PostHog's own form, <c>2025-03-01T10:00:00[.ffffff]Z</c>.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return null;
            }

            if (!reader.ValueIsEscaped && TryParseUtc(reader.ValueSpan, out DateTimeOffset fast))
            {
                return fast;
            }

            if (DateTimeOffset.TryParse(
                reader.GetString(),
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out DateTimeOffset stamp))
            {
                return stamp;
            }

            return null;
        }

        /// <summary>Parses exactly yyyy-MM-ddTHH:mm:ss, 1 to 7 fraction digits, then Z.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool TryParseUtc(ReadOnlySpan<byte> text, out DateTimeOffset stamp)
        {
            stamp = default;
            if (text.Length < 20 || text.Length > 28 || text.Length == 21 || text[text.Length - 1] != (byte)'Z'
                || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T'
                || text[13] != (byte)':' || text[16] != (byte)':')
            {
                return false;
            }

            if (!TryDigits(text, 0, 4, out int year) || !TryDigits(text, 5, 2, out int month)
                || !TryDigits(text, 8, 2, out int day) || !TryDigits(text, 11, 2, out int hour)
                || !TryDigits(text, 14, 2, out int minute) || !TryDigits(text, 17, 2, out int second))
            {
                return false;
            }

            long ticks = 0;
            int fraction = text.Length - 21;
            if (fraction > 0)
            {
                if (text[19] != (byte)'.' || !TryDigits(text, 20, fraction, out int digits))
                {
                    return false;
                }

                ticks = digits;
                for (int i = fraction; i < 7; i++)
                {
                    ticks *= 10;
                }
            }

            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            var time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
            stamp = new DateTimeOffset(time.Ticks + ticks, TimeSpan.Zero);
            return true;
        }

        [MethodImpl(HotPath.Optimized)]
        private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
        {
            value = 0;
            for (int i = start; i < start + count; i++)
            {
                int digit = text[i] - '0';
                if ((uint)digit > 9)
                {
                    return false;
                }

                value = (value * 10) + digit;
            }

            return true;
        }
    }
}
