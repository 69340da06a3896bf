namespace PostHogPersons.HelpBuilder
{
    internal static class Program
    {
        private static int Main(string[] args) =>
            HelpBuildCommand.Run(args, System.Console.Out, System.Console.Error);
    }
}
