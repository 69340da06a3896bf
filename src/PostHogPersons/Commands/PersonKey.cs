namespace PostHogPersons.Commands
{
    /// <summary>One person named on the command line or by a pipeline object.</summary>
    public sealed class PersonKey
    {
        /// <summary>What goes into the URL: the UUID, else the integer id as text.</summary>
        public string Key { get; set; }

        /// <summary>The UUID, when the person was named by it.</summary>
        public string Uuid { get; set; }

        /// <summary>The integer id, when the person was named by it.</summary>
        public long? Id { get; set; }

        /// <summary>The key, for messages and prompts.</summary>
        public override string ToString() => Key;
    }
}
