namespace Marketplace.Domain.Common;

/// <summary>
/// The one family of business failures. The GraphQL edge maps <see cref="Code"/> to <c>extensions.code</c>.
/// </summary>
public abstract class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

public sealed class RuleViolation(string message) : DomainException("RULE_VIOLATION", message);

public sealed class NotFound(string what, Guid id) : DomainException("NOT_FOUND", $"{what} {id} was not found.");

public sealed class Forbidden(string message) : DomainException("FORBIDDEN", message);

public sealed class Conflict(long currentVersion)
    : DomainException("CONFLICT", $"The object has changed: its current version is {currentVersion}.")
{
    public long CurrentVersion { get; } = currentVersion;
}

public sealed class ValidationFailed(string field, string message) : DomainException("VALIDATION_FAILED", message)
{
    public string Field { get; } = field;
}

/// <summary>The candidate has an active application to this posting already; names it.</summary>
public sealed class AlreadyApplied(Guid applicationId)
    : DomainException("ALREADY_APPLIED", $"You have already applied to this posting: application {applicationId}.")
{
    public Guid ApplicationId { get; } = applicationId;
}

/// <summary>An idempotency key sent again with a different input: the first use stands.</summary>
public sealed class IdempotencyKeyReused(string operation)
    : DomainException("CONFLICT", $"This idempotency key was used for a different {operation} request; use a new key for a new request.");
