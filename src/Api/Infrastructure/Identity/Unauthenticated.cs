using Marketplace.Domain.Common;

namespace Marketplace.Api.Infrastructure.Identity;

public sealed class Unauthenticated() : DomainException("UNAUTHENTICATED", "Sign in first: this needs a bearer token.");
