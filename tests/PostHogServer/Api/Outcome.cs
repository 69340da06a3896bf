using PostHogServer.Faults;

namespace PostHogServer.Api;

/// <summary>A handled request: the response and the fault that fired for it, if any.</summary>
public sealed record Outcome(ApiResult Result, FaultRule? Fault);
