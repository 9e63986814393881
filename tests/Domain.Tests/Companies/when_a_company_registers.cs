using Marketplace.Domain.Common;
using Marketplace.Domain.Companies;
using Shouldly;

namespace Marketplace.Domain.Tests.Companies;

public class when_a_company_registers
{
    private static readonly Guid CompanyId = Guid.Parse("0197f000-0000-7000-8000-00000000c0de");

    [Fact]
    public void a_free_slug_starts_the_company_s_stream() =>
        RegisterCompanyHandler.Handle(new RegisterCompany(CompanyId, "  Acme Logistics ", "acme-logistics", "https://acme.example"), DateTimeOffset.UtcNow)
            .Item1.Events.ShouldBe([new CompanyRegistered(CompanyId, "Acme Logistics", "acme-logistics", "https://acme.example")]);

    [Fact]
    public void a_taken_slug_is_refused_and_names_the_field()
    {
        var refused = Should.Throw<ValidationFailed>(() =>
            RegisterCompanyHandler.Handle(new RegisterCompany(CompanyId, "Acme Logistics", "acme-logistics", null, SlugTaken: true), DateTimeOffset.UtcNow));
        refused.Field.ShouldBe("slug");
        refused.Message.ShouldBe("The slug 'acme-logistics' is taken.");
    }
}
