using System;
using System.Threading;
using PostHogPersons.Client;

namespace PostHogPersons.Models
{
    /// <summary>
    /// A PostHog person. <see cref="Uuid"/> identifies the person everywhere; the integer
    /// <see cref="Id"/> is known only when the person was read one at a time (PostHog's
    /// list endpoint does not return it). The identity properties bind by property name to
    /// the -Uuid, -Id and -DistinctId parameters of the other PH cmdlets.
    /// </summary>
    public sealed class PHPerson
    {
        /// <summary>The person's UUID, the id to use everywhere.</summary>
        public string Uuid { get; set; }

        /// <summary>The integer primary key; null when the list endpoint supplied the person.</summary>
        public long? Id { get; set; }

        /// <summary>PostHog's display name (email, name, username or a distinct id).</summary>
        public string Name { get; set; }

        /// <summary>The person's distinct ids, identified ones first.</summary>
        public PHStringList DistinctIds { get; set; }

        private PHPropertyDictionary _properties;

        // The properties object as PostHog sent it (UTF-8 JSON, already checked to be
        // well-formed), kept until Properties is first read: a pipeline that never looks at
        // the properties (counting, selecting ids, piping into Remove-PHPerson) never pays
        // for a dictionary of them. Its strings have been checked too, so building cannot
        // fail: PowerShell would turn a failing getter into a silent $null.
        private byte[] _propertiesJson;

        /// <summary>The person's properties, lossless and case-sensitive.</summary>
        /// <remarks>
        /// Persons read from a list page build this dictionary from the page's text the first
        /// time it is read; every later read, from any thread, returns the same dictionary.
        /// </remarks>
        public PHPropertyDictionary Properties
        {
            get => Volatile.Read(ref _properties) ?? BuildProperties();
            set
            {
                Volatile.Write(ref _properties, value);
                Volatile.Write(ref _propertiesJson, null);
            }
        }

        /// <summary>When PostHog created the person.</summary>
        public DateTimeOffset? CreatedAt { get; set; }

        /// <summary>When the person was last seen; null when PostHog does not say.</summary>
        public DateTimeOffset? LastSeenAt { get; set; }

        /// <summary>Whether the person was identified; null when PostHog does not say.</summary>
        public bool? IsIdentified { get; set; }

        /// <summary>The project the person was read from.</summary>
        public long ProjectId { get; set; }

        /// <summary>
        /// Sets the properties from the UTF-8 text of a JSON object that has been checked to
        /// be well-formed with readable strings; the dictionary is built when
        /// <see cref="Properties"/> is first read.
        /// </summary>
        internal void SetPropertiesJson(byte[] utf8Object)
        {
            Volatile.Write(ref _properties, null);
            Volatile.Write(ref _propertiesJson, utf8Object);
        }

        private PHPropertyDictionary BuildProperties()
        {
            byte[] json = Volatile.Read(ref _propertiesJson);
            if (json == null)
            {
                return Volatile.Read(ref _properties);
            }

            PHPropertyDictionary built = JsonValueReader.ReadObject(json);
            PHPropertyDictionary first = Interlocked.CompareExchange(ref _properties, built, null);
            Volatile.Write(ref _propertiesJson, null);
            return first ?? built;
        }

        /// <summary>The name and uuid, for messages and prompts.</summary>
        public override string ToString() =>
            string.IsNullOrEmpty(Name) || Name == Uuid ? Uuid : $"{Name} ({Uuid})";
    }
}
