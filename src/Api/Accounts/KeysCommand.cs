using JasperFx.CommandLine;

namespace Marketplace.Api.Accounts;

public sealed class KeysInput : NetCoreInput
{
    [Description("rotate: add a new signing key and a new encryption key")]
    public string Action { get; set; } = "rotate";

    [Description("Sign with the new key at once (every node must restart first) instead of an hour later")]
    public bool NowFlag { get; set; }
}

/// <summary>
/// Rotates the built-in provider's keys (docs/adr/0025). The old keys stay published and accepted, so tokens signed
/// with them stay valid until they expire: a rotation logs nobody out.
/// </summary>
[Description("Rotates the built-in provider's signing and encryption keys", Name = "keys")]
public sealed class KeysCommand : JasperFxAsyncCommand<KeysInput>
{
    public override async Task<bool> Execute(KeysInput input)
    {
        if (input.Action != "rotate")
        {
            Console.Error.WriteLine($"keys knows one action, rotate; got '{input.Action}'.");
            return false;
        }
        using var host = input.BuildHost();
        using var scope = host.Services.CreateScope();
        var delay = input.NowFlag ? TimeSpan.Zero : KeyRing.PublishedBeforeUse;
        await KeyRing.Rotate(scope.ServiceProvider.GetRequiredService<AccountsDb>(), delay);
        Console.WriteLine(input.NowFlag
            ? "New keys added, in use from now on by every node that starts; the old ones stay published and accepted."
            : $"New keys added: published by every node that starts from now on, used for signing from {DateTimeOffset.UtcNow + delay:u}; the old ones stay published and accepted.");
        return true;
    }
}
