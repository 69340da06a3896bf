// The integration tests share one local PostHog server and reset it between tests.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
