using System.Net.Mail;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Candidates;

public static class CandidateRules
{
    public static void Validate(CandidateProfile profile)
    {
        Input.Text("displayName", profile.DisplayName, 2, 80);
        Input.OptionalText("headline", profile.Headline, 140);
        if (profile.Email.Length > 254 || !MailAddress.TryCreate(profile.Email, out var address) || address.Address != profile.Email)
            throw new ValidationFailed("email", "email must be a valid address.");
        if (profile.Skills.Count > 20) throw new ValidationFailed("skills", "skills may name at most 20 skills.");
        foreach (var skill in profile.Skills) Input.Slug("skills", skill);
    }
}
