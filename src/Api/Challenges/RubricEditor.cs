using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Challenges;

/// <summary>
/// The rubric's rows in the challenge form. Without JavaScript "Add a criterion" and "Remove" post the form, which comes
/// back with a row more or less; with it, /site/rubric.js does the same in place and keeps the weights' sum as you type.
/// </summary>
public static class RubricEditor
{
    public static string Render(ChallengeForm form, string? rubricError, string? weightError)
    {
        var sum = form.WeightSum;
        var rows = Join(form.Rubric.Select((row, i) => (row, i)), x => Row(x.row, x.i, weightError is not null));
        return $"""
            <fieldset class="rubric" data-rubric data-max="{ChallengeForm.MaxCriteria}" aria-describedby="rubric-hint">
            <legend>Rubric</legend>
            <p class="hint" id="rubric-hint">Up to {ChallengeForm.MaxCriteria} criteria. A key is lowercase letters, digits and hyphens; a weight is the criterion's share of the score, and the weights add up to 1.</p>
            {FieldError("rubric-error", rubricError)}
            <div data-rows>{rows}</div>
            <p class="sum" id="weight-sum" role="status">The weights add up to {Number(sum, "0.###")}.</p>
            {FieldError("weight-error", weightError)}
            <button type="submit" class="secondary" name="action" value="add-row" formnovalidate data-add{(form.Rubric.Count >= ChallengeForm.MaxCriteria ? " disabled" : "")}>Add a criterion</button>
            </fieldset>
            """;
    }

    /// <summary>An error shown at its field, which names it in aria-describedby; an empty, hidden one for the script to fill.</summary>
    public static string FieldError(string id, string? message) => message is null
        ? $"<p class=\"problem field-error\" id=\"{id}\" hidden></p>"
        : $"<p class=\"problem field-error\" id=\"{id}\" role=\"alert\">{E(message)}</p>";

    private static string Row(CriterionRow row, int i, bool weightInvalid)
    {
        string Id(string part) => $"criteria-{i}-{part}";
        string Name(string part) => $"criteria[{i}].{part}";
        string Label(string part, string text) =>
            $"<label for=\"{Id(part)}\" data-for=\"{part}\">{text}<span class=\"visually-hidden\"> of criterion <span data-ordinal>{i + 1}</span></span></label>";
        return $"""
            <div class="criterion" data-row>
            <div class="field">{Label("key", "Key")}<input id="{Id("key")}" name="{Name("key")}" data-part="key" value="{E(row.Key)}" maxlength="40" pattern="[a-z0-9]+(-[a-z0-9]+)*" aria-describedby="rubric-error"></div>
            <div class="field grow">{Label("description", "What is looked for")}<input id="{Id("description")}" name="{Name("description")}" data-part="description" value="{E(row.Description)}" maxlength="500" aria-describedby="rubric-error"></div>
            <div class="field">{Label("weight", "Weight")}<input id="{Id("weight")}" name="{Name("weight")}" data-part="weight" value="{E(row.Weight)}" inputmode="decimal" size="5" aria-describedby="weight-sum weight-error"{(weightInvalid ? " aria-invalid=\"true\"" : "")}></div>
            <button type="submit" class="link" name="action" value="remove-{i}" formnovalidate data-remove>Remove<span class="visually-hidden"> criterion <span data-ordinal>{i + 1}</span></span></button>
            </div>
            """;
    }
}
