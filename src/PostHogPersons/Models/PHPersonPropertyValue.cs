namespace PostHogPersons.Models
{
    /// <summary>One value of a person property and how many persons have it.</summary>
    public sealed class PHPersonPropertyValue
    {
        /// <summary>The property key.</summary>
        public string Key { get; set; }

        /// <summary>The value as PostHog lists it (usually text).</summary>
        public object Value { get; set; }

        /// <summary>How many persons have the value.</summary>
        public long? Count { get; set; }

        /// <summary>The project the value was read from.</summary>
        public long ProjectId { get; set; }

        /// <summary>The value as text.</summary>
        public override string ToString() =>
            System.Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
