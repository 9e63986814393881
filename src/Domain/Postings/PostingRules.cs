using Marketplace.Domain.Common;
using Wolverine;

namespace Marketplace.Domain.Postings;

public static class PostingRules
{
    public const int DefaultLifetimeDays = 60;
    public const int MaxLifetimeDays = 365;
    public const int MaxDescriptionLength = 20_000;

    public static void Validate(PostingDetails details)
    {
        Input.Text("title", details.Title, 3, 140);
        Input.Text("role", details.Role, 2, 80);
        Input.OptionalText("location", details.Location, 120);
        Input.Text("description", details.Description, 20, MaxDescriptionLength);
        Input.Range("openings", details.Openings, 1, 500);
        if (details.Skills.Count is < 1 or > 10)
            throw new ValidationFailed("skills", "skills must name between 1 and 10 skills from the catalogue.");
        foreach (var skill in details.Skills) Input.Slug("skills", skill);
        if (details.Skills.Distinct().Count() != details.Skills.Count)
            throw new ValidationFailed("skills", "skills must not repeat a skill.");
        if (details.Salary is { } salary)
        {
            Input.Range("salary.min", salary.Min, 0, 10_000_000);
            Input.Range("salary.max", salary.Max, 0, 10_000_000);
            if (salary.Min > salary.Max) throw new ValidationFailed("salary", "salary.min must not exceed salary.max.");
            if (salary.Currency.Length != 3 || !salary.Currency.All(char.IsAsciiLetterUpper))
                throw new ValidationFailed("salary.currency", "salary.currency must be a three-letter ISO 4217 code such as EUR.");
        }
    }

    /// <summary>The company that owns a posting is the only one that may change it.</summary>
    public static Posting OwnedBy(this Posting? posting, Guid companyId, Guid postingId)
    {
        if (posting is null) throw new NotFound("Posting", postingId);
        if (posting.CompanyId != companyId) throw new Forbidden("Only the company that owns this posting may change it.");
        return posting;
    }

    public static DateOnly ExpiryFrom(DateOnly? requested, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var expiresOn = requested ?? today.AddDays(DefaultLifetimeDays);
        if (expiresOn < today || expiresOn > today.AddDays(MaxLifetimeDays))
            throw new ValidationFailed("expiresOn", $"expiresOn must be between today and {MaxLifetimeDays} days from now.");
        return expiresOn;
    }

    /// <summary>A posting stays open through its expiry date (UTC) and closes when the next day begins.</summary>
    public static DateTimeOffset ClosesAt(DateOnly expiresOn) =>
        new(expiresOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The expiry a posting schedules whenever it opens, tagged with that opening's generation.</summary>
    public static OutgoingMessages ScheduleExpiry(Guid postingId, int generation, DateOnly expiresOn)
    {
        var messages = new OutgoingMessages();
        messages.Schedule(new ExpirePosting(postingId, generation), ClosesAt(expiresOn));
        return messages;
    }
}
