namespace PostHogPersons.Models
{
    /// <summary>A cohort that holds a person.</summary>
    public sealed class PHPersonCohort
    {
        /// <summary>The cohort's id.</summary>
        public long CohortId { get; set; }

        /// <summary>The cohort's name.</summary>
        public string Name { get; set; }

        /// <summary>How many persons the cohort holds, as PostHog last counted them.</summary>
        public long? Count { get; set; }

        /// <summary>The person's UUID, when it was asked for by UUID.</summary>
        public string PersonUuid { get; set; }

        /// <summary>The person's integer id, when it was asked for by id.</summary>
        public long? PersonId { get; set; }

        /// <summary>The project the cohort belongs to.</summary>
        public long ProjectId { get; set; }

        /// <summary>The name and id.</summary>
        public override string ToString() => $"{Name} ({CohortId})";
    }
}
