namespace PostHogPersons.Models
{
    /// <summary>Where Set-PHConfiguration keeps a change.</summary>
    public enum PHConfigurationScope
    {
        /// <summary>This PowerShell process only.</summary>
        Session,

        /// <summary>This process and the current user's configuration file.</summary>
        CurrentUser,
    }
}
