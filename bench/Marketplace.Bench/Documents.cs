namespace Marketplace.Bench;

/// <summary>The GraphQL documents the bench sends (docs/schema.graphql).</summary>
public static class Documents
{
    public const string RegisterCompany =
        "mutation($input: RegisterCompanyInput!) { registerCompany(input: $input) { company { id } } }";

    public const string DraftPosting =
        "mutation($input: DraftPostingInput!) { draftPosting(input: $input) { posting { id } } }";

    public const string PublishPosting =
        "mutation($input: PublishPostingInput!) { publishPosting(input: $input) { posting { id status } } }";

    public const string DraftChallenge =
        "mutation($input: DraftChallengeInput!) { draftChallenge(input: $input) { challenge { id } } }";

    public const string PublishChallenge =
        "mutation($input: ChallengeIdInput!) { publishChallenge(input: $input) { challenge { id status } } }";

    public const string RegisterCandidate =
        "mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { candidate { id } } }";

    public const string ApplyToPosting =
        "mutation($input: ApplyToPostingInput!) { applyToPosting(input: $input) { application { id stage status } } }";

    public const string SubmitToChallenge =
        "mutation($input: SubmitToChallengeInput!) { submitToChallenge(input: $input) { submission { id attempt status } } }";

    public const string UpdateCandidateProfile =
        "mutation($input: UpdateCandidateProfileInput!) { updateCandidateProfile(input: $input) { candidate { id } } }";

    public const string AdvanceApplication =
        "mutation($input: AdvanceApplicationInput!) { advanceApplication(input: $input) { application { id stage } } }";

    public const string SubmissionReview =
        "subscription($id: ID!) { submissionReview(id: $id) { kind criterion { key score } submission { id status } } }";

    public const string MyApplications = "subscription { myApplications { kind application { id stage } } }";

    public const string CompanyApplications =
        "subscription($postingId: ID) { companyApplications(postingId: $postingId) { kind application { id stage } } }";

    public const string PostingById =
        "query($id: ID!) { posting(id: $id) { id title role seniority skills remotePolicy status publishedAt " +
        "salary { min max currency } company { name } } }";

    public const string SkillHub =
        "query($slug: String!) { skill(slug: $slug) { name summary openPostingCount openChallengeCount " +
        "openPostings(first: 20) { totalCount edges { node { id title seniority remotePolicy company { name } } } } " +
        "openChallenges(first: 20) { totalCount edges { node { id title difficulty } } } } }";

    public const string PostingSearch =
        "query($filter: PostingFilter) { postings(filter: $filter, first: 20) { totalCount pageInfo { hasNextPage endCursor } " +
        "edges { node { id title role seniority remotePolicy salary { min max currency } company { name } } } } }";

    /// <summary>The board's first page as a visitor opens it: no filter, newest first.</summary>
    public const string PostingsFirstPage =
        "query { postings(first: 20) { totalCount pageInfo { hasNextPage endCursor } " +
        "edges { node { id title role seniority remotePolicy salary { min max currency } company { name } } } } }";

    public const string HiringFunnel =
        "query($filter: FunnelFilter!) { hiringFunnel(filter: $filter) { groups { key applications " +
        "stages { stage reached entered passThrough medianHoursInStage p90HoursInStage } " +
        "dropOff { stage rejected withdrawn } medianDaysToHire offerAcceptanceRate } } }";
}
